"""Meetings' documents: the decision register (filters of the screen) and a meeting's
minutes (an element | content table, the process card's shape), for the one XLSX, DOCX
and PDF writers. The register's columns are defined here once."""
from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .columns import PROCESS_CARD_COLUMNS, Column, Kind, Table
from .common import title_block

DECISION_COLUMNS = [
    Column("meeting", gettext_lazy("Meeting"), Kind.TEXT, 26),
    Column("number", gettext_lazy("Decision №"), Kind.TEXT, 8),
    Column("text", gettext_lazy("Decision"), Kind.TEXT, 50),
    Column("responsible", gettext_lazy("Responsible"), Kind.TEXT, 26),
    Column("due_date", gettext_lazy("Due date"), Kind.DATE, 12),
    Column("status", gettext_lazy("Status"), Kind.TEXT, 14),
    Column("completed_on", gettext_lazy("Completed on"), Kind.DATE, 12),
]


def decision_row(d, today) -> dict:
    status = d.get_status_display()
    if d.is_overdue_on(today):
        status = f"{status} ({_('overdue')})"
    responsible = d.responsible_display
    if d.responsible_unit_id:
        responsible = "; ".join(filter(None, [responsible, d.responsible_unit.label]))
    m = d.meeting
    return {
        "meeting": f"{m.body.label} № {m.number}, {m.held_on:%d.%m.%Y}",
        "number": d.number, "text": d.tr.text, "responsible": responsible,
        "due_date": d.due_date, "status": status, "completed_on": d.completed_on,
    }


def _rows(decisions, today):
    for d in decisions.iterator(chunk_size=500) if hasattr(decisions, "iterator") else decisions:
        yield decision_row(d, today)


def decision_register_table(*, person, params=None, stream: bool = False) -> Table:
    from django.utils import timezone

    from sapat.meetings.register import filtered_decisions

    today = timezone.localdate()
    decisions = filtered_decisions(person, params or {})
    rows = _rows(decisions, today) if stream else [decision_row(d, today) for d in decisions]
    return Table(key="decisions", title=_("Decision register"), columns=DECISION_COLUMNS,
                 rows=rows, title_block=title_block(person=person,
                                                    unit=getattr(person, "unit", None)),
                 filename="decisions")


def count_decisions(*, person, params=None) -> int:
    from sapat.meetings.register import filtered_decisions

    return filtered_decisions(person, params or {}).count()


def minutes_rows(meeting, agenda, attendance, decisions) -> list[dict]:
    present = [str(a.person) for a in attendance if a.present]
    absent = [f"{a.person}{f' ({a.note})' if a.note else ''}" for a in attendance
              if not a.present]
    rows = [
        {"element": _("Body"), "content": f"{meeting.body.label} — {meeting.body.unit.label}"},
        {"element": _("Minutes №"), "content": meeting.number},
        {"element": _("Date"), "content": meeting.held_on},
    ]
    if meeting.place:
        rows.append({"element": _("Place"), "content": meeting.tr.place})
    if meeting.title:
        rows.append({"element": _("Title"), "content": meeting.tr.title})
    rows += [
        {"element": _("Chair"), "content": str(meeting.chair or "—")},
        {"element": _("Secretary"),
         "content": str(meeting.secretary or meeting.body.secretary or "—")},
        {"element": _("Present"), "content": "\n".join(present) or "—"},
        {"element": _("Absent"), "content": "\n".join(absent) or "—"},
        {"element": _("Agenda"),
         "content": "\n".join(f"{i.order}. {i.tr.title}" for i in agenda) or "—"},
        {"element": _("Minutes"), "content": meeting.tr.minutes or "—"},
    ]
    for d in decisions:
        due = f"{d.due_date:%d.%m.%Y}" if d.due_date else "—"
        rows.append({
            "element": _("Decision № %(n)s") % {"n": d.number},
            "content": f"{d.tr.text}\n{_('Responsible')}: {d.responsible_display or '—'}"
                       f"\n{_('Due date')}: {due}",
        })
    return rows


def minutes_table(*, meeting_id, person) -> Table:
    """The minutes of meeting `meeting_id`, for a person who may read the meeting."""
    from django.db.models import Prefetch

    from sapat.meetings import permissions
    from sapat.org.models import Position

    try:
        meeting = permissions.meeting_for(person, int(meeting_id))
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    agenda = list(meeting.agenda.live())
    attendance = list(meeting.attendance.select_related("person"))
    decisions = list(meeting.decisions.live().prefetch_related(
        "responsible_people",
        Prefetch("responsible_positions", Position.objects.select_related("unit"))))
    return Table(key="minutes", title=_("Minutes of the meeting"),
                 columns=PROCESS_CARD_COLUMNS,
                 rows=minutes_rows(meeting, agenda, attendance, decisions),
                 title_block=title_block(person=person, unit=meeting.body.unit),
                 landscape=False, filename=f"minutes-{meeting.pk}")
