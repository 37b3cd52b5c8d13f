"""The university risk register and the consolidated register (Appendix 4).

The university register lists the escalated risks in their register order; the
consolidated register lists every live risk the person may read, with the screen's
filters. The level rule is printed under both.
"""
from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from sapat.org.access import Action, scope_q

from .columns import CONSOLIDATED_COLUMNS, REGISTER_COLUMNS, Table
from .common import band_value, level_rule_note, measure_line_of, title_block, university_of


def register_queryset(person):
    """Live risks `person` may read, ready for register rows.

    Measures and responsible positions/people are not prefetched here: `register_rows`
    reads them per batch of 500 risks as plain values (3 queries a batch), which is several
    times cheaper than model prefetching on registers of thousands of risks.
    """
    from sapat.risks.models import Risk

    return (
        Risk.objects.live().with_scoring().filter(scope_q(person, Action.READ))
        .select_related("category", "unit", "process")
    )


BATCH = 500


def _batches(risks):
    """Risks in batches, each with its measures' lines and responsible names (3 queries)."""
    from collections import defaultdict
    from itertools import islice

    from sapat.risks.models import Measure, Risk

    iterator = iter(risks)
    while batch := list(islice(iterator, BATCH)):
        ids = [r.pk for r in batch]
        lines = defaultdict(list)
        for risk_id, text, due, rhythm in (
            Measure.objects.live().filter(risk_id__in=ids).order_by("pk")
            .values_list("risk_id", "text", "due_date", "rhythm_text")
        ):
            lines[risk_id].append(measure_line_of(text, due, rhythm))
        names = defaultdict(list)
        need = [r.pk for r in batch if not r.responsible_text]
        if need:
            through = Risk.responsible_positions.through.objects.filter(risk_id__in=need)
            for link in through.select_related("position").order_by("pk"):
                names[link.risk_id].append(link.position.label)
            through = Risk.responsible_people.through.objects.filter(risk_id__in=need)
            for link in through.select_related("person").order_by("pk"):
                names[link.risk_id].append(str(link.person))
        for risk in batch:
            measures = "\n".join(lines.get(risk.pk, [])) or risk.measures_text
            responsible = risk.responsible_text or "; ".join(names.get(risk.pk, []))
            yield risk, measures, responsible


def deadline_text(risk) -> str:
    if risk.deadline_text:
        return risk.deadline_text
    return risk.deadline.strftime("%d.%m.%Y") if risk.deadline else ""


def _with_bands(risks):
    """Give streamed risks the bands once (the queryset's own hook runs only on lists)."""
    from sapat.risks import scoring

    bands = scoring.load_bands()
    for risk in risks:
        risk._bands = bands
        yield risk


def register_rows(risks, *, numbered_by_register: bool = True):
    for i, (risk, measures, responsible) in enumerate(_batches(_with_bands(risks)), start=1):
        yield {
            "pk": risk.pk,
            "number": risk.register_number if numbered_by_register and risk.register_number
            else i,
            "unit": risk.unit.label,
            "process": risk.process.label if risk.process_id else "",
            "category": risk.category.label if risk.category_id else "",
            "title": risk.title,
            "likelihood": risk.likelihood,
            "consequences": risk.consequences,
            "level": band_value(risk.score),
            "responsible": responsible,
            "measures": measures,
            "deadline": deadline_text(risk),
            "residual": band_value(risk.residual),
        }


def _university_block(person):
    from sapat.org.models import Unit

    block = title_block(person=person)
    if not block.university:
        first = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
        block.university = first.label if first else ""
    return block


def register_table(*, person, risks=None, stream: bool = False) -> Table:
    """The university risk register (escalated risks) as `person` may read it."""
    if risks is None:
        risks = register_queryset(person).filter(escalated=True).order_by(
            "register_number", "pk"
        )
    rows = register_rows(risks.iterator(chunk_size=500) if stream else risks)
    return Table(
        key="register",
        title=_("University risk register"),
        columns=REGISTER_COLUMNS,
        rows=rows if stream else list(rows),
        title_block=_university_block(person),
        notes=[level_rule_note()],
        filename="register",
    )


def consolidated_table(*, person, risks=None, unit=None, stream: bool = False) -> Table:
    """Every risk in `person`'s reach (optionally under `unit`), filtered as on screen."""
    if risks is None:
        risks = register_queryset(person)
        if unit is not None:
            risks = risks.filter(
                Q(unit__path=unit.path) | Q(unit__path__startswith=unit.path + ".")
            )
        risks = risks.order_by("unit__path", "pk")
    rows = register_rows(
        risks.iterator(chunk_size=500) if stream else risks, numbered_by_register=False
    )
    block = title_block(person=person, unit=unit) if unit else _university_block(person)
    if unit is not None and not block.university:
        uni = university_of(unit)
        block.university = uni.label if uni else ""
    return Table(
        key="consolidated",
        title=_("Consolidated risk register"),
        columns=CONSOLIDATED_COLUMNS,
        rows=rows if stream else list(rows),
        title_block=block,
        notes=[level_rule_note()],
        filename="consolidated",
    )
