"""The consolidated register as queries: risks and opportunities together, sorted, paged.

Risks and opportunities are two tables; the register sorts and pages them as one list.
Each side is reduced to the same few sort columns and the two are combined with UNION
ALL, so the database sorts and counts; the page's records are then fetched by key with
everything they show (a fixed number of queries whatever the number of rows).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Case, DateField, F, IntegerField, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from . import scoring
from .filters import Kind, RiskFilterForm
from .models import Measure, Opportunity, Risk
from .related import attach_measures, attach_responsible

PAGE_SIZE = 50

# sort key -> the columns the database orders by; "missing" flags keep empty values last
# in both directions.
SORTS = {
    "unit": (None, "unit_path"),
    "title": (None, "title"),
    "category": ("category_missing", "category_order"),
    "level": ("level_missing", "sort_level"),
    "residual": ("residual_missing", "sort_residual"),
    "deadline": ("deadline_missing", "sort_deadline"),
    "status": (None, "status"),
}
SORT_LABELS = {
    "unit": _("unit"), "title": _("title"), "category": _("category"), "level": _("level"),
    "residual": _("residual risk"), "deadline": _("deadline"), "status": _("status"),
}
DEFAULT_SORT = "unit"


def parse_sort(value: str | None) -> tuple[str, bool]:
    """("level", True) for "-level"; unknown keys fall back to the default order."""
    value = value or ""
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, descending


def order_by(key: str, descending: bool) -> list[str]:
    missing, column = SORTS[key]
    keys = [missing] if missing else []
    keys.append(f"-{column}" if descending else column)
    if key != "unit":
        keys.append("unit_path")
    return keys + ["kind", "pk"]


def _flag_null(field: str):
    return Case(When(**{f"{field}__isnull": True}, then=Value(1)), default=Value(0),
                output_field=IntegerField())


def _risk_keys(qs):
    # The annotations are added in the same order on both sides: UNION matches columns
    # by position.
    return qs.order_by().annotate(
        kind=Value(Kind.RISK),
        unit_path=F("unit__path"),
        category_missing=_flag_null("category"),
        category_order=Coalesce(F("category__order"), Value(0)),
        level_missing=Value(0),
        sort_level=F(scoring.LEVEL),
        residual_missing=_flag_null(scoring.RESIDUAL_LEVEL),
        sort_residual=Coalesce(F(scoring.RESIDUAL_LEVEL), Value(0)),
        deadline_missing=_flag_null("deadline"),
        sort_deadline=F("deadline"),
    ).values(
        "pk", "title", "status", "kind", "unit_path", "category_missing", "category_order",
        "level_missing", "sort_level", "residual_missing", "sort_residual",
        "deadline_missing", "sort_deadline",
    )


def _opportunity_keys(qs):
    return qs.order_by().annotate(
        kind=Value(Kind.OPPORTUNITY),
        unit_path=F("unit__path"),
        category_missing=Value(1),
        category_order=Value(0),
        level_missing=Value(1),
        sort_level=Value(0),
        residual_missing=Value(1),
        sort_residual=Value(0),
        deadline_missing=Value(1),
        # A typed NULL: PostgreSQL cannot match an untyped one with the risks' dates.
        sort_deadline=Cast(Value(None), output_field=DateField()),
    ).values(
        "pk", "title", "status", "kind", "unit_path", "category_missing", "category_order",
        "level_missing", "sort_level", "residual_missing", "sort_residual",
        "deadline_missing", "sort_deadline",
    )


def visible_risks(person):
    """Live risks in reach, with their levels computed in the database for filters/sorts."""
    from .permissions import risks_visible_to

    return scoring.annotate_levels(risks_visible_to(person))


def visible_opportunities(person):
    from .permissions import opportunities_visible_to

    return opportunities_visible_to(person)


def live_measures():
    """A record's measures in the order they were entered (the regulation's order, as the
    documents print them: `reports.register`, `reports.passport`), not by deadline."""
    return Measure.objects.live().order_by("pk")


def with_lists(records) -> list:
    """Records with their responsible positions and people and live measures attached
    (3 queries; a prefetch would build a manager and a queryset per record)."""
    records = list(records)
    attach_responsible(records)
    attach_measures(records, live_measures())
    return records


@dataclass
class Row:
    kind: str
    record: Risk | Opportunity

    @property
    def is_risk(self) -> bool:
        return self.kind == Kind.RISK

    @property
    def overdue_count(self) -> int:
        return sum(1 for m in self.record.measures.all() if m.is_overdue)


def consolidated_page(form: RiskFilterForm, *, sort: str | None, page: str | int | None):
    """One page of the filtered, sorted register: (page object, rows, (key, descending))."""
    person = form.person
    unit = form.selected_unit()
    kind = form.effective_kind
    risk_keys = _risk_keys(form.filter_risks(visible_risks(person), unit=unit))
    opp_keys = _opportunity_keys(form.filter_opportunities(visible_opportunities(person),
                                                           unit=unit))
    if kind == Kind.RISK:
        keys = risk_keys
    elif kind == Kind.OPPORTUNITY:
        keys = opp_keys
    else:
        keys = risk_keys.union(opp_keys, all=True)
    key, descending = parse_sort(sort)
    keys = keys.order_by(*order_by(key, descending))
    page_obj = Paginator(keys, PAGE_SIZE).get_page(page)
    entries = list(page_obj.object_list)
    risk_ids = [e["pk"] for e in entries if e["kind"] == Kind.RISK]
    opp_ids = [e["pk"] for e in entries if e["kind"] == Kind.OPPORTUNITY]
    risks = opps = {}
    if risk_ids:
        risks = with_lists(Risk.objects.filter(pk__in=risk_ids).select_related(
            "unit", "category", "process"))
        risks = {r.pk: r for r in risks}
        for risk in risks.values():
            risk._bands = form.bands  # the scale's bands, loaded once for the whole page
    if opp_ids:
        opps = with_lists(Opportunity.objects.filter(pk__in=opp_ids).select_related(
            "unit", "process"))
        opps = {o.pk: o for o in opps}
    rows = []
    for e in entries:
        record = (risks if e["kind"] == Kind.RISK else opps).get(e["pk"])
        if record is not None:
            rows.append(Row(e["kind"], record))
    return page_obj, rows, (key, descending)
