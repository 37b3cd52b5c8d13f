"""The university risk register and the consolidated register (Appendix 4).

The university register lists the escalated risks in their register order; the
consolidated register lists, like its screen, every live risk and opportunity the person
may read, with the screen's filters, unit by unit (a unit's opportunities first, as the
screen sorts them). The level rule is printed under both.
"""
from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sapat.lib.models import TRANSLATION_LANGUAGES
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


def opportunity_queryset(person):
    """Live opportunities `person` may read, ready for register rows."""
    from sapat.risks.consolidated import visible_opportunities

    return visible_opportunities(person).select_related("unit", "process")


BATCH = 500


def _batches(records):
    """Risks (or opportunities) in batches, each with its measures' lines and responsible
    names (3 queries a batch)."""
    from collections import defaultdict
    from itertools import islice

    from sapat.risks.models import Measure

    iterator = iter(records)
    while batch := list(islice(iterator, BATCH)):
        model = type(batch[0])
        owner = f"{model._meta.model_name}_id"  # risk_id | opportunity_id
        ids = [r.pk for r in batch]
        lines = defaultdict(list)
        # The measures' texts in the document's language where they are translated.
        lang = (get_language() or "ky")[:2]
        suffix = f"_{lang}" if lang in TRANSLATION_LANGUAGES else ""
        today = timezone.localdate()
        open_statuses = (Measure.Status.PLANNED, Measure.Status.IN_PROGRESS)
        for record_id, text, text_tr, due, rhythm, rhythm_tr, status in (
            Measure.objects.live().filter(**{f"{owner}__in": ids}).order_by("pk")
            .values_list(owner, "text", f"text{suffix}", "due_date", "rhythm_text",
                         f"rhythm_text{suffix}", "status")
        ):
            # Overdue as the screens mark it (Measure.is_overdue_on).
            overdue = bool(due and due < today and status in open_statuses)
            lines[record_id].append(
                measure_line_of(text_tr or text, due, rhythm_tr or rhythm, overdue=overdue)
            )
        names = defaultdict(list)
        need = [r.pk for r in batch if not r.responsible_text]
        if need:
            through = model.responsible_positions.through.objects.filter(**{f"{owner}__in": need})
            for link in through.select_related("position").order_by("pk"):
                names[getattr(link, owner)].append(link.position.label)
            through = model.responsible_people.through.objects.filter(**{f"{owner}__in": need})
            for link in through.select_related("person").order_by("pk"):
                names[getattr(link, owner)].append(str(link.person))
        for record in batch:
            measures = "\n".join(lines.get(record.pk, [])) or record.text_in("measures_text")
            responsible = (record.text_in("responsible_text")
                           or "; ".join(names.get(record.pk, [])))
            yield record, measures, responsible


def deadline_text(risk) -> str:
    if risk.deadline_text:
        return risk.text_in("deadline_text")
    return risk.deadline.strftime("%d.%m.%Y") if risk.deadline else ""


def _with_bands(risks):
    """Give streamed risks the bands once (the queryset's own hook runs only on lists)."""
    from sapat.risks import scoring

    bands = scoring.load_bands()
    for risk in risks:
        risk._bands = bands
        yield risk


def register_rows(risks, *, numbered_by_register: bool = True):
    for i, (risk, row) in enumerate(_risk_rows(risks), start=1):
        if not (numbered_by_register and risk.register_number):
            row["number"] = i
        yield row


def _risk_rows(risks):
    """(risk, row) for each risk, its measures and responsible names read per batch."""
    for risk, measures, responsible in _batches(_with_bands(risks)):
        yield risk, {
            "pk": risk.pk,
            "number": risk.register_number,
            "unit": risk.unit.label,
            "process": risk.process.label if risk.process_id else "",
            "category": risk.category.label if risk.category_id else "",
            "title": risk.text_in("title"),
            "likelihood": risk.likelihood,
            "consequences": risk.consequences,
            "level": band_value(risk.score),
            "responsible": responsible,
            "measures": measures,
            "deadline": deadline_text(risk),
            "residual": band_value(risk.residual),
        }


def _opportunity_rows(opportunities):
    """(opportunity, row): no scores; «opportunity» where a risk's category is, as the
    screen marks them."""
    marker = _("opportunity")
    for opportunity, measures, responsible in _batches(opportunities):
        yield opportunity, {
            "pk": opportunity.pk,
            "number": None,
            "unit": opportunity.unit.label,
            "process": opportunity.process.label if opportunity.process_id else "",
            "category": marker,
            "title": opportunity.text_in("title"),
            "likelihood": None,
            "consequences": None,
            "level": None,
            "responsible": responsible,
            "measures": measures,
            "deadline": opportunity.text_in("deadline_text"),
            "residual": None,
        }


def consolidated_rows(risks, opportunities=()):
    """Risks and opportunities as one list in the screen's order (by unit; a unit's
    opportunities before its risks); № is a risk's register number (empty for risks not
    in the register and for opportunities), as Appendix 7's consolidated register has it.

    Both come ordered by unit path and primary key and are merged as they stream.
    """
    import heapq

    from sapat.risks.filters import Kind

    def keyed(pairs, kind):
        for record, row in pairs:
            yield (record.unit.path, kind, record.pk), row

    merged = heapq.merge(
        keyed(_opportunity_rows(opportunities), Kind.OPPORTUNITY),
        keyed(_risk_rows(risks), Kind.RISK),
        key=lambda pair: pair[0],
    )
    for _key, row in merged:
        yield row


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


def consolidated_table(*, person, risks=None, opportunities=None, unit=None,
                       stream: bool = False) -> Table:
    """Every risk and opportunity in `person`'s reach (optionally under `unit`), filtered
    as on screen. `risks` and `opportunities` (querysets) replace the unfiltered ones."""
    under = Q()
    if unit is not None:
        under = Q(unit__path=unit.path) | Q(unit__path__startswith=unit.path + ".")
    if risks is None:
        risks = register_queryset(person).filter(under)
    if opportunities is None:
        opportunities = opportunity_queryset(person).filter(under)
    risks = risks.order_by("unit__path", "pk")
    opportunities = opportunities.order_by("unit__path", "pk")
    if stream:
        risks, opportunities = risks.iterator(chunk_size=500), opportunities.iterator(500)
    rows = consolidated_rows(risks, opportunities)
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
