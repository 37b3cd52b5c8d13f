"""The checklist writes itself from the data of what is audited.

For each audited process: its card (inputs, outputs) and each live KPI with its latest
value and status. For each audited unit: each live risk of its passport (highest level
first) and each overdue measure. For each clause in scope: a question on its evidence.
The questions are written in the language of the person generating them; a question
already written from the same record is not written twice, so generating again after
the scope changed only adds what is new.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sapat.lib.numbers import format_decimal

from .models import Audit, ChecklistQuestion

Source = ChecklistQuestion.Source


def _proposals(audit: Audit) -> list[dict]:
    from sapat.processes import health, kpi_status
    from sapat.risks.models import Measure, Risk

    found: list[dict] = []
    clauses = {c.code: c for c in audit.clauses.all()}
    processes = list(audit.processes.all())
    for process in processes:
        found.append(
            {
                "source": Source.PROCESS,
                "source_id": process.pk,
                "clause": clauses.get("8.1") or clauses.get("4.4"),
                "text": _(
                    "Process “%(process)s”: are the inputs (%(inputs)s) received "
                    "and the outputs (%(outputs)s) delivered as the card says? "
                    "Show the records."
                )
                % {
                    "process": process.label,
                    "inputs": process.inputs or "—",
                    "outputs": process.outputs or "—",
                },
            }
        )
    indicators = (
        health.latest_indicators()
        .filter(process__in=processes)
        .order_by("process__number", "order")
    )
    for indicator in indicators:
        state = kpi_status.latest(indicator, indicator.measurements.all())
        unit_of_measure = indicator.measure_unit
        value = (
            "—"
            if state.value is None
            else f"{format_decimal(state.value)} {unit_of_measure}".strip()
        )
        found.append(
            {
                "source": Source.KPI,
                "source_id": indicator.pk,
                "clause": clauses.get("9.1"),
                "text": _(
                    "KPI “%(kpi)s”: target %(target)s, latest value %(value)s "
                    "(%(status)s). How is it measured, analysed and acted on?"
                )
                % {
                    "kpi": indicator.label,
                    "target": f"{format_decimal(indicator.target)} {unit_of_measure}".strip(),
                    "value": value,
                    "status": kpi_status.Status(state.status).label,
                },
            }
        )
    units = list(audit.units.all())
    risks = Risk.objects.live().filter(unit__in=units).with_scoring().select_related("unit")
    for risk in sorted(risks, key=lambda r: (-r.level, r.pk)):
        found.append(
            {
                "source": Source.RISK,
                "source_id": risk.pk,
                "unit": risk.unit,
                "clause": clauses.get("6.1"),
                "text": _(
                    "Risk “%(risk)s” (level %(level)s) in the passport of "
                    "%(unit)s: are its measures carried out and do they work?"
                )
                % {"risk": risk.title, "level": risk.level, "unit": risk.unit.label},
            }
        )
    today = timezone.localdate()
    overdue = (
        Measure.objects.live()
        .overdue(today)
        .filter(risk__unit__in=units)
        .select_related("risk__unit")
        .order_by("due_date", "pk")
    )
    for measure in overdue:
        found.append(
            {
                "source": Source.MEASURE,
                "source_id": measure.pk,
                "unit": measure.risk.unit,
                "clause": clauses.get("6.1"),
                "text": _(
                    "Measure “%(measure)s” was due on %(due)s and is not done: "
                    "why, and what is done now?"
                )
                % {"measure": measure.text, "due": measure.due_date.strftime("%d.%m.%Y")},
            }
        )
    for clause in clauses.values():
        found.append(
            {
                "source": Source.CLAUSE,
                "source_id": clause.pk,
                "clause": clause,
                "text": _(
                    "ISO 9001 %(code)s “%(title)s”: what evidence shows the requirement is met?"
                )
                % {"code": clause.code, "title": clause.label},
            }
        )
    return found


def generate(audit: Audit) -> int:
    """Add the questions the data calls for; returns how many were added."""
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        existing = set(
            ChecklistQuestion.objects.filter(audit=audit)
            .exclude(source=Source.ADDED)
            .values_list("source", "source_id")
        )
        order = audit.questions.aggregate(n=Max("order"))["n"] or 0
        new = []
        for proposal in _proposals(audit):
            if (proposal["source"], proposal["source_id"]) in existing:
                continue
            order += 1
            new.append(ChecklistQuestion(audit=audit, order=order, **proposal))
        # One row each (not bulk_create): every question has its history from the start.
        for question in new:
            question.save()
    return len(new)
