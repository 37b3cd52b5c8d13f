"""Who may do what with nonconformities — on top of `sapat.org.access`.

- The QMS office manages: records any nonconformity, judges effectiveness, closes.
- Heads and service heads (and directors) run the corrective action of the units they
  edit (Appendix 7): correction, decision, cause, actions, the risk decision.
- Anyone with a role reports a nonconformity they see in a unit they read.
- The people responsible for a corrective action complete it with its evidence.
- The person named to review effectiveness judges it.
- The rector and the Academic Council read everything of their university.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sapat.org.access import Action, may, may_configure, scope_q

from .models import CorrectiveAction, EffectivenessReview, Nonconformity


def may_manage(person) -> bool:
    """The QMS office's work: judging effectiveness, closing, any unit's records."""
    return may_configure(person)


def may_report(person, unit) -> bool:
    """Anyone with a role who reads the unit reports a nonconformity there."""
    return may(person, Action.READ, unit)


def may_run(person, nc: Nonconformity) -> bool:
    """Correction, decision, cause, actions and the risk decision: the unit's editors."""
    return not nc.is_closed and (may(person, Action.UPDATE, nc.unit) or may_manage(person))


def may_judge(person, nc: Nonconformity, review: EffectivenessReview | None) -> bool:
    if nc.is_closed or review is None or review.verdict:
        return False
    if person.is_authenticated and review.reviewer_id == person.pk:
        return True
    return may_manage(person) and may(person, Action.UPDATE, nc.unit)


def may_close(person, nc: Nonconformity) -> bool:
    return may_manage(person) and may(person, Action.UPDATE, nc.unit)


def is_responsible_for(person, action: CorrectiveAction) -> bool:
    if person is None or not person.is_authenticated:
        return False
    return CorrectiveAction.objects.filter(pk=action.pk).assigned_to(person).exists()


def may_complete(person, action: CorrectiveAction) -> bool:
    """Progress and completion with evidence: the unit's editors and the responsible."""
    if not action.is_open or action.nonconformity.is_closed:
        return False
    return may_run(person, action.nonconformity) or is_responsible_for(person, action)


def _responsible_q(person) -> Q:
    if person is None or not person.is_authenticated:
        return Q(pk__in=[])
    mine = CorrectiveAction.objects.live().assigned_to(person).values("nonconformity_id")
    return Q(pk__in=mine)


def nonconformities_visible_to(person):
    """Live nonconformities of the units `person` reads, and those they act on or review."""
    if person.is_authenticated and person.is_superuser:
        return Nonconformity.objects.live()
    if not person.is_authenticated:
        return Nonconformity.objects.none()
    reviews = EffectivenessReview.objects.filter(reviewer=person).values("nonconformity_id")
    q = scope_q(person, Action.READ, "unit") | _responsible_q(person) | Q(pk__in=reviews)
    return Nonconformity.objects.live().filter(q)


def actions_visible_to(person):
    return CorrectiveAction.objects.live().filter(
        nonconformity__in=nonconformities_visible_to(person).values("pk"))


def nonconformity_for(person, pk: int) -> Nonconformity:
    nc = (
        nonconformities_visible_to(person)
        .select_related("unit", "process", "clause", "indicator", "finding__question__audit",
                        "reported_by", "closed_by", "recurrence_of")
        .filter(pk=pk).first()
    )
    if nc is None:
        raise Http404
    return nc


def action_for(person, pk: int) -> CorrectiveAction:
    action = (
        actions_visible_to(person).select_related("nonconformity__unit").filter(pk=pk).first()
    )
    if action is None:
        raise Http404
    return action


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
