"""Who may do what with meetings and decisions — on top of `sapat.org.access`.

- Reading a meeting: whoever reads the body's unit (the rector and the Academic Council
  read the whole university; a department reads its own meetings), the body's members
  (a council member sees the council's meetings through membership alone), and the
  secretaries.
- Recording a meeting (agenda, attendance, documents, minutes, decisions): the meeting's
  secretary, the body's secretary, and whoever may update records of the body's unit
  (the QMS office, directors and heads in their units).
- A decision is read also by the people it is assigned to and by those who read its
  responsible unit (heads see their units' decisions); its progress (start, complete
  with evidence, cancel, reopen) is theirs and the recorders'.
- Bodies themselves are configured by the QMS office.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sapat.org.access import Action, may, may_configure, scope_q

from .models import Body, Decision, Meeting


def _signed_in(person) -> bool:
    return person is not None and person.is_authenticated and person.is_active


def _member_ids(body) -> set[int]:
    # Prefetched members cost no query; otherwise one.
    return {p.pk for p in body.members.all()}


def is_secretary(person, meeting: Meeting) -> bool:
    return _signed_in(person) and person.pk in (meeting.secretary_id, meeting.body.secretary_id)


def may_read_meeting(person, meeting: Meeting) -> bool:
    if not _signed_in(person):
        return False
    return (may(person, Action.READ, meeting.body.unit) or is_secretary(person, meeting)
            or person.pk in _member_ids(meeting.body))


def may_record(person, meeting: Meeting) -> bool:
    """Agenda, attendance, documents, minutes and decisions of `meeting`."""
    if not _signed_in(person) or meeting.is_archived:
        return False
    return is_secretary(person, meeting) or may(person, Action.UPDATE, meeting.body.unit)


def may_create_meeting(person, body: Body) -> bool:
    if not _signed_in(person) or body.is_archived:
        return False
    return person.pk == body.secretary_id or may(person, Action.CREATE, body.unit)


def bodies_for_new_meeting(person):
    """The bodies `person` may open a meeting of."""
    if not _signed_in(person):
        return Body.objects.none()
    return Body.objects.live().filter(scope_q(person, Action.CREATE) | Q(secretary=person))


def may_configure_bodies(person) -> bool:
    """The QMS office keeps the bodies (in the units it configures)."""
    return _signed_in(person) and may_configure(person)


def may_configure_body(person, unit) -> bool:
    """Adding, editing or archiving a body of `unit`."""
    return _signed_in(person) and may(person, Action.CONFIGURE, unit)


def bodies_configured_by(person):
    """The live bodies `person` keeps."""
    if not _signed_in(person):
        return Body.objects.none()
    return Body.objects.live().filter(scope_q(person, Action.CONFIGURE, "unit"))


def meetings_q(person, prefix: str = "") -> Q:
    """Meetings `person` reads (no query beyond the person's grants)."""
    if not _signed_in(person):
        return Q(pk__in=[])
    p = prefix
    return (scope_q(person, Action.READ, f"{p}body__unit")
            | Q(**{f"{p}secretary_id": person.pk}) | Q(**{f"{p}body__secretary_id": person.pk})
            | Q(**{f"{p}body__in": Body.members.through.objects.filter(
                person_id=person.pk).values("body_id")}))


def meetings_visible_to(person):
    return Meeting.objects.live().filter(meetings_q(person))


def is_responsible(person, decision: Decision) -> bool:
    """Is the decision assigned to `person`, directly or by a position they hold?"""
    if not _signed_in(person):
        return False
    return (Decision.objects.filter(pk=decision.pk).assigned_to(person).exists())


def decisions_q(person) -> Q:
    if not _signed_in(person):
        return Q(pk__in=[])
    people = Decision.responsible_people.through
    positions = Decision.responsible_positions.through
    return (meetings_q(person, "meeting__")
            | scope_q(person, Action.READ, "responsible_unit")
            | Q(pk__in=people.objects.filter(person_id=person.pk).values("decision_id"))
            | Q(pk__in=positions.objects.filter(position__holder_id=person.pk)
                .values("decision_id")))


def decisions_visible_to(person):
    return Decision.objects.live().filter(decisions_q(person))


def may_read_decision(person, decision: Decision) -> bool:
    if not _signed_in(person):
        return False
    return (may_read_meeting(person, decision.meeting)
            or (decision.responsible_unit_id is not None
                and may(person, Action.READ, decision.responsible_unit))
            or is_responsible(person, decision))


def may_progress(person, decision: Decision) -> bool:
    """Start, complete (with evidence), cancel or reopen `decision`."""
    if not _signed_in(person) or decision.is_archived:
        return False
    return (may_record(person, decision.meeting)
            or (decision.responsible_unit_id is not None
                and may(person, Action.UPDATE, decision.responsible_unit))
            or is_responsible(person, decision))


def meeting_for(person, pk: int) -> Meeting:
    """The meeting `pk` if `person` may read it; else 404."""
    meeting = (Meeting.objects.live().with_body().prefetch_related("body__members")
               .filter(pk=pk).first())
    if meeting is None or not may_read_meeting(person, meeting):
        raise Http404
    return meeting


def require_record(person, meeting: Meeting) -> None:
    if not may_record(person, meeting):
        raise PermissionDenied


def decision_for(person, pk: int) -> Decision:
    decision = (Decision.objects.live().select_related(
        "meeting__body__unit", "responsible_unit").prefetch_related("meeting__body__members")
        .filter(pk=pk).first())
    if decision is None or not may_read_decision(person, decision):
        raise Http404
    return decision


def require_progress(person, decision: Decision) -> None:
    if not may_progress(person, decision):
        raise PermissionDenied


def may_see_body(person, body: Body) -> bool:
    """Does `person` know of `body` (reads its unit, is its secretary or a member)?"""
    if not _signed_in(person):
        return False
    return (may(person, Action.READ, body.unit) or person.pk == body.secretary_id
            or body.members.filter(pk=person.pk).exists())


def may_record_somewhere(person) -> bool:
    """May `person` record any meeting (a menu entry; the API's first question)?"""
    if not _signed_in(person):
        return False
    from sapat.org.access import may_anywhere

    return (may_anywhere(person, Action.UPDATE)
            or Body.objects.live().filter(secretary_id=person.pk).exists()
            or Meeting.objects.live().filter(secretary_id=person.pk).exists())
