"""Workflows of meetings: open a meeting, record its agenda, attendance, documents and
minutes, and follow its decisions until done. Each is keyword-only, validated and atomic;
a wrong transition or a stale version raises and writes nothing."""
from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sapat.lib.locking import save_versioned
from sapat.org.models import Person, Position, Unit

from . import permissions
from .models import AgendaItem, Attendance, Body, Decision, Meeting, MeetingDocument

MEETING_FIELDS = frozenset({"number", "held_on", "title", "place", "status", "chair",
                            "secretary", "minutes", *Meeting.translation_fields()})
DECISION_FIELDS = frozenset({"number", "text", "due_date", "responsible_unit",
                             "responsible_text", "agenda_item",
                             *Decision.translation_fields()})


def _by(instance, by):
    instance._history_user = by
    return instance


def _check(changes: dict, allowed: frozenset) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"not settable here: {', '.join(sorted(unknown))}")


@transaction.atomic
def meeting_create(*, by: Person, body: Body, number: str, held_on: datetime.date,
                   **fields) -> Meeting:
    """Open a meeting of `body`: its secretary or an editor of the body's unit."""
    if not permissions.may_create_meeting(by, body):
        raise PermissionDenied
    _check(fields, MEETING_FIELDS)
    meeting = Meeting(body=body, number=number, held_on=held_on, created_by=by, **fields)
    meeting.full_clean()
    _by(meeting, by).save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: Person, expected_version: int,
                   **changes) -> Meeting:
    """Edit a meeting and its minutes (the recorders)."""
    permissions.require_record(by, meeting)
    _check(changes, MEETING_FIELDS)
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    save_versioned(_by(meeting, by), expected_version)
    return meeting


@transaction.atomic
def meeting_archive(*, meeting: Meeting, by: Person) -> Meeting:
    permissions.require_record(by, meeting)
    _by(meeting, by).archive()
    return meeting


@transaction.atomic
def agenda_add(*, meeting: Meeting, by: Person, title: str, title_ru: str = "",
               title_en: str = "", speaker: Person | None = None,
               order: int | None = None) -> AgendaItem:
    permissions.require_record(by, meeting)
    if order is None:
        order = meeting.agenda.live().count() + 1
    item = AgendaItem(meeting=meeting, order=order, title=title, title_ru=title_ru,
                      title_en=title_en, speaker=speaker)
    item.full_clean()
    _by(item, by).save()
    return item


@transaction.atomic
def agenda_archive(*, item: AgendaItem, by: Person) -> AgendaItem:
    permissions.require_record(by, item.meeting)
    _by(item, by).archive()
    return item


@transaction.atomic
def attendance_set(*, meeting: Meeting, by: Person, person: Person, present: bool = True,
                   note: str = "") -> Attendance:
    """Mark `person` present or absent (adds them to the list the first time)."""
    permissions.require_record(by, meeting)
    row = Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
    if row is None:
        row = Attendance(meeting=meeting, person=person, present=present, note=note)
        row.full_clean(validate_unique=False)
        _by(row, by).save()
        return row
    if row.present != present or row.note != note:
        row.present, row.note = present, note
        row.version += 1
        _by(row, by).save()
    return row


@transaction.atomic
def attendance_remove(*, row: Attendance, by: Person) -> None:
    permissions.require_record(by, row.meeting)
    _by(row, by).delete()


@transaction.atomic
def document_add(*, meeting: Meeting, by: Person, title: str, file) -> MeetingDocument:
    permissions.require_record(by, meeting)
    doc = MeetingDocument(meeting=meeting, title=title, file=file, uploaded_by=by)
    doc.full_clean()
    _by(doc, by).save()
    return doc


@transaction.atomic
def document_archive(*, document: MeetingDocument, by: Person) -> MeetingDocument:
    permissions.require_record(by, document.meeting)
    _by(document, by).archive()
    return document


def _set_responsible(decision, positions, people) -> None:
    if positions is not None:
        decision.responsible_positions.set(positions)
    if people is not None:
        decision.responsible_people.set(people)


@transaction.atomic
def decision_create(*, meeting: Meeting, by: Person, number: str, text: str,
                    positions: Iterable[Position] | None = None,
                    people: Iterable[Person] | None = None,
                    responsible_unit: Unit | None = None, **fields) -> Decision:
    """Record a decision of `meeting` with who does it and by when."""
    permissions.require_record(by, meeting)
    _check(fields, DECISION_FIELDS)
    decision = Decision(meeting=meeting, number=number, text=text, created_by=by,
                        responsible_unit=responsible_unit, **fields)
    if decision.agenda_item_id and decision.agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("The item is on another meeting's agenda.")})
    decision.full_clean()
    _by(decision, by).save()
    _set_responsible(decision, positions, people)
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, by: Person, expected_version: int,
                    positions: Iterable[Position] | None = None,
                    people: Iterable[Person] | None = None, **changes) -> Decision:
    permissions.require_record(by, decision.meeting)
    _check(changes, DECISION_FIELDS)
    for name, value in changes.items():
        setattr(decision, name, value)
    decision.full_clean()
    from sapat.lib.locking import related_differ

    changed = related_differ(decision, {"responsible_positions": positions,
                                        "responsible_people": people})
    save_versioned(_by(decision, by), expected_version, related_changed=changed)
    _set_responsible(decision, positions, people)
    return decision


@transaction.atomic
def decision_complete(*, decision: Decision, by: Person, expected_version: int,
                      on: datetime.date | None = None, result: str = "",
                      evidence=None) -> Decision:
    """Mark a decision done on a date, with its result and optional evidence file."""
    permissions.require_progress(by, decision)
    if not decision.is_open:
        raise ValidationError({"status": _("Only an open decision can be completed.")})
    decision.complete(on=on or timezone.localdate(), result=result)
    if evidence:
        decision.evidence = evidence
    decision.full_clean()
    save_versioned(_by(decision, by), expected_version)
    return decision


@transaction.atomic
def decision_set_status(*, decision: Decision, by: Person, expected_version: int,
                        status: str) -> Decision:
    """Start, cancel or reopen a decision (completion has `decision_complete`)."""
    permissions.require_progress(by, decision)
    moves = {
        Decision.Status.IN_PROGRESS: (decision.start, (Decision.Status.PLANNED,)),
        Decision.Status.CANCELLED: (decision.cancel, ("planned", "in_progress")),
        Decision.Status.PLANNED: (decision.reopen, ("done", "cancelled", "in_progress")),
    }
    if status not in moves:
        raise ValidationError({"status": _("Unknown status.")})
    move, allowed_from = moves[status]
    if decision.status not in allowed_from:
        raise ValidationError({"status": _("The decision cannot move to this status from "
                                           "its present one.")})
    move()
    decision.full_clean()
    save_versioned(_by(decision, by), expected_version)
    return decision


@transaction.atomic
def decision_archive(*, decision: Decision, by: Person) -> Decision:
    permissions.require_record(by, decision.meeting)
    _by(decision, by).archive()
    return decision


@transaction.atomic
def body_archive(*, body: Body, by: Person) -> Body:
    """Take a body out of use: no new meetings of it; its meetings and decisions stay."""
    if not permissions.may_configure_body(by, body.unit):
        raise PermissionDenied
    _by(body, by).archive()
    return body
