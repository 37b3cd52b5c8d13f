"""The registers of nonconformities and of corrective actions (regulation §8.4): the
screen's filters, columns defined once, for XLSX, DOCX and PDF in ky, ru and en."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .columns import Column, Kind, Table
from .common import title_block

NONCONFORMITY_COLUMNS = [
    Column("code", gettext_lazy("No."), Kind.TEXT, 10),
    Column("reported_on", gettext_lazy("Reported"), Kind.DATE, 11),
    Column("unit", gettext_lazy("Unit"), Kind.TEXT, 20),
    Column("process", gettext_lazy("Process"), Kind.TEXT, 18),
    Column("clause", gettext_lazy("ISO 9001 clause"), Kind.TEXT, 9),
    Column("source", gettext_lazy("Source"), Kind.TEXT, 14),
    Column("grade", gettext_lazy("Grade"), Kind.TEXT, 14),
    Column("description", gettext_lazy("Nonconformity"), Kind.TEXT, 40),
    Column("cause", gettext_lazy("Root cause"), Kind.TEXT, 26),
    Column("step", gettext_lazy("Step"), Kind.TEXT, 16),
    Column("age", gettext_lazy("Age (days)"), Kind.INT, 9),
    Column("open_actions", gettext_lazy("Open actions"), Kind.INT, 9),
    Column("overdue_actions", gettext_lazy("Overdue actions"), Kind.INT, 9),
]

ACTION_COLUMNS = [
    Column("nonconformity", gettext_lazy("Nonconformity"), Kind.TEXT, 10),
    Column("unit", gettext_lazy("Unit"), Kind.TEXT, 20),
    Column("text", gettext_lazy("Corrective action"), Kind.TEXT, 44),
    Column("responsible", gettext_lazy("Responsible"), Kind.TEXT, 24),
    Column("due_date", gettext_lazy("Due date"), Kind.DATE, 11),
    Column("status", gettext_lazy("Status"), Kind.TEXT, 12),
    Column("completed_on", gettext_lazy("Completed on"), Kind.DATE, 11),
    Column("overdue", gettext_lazy("Overdue (days)"), Kind.INT, 9),
]


def _labels(choices) -> dict:
    """A field's choices as plain strings in the export's language, read once per export
    (`get_FOO_display` per cell hashes the lazy labels again every time)."""
    return {value: str(label) for value, label in choices}


def nonconformity_rows(ncs, today):
    from sapat.improvement.models import CauseCategory, Nonconformity, Step

    sources, grades = _labels(Nonconformity.Source.choices), _labels(Nonconformity.Grade.choices)
    steps, categories = _labels(Step.choices), _labels(CauseCategory.choices)
    for nc in ncs:
        cause = _cause_of(nc)
        yield {
            "code": nc.code + (" ↻" if nc.recurrence_of_id else ""),
            "reported_on": nc.reported_on,
            "unit": nc.unit.label,
            "process": nc.process.label if nc.process_id else "",
            "clause": nc.clause.code if nc.clause_id else "",
            "source": sources.get(nc.source, nc.source),
            "grade": grades.get(nc.grade, nc.grade),
            "description": nc.text_in("description"),
            "cause": (f"{cause.text_in('root_cause')} ({categories.get(cause.category, '')})"
                      if cause is not None else ""),
            "step": steps.get(nc.state, nc.state),
            "age": nc.age_days(today),
            "open_actions": nc.open_actions,
            "overdue_actions": nc.overdue_actions,
        }


def _cause_of(nc):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return nc.cause
    except ObjectDoesNotExist:
        return None


def nonconformities_table(*, person, params=None, stream: bool = False) -> Table:
    from sapat.improvement import filters

    today = timezone.localdate()
    _form, qs = filters.nonconformities(person, params or {}, today)
    qs = filters.with_counts(qs, today).order_by("number")
    records = qs.iterator(chunk_size=500) if stream else list(qs)
    result = nonconformity_rows(records, today)
    return Table(
        key="nonconformities", title=_("Register of nonconformities"),
        columns=NONCONFORMITY_COLUMNS, rows=result if stream else list(result),
        title_block=title_block(person=person), filename="nonconformities",
    )


def actions_table(*, person, params=None, stream: bool = False) -> Table:
    from sapat.improvement import filters
    from sapat.improvement.models import CorrectiveAction

    today = timezone.localdate()
    _form, qs = filters.actions(person, params or {}, today)
    qs = (qs.select_related("nonconformity__unit").prefetch_related("responsible_people")
          .order_by("due_date", "pk"))
    records = qs.iterator(chunk_size=500) if stream else list(qs)
    statuses = _labels(CorrectiveAction.Status.choices)

    def rows():
        for a in records:
            overdue = (today - a.due_date).days if a.is_overdue_on(today) else None
            people = "; ".join(str(p) for p in a.responsible_people.all())
            yield {
                "nonconformity": a.nonconformity.code,
                "unit": a.nonconformity.unit.label,
                "text": a.text_in("text"),
                "responsible": people or a.text_in("responsible_text"),
                "due_date": a.due_date,
                "status": statuses.get(a.status, a.status),
                "completed_on": a.completed_on,
                "overdue": overdue,
            }

    result = rows()
    return Table(
        key="corrective-actions", title=_("Register of corrective actions"),
        columns=ACTION_COLUMNS, rows=result if stream else list(result),
        title_block=title_block(person=person), filename="corrective-actions",
    )


def count(name: str, *, person, params=None) -> int:
    from sapat.improvement import filters

    today = timezone.localdate()
    if name == "nonconformities":
        return filters.nonconformities(person, params or {}, today)[1].count()
    return filters.actions(person, params or {}, today)[1].count()
