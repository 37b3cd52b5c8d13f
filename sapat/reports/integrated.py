"""The integrated table «СМС + Тобокелдиктер жана мүмкүнчүлүктөр» (regulation Appendix 6).

Built live from the records: each process's card and KPIs joined with its risks and
opportunities and their measures, one row per risk or opportunity (a process with none
gets one row of its own), in the nine columns of the regulation, in its order:

    rows = integrated_rows(person=request.user, params=request.GET)
    page, rows = integrated_page(person=request.user, params=request.GET, page=2)  # screen
    table = integrated_table(person=request.user, params=request.GET)   # for the exporters

`params` (all optional): unit (code; the unit and everything under it), process (code),
category (code; risks only), band (code; risks only, on L×C), status (a risk or an
opportunity status), period (pk; KPI values of that period, measures due in it).

Fixed number of queries whatever the rows (see tests: test_integrated_queries.py).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from sapat.org.access import Action, may, units_in_scope
from sapat.org.models import Period, Unit
from sapat.processes import kpi_status
from sapat.processes.health import latest_indicators
from sapat.processes.models import Process
from sapat.processes.permissions import university_q
from sapat.risks import scoring
from sapat.risks.models import Measure, Opportunity, Risk, RiskCategory
from sapat.risks.permissions import opportunities_visible_to, risks_visible_to
from sapat.risks.related import attach_measures, attach_responsible, attached

from .columns import Column, Kind, Table
from .common import title_block

# The nine columns, in the regulation's order. English msgids; the Kyrgyz catalogue holds
# the regulation's headings («Процесстин аталышы / Тобокелдик / Мүмкүнчүлүк», …).
COLUMNS = [
    Column("item", gettext_lazy("Process name / Risk / Opportunity"), Kind.TEXT, 30),
    Column("goal", gettext_lazy("Process goal / Cause of the risk / Essence of the opportunity"),
           Kind.TEXT, 30),
    Column("inputs_outputs", gettext_lazy("Inputs / Outputs"), Kind.TEXT, 28),
    Column("indicators", gettext_lazy("Performance indicators"), Kind.TEXT, 28),
    Column("likelihood", gettext_lazy("Likelihood (1–5)"), Kind.TEXT, 11),
    Column("consequences", gettext_lazy("Consequences (1–5) / Effect of the opportunity"),
           Kind.TEXT, 20),
    Column("responsible", gettext_lazy("Responsible / Process owner"), Kind.TEXT, 24),
    Column("measures", gettext_lazy("Norms and measures (deadline, results)"), Kind.TEXT, 36),
    Column("mark", gettext_lazy("Completion mark / residual risk"), Kind.TEXT, 18),
]
COLUMN_KEYS = [c.key for c in COLUMNS]
# Rows per page on the screen; exports take the whole table.
PAGE_SIZE = 50


class RowKind:
    PROCESS = "process"
    RISK = "risk"
    OPPORTUNITY = "opportunity"


@dataclass
class KpiCell:
    """One indicator in column 4: its latest (or the chosen period's) value and status."""

    label: str
    value: object
    measure_unit: str
    status: str
    status_label: str
    badge: str
    url: str

    def __str__(self) -> str:
        value = "—" if self.value is None else f"{_fmt(self.value)}{self.measure_unit}"
        return f"{self.label}: {value} ({self.status_label})"


@dataclass
class MeasureCell:
    """One measure in column 8."""

    text: str
    deadline: str
    status: str
    status_label: str
    result: str
    overdue: bool
    edit_url: str = ""

    def __str__(self) -> str:
        # The screen's mark: «overdue» in place of the status when past its date.
        parts = [self.deadline, _("overdue") if self.overdue else self.status_label, self.result]
        details = "; ".join(p for p in parts if p)
        return f"{self.text} ({details})" if details else self.text


@dataclass
class IntegratedRow:
    """A row of the table. `cells` holds plain values keyed by column key (exporters use
    only this); the rest is for the screen (badges, links)."""

    kind: str
    process: Process | None
    record: Risk | Opportunity | None
    cells: dict
    kpis: list[KpiCell] = field(default_factory=list)
    measures: list[MeasureCell] = field(default_factory=list)
    band: str = ""  # L×C band code of a risk
    band_colour: str = ""
    residual_band: str = ""
    edit_url: str = ""
    detail_url: str = ""
    unit: Unit | None = None
    # On screen, a process's inputs/outputs and KPIs are printed once for its rows:
    # `span` is the number of rows they cover on the first row, 0 on the others.
    span: int = 1


def _fmt(value) -> str:
    text = f"{value:.2f}" if not isinstance(value, int) else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _subtree_q(unit: Unit, field: str = "unit") -> Q:
    return Q(**{f"{field}__path": unit.path}) | Q(**{f"{field}__path__startswith": unit.path + "."})


@dataclass
class Filters:
    unit: Unit | None = None
    process: Process | None = None
    category: RiskCategory | None = None
    band: scoring.Band | None = None
    status: str = ""
    period: Period | None = None

    @property
    def risk_only(self) -> bool:
        return bool(self.category or self.band)


def parse_filters(params, person, bands: scoring.BandSet) -> Filters:
    """Read the GET parameters; unknown codes or units out of reach are ignored."""
    params = params or {}
    f = Filters()
    if code := params.get("unit"):
        f.unit = units_in_scope(person, Action.READ).filter(code=code).first()
    if code := params.get("process"):
        f.process = Process.objects.live().filter(code=code).first()
    if code := params.get("category"):
        f.category = RiskCategory.objects.filter(code=code).first()
    if code := params.get("band"):
        f.band = bands.by_code(code)
    f.status = params.get("status") or ""
    period = params.get("period") or ""
    if str(period).isdigit():
        f.period = Period.objects.select_related("year").filter(pk=int(period)).first()
    return f


def _kpis_prefetch(f: Filters) -> Prefetch:
    return Prefetch("indicators", queryset=latest_indicators(unit=f.unit, period=f.period))


def _process_queryset(person, f: Filters):
    qs = Process.objects.live().filter(university_q(person)).select_related(
        "owner_position__holder", "owner_person"
    )
    if f.process:
        qs = qs.filter(pk=f.process.pk)
    return qs.order_by("number", "name")


def _with_lists(records, f: Filters) -> list:
    """The records with their responsible and measures attached (3 queries a model)."""
    records = list(records)
    attach_responsible(records)
    attach_measures(records, _measures(f))
    return records


def _risk_queryset(person, f: Filters):
    # Levels annotated for the band filter; the bands are attached in `_item_row` (the
    # caller loaded them once), so `with_scoring()`'s own band query is not needed.
    qs = scoring.annotate_levels(risks_visible_to(person)).select_related("unit", "category")
    if f.unit:
        qs = qs.filter(_subtree_q(f.unit))
    if f.process:
        qs = qs.filter(process=f.process)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.band:
        qs = qs.filter(scoring.band_q(f.band, scoring.LEVEL))
    if f.status:
        qs = qs.filter(status=f.status)
    return qs


def _opportunity_queryset(person, f: Filters):
    if f.risk_only:
        return Opportunity.objects.none()
    qs = opportunities_visible_to(person).select_related("unit")
    if f.unit:
        qs = qs.filter(_subtree_q(f.unit))
    if f.process:
        qs = qs.filter(process=f.process)
    if f.status:
        qs = qs.filter(status=f.status)
    return qs


def _measures(f: Filters):
    # Only what a cell shows: a university's table holds 20,000 measures.
    qs = Measure.objects.live().order_by("due_date", "pk").only(
        "risk_id", "opportunity_id", "text", "due_date", "rhythm_text", "status", "result",
        *Measure.translation_fields())
    if f.period:
        qs = qs.filter(Q(due_date__isnull=True)
                       | Q(due_date__gte=f.period.start, due_date__lte=f.period.end))
    return qs


class _Links:
    """URLs by name and pk, reversed once per name: a table of 5,000 rows and 20,000
    measures would otherwise spend seconds in reverse()."""

    MARK = 987654321

    def __init__(self):
        self.made: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str, pk: int) -> str:
        if name not in self.made:
            head, tail = reverse(name, args=[self.MARK]).split(str(self.MARK))
            self.made[name] = (head, tail)
        head, tail = self.made[name]
        return f"{head}{pk}{tail}"


@dataclass
class _Build:
    """What every row of one table shares: who reads it, the day, bands, labels, links."""

    person: object
    f: Filters
    bands: scoring.BandSet
    today: datetime.date
    links: _Links = field(default_factory=_Links)
    measure_status: dict = field(
        default_factory=lambda: {k: str(v) for k, v in Measure.Status.choices})


def _kpis(process, build: _Build) -> list[KpiCell]:
    cells = []
    # The prefetch holds each KPI's latest values of the period and unit filtered on.
    for indicator in process.indicators.all():
        state = kpi_status.latest(indicator, indicator.measurements.all())
        cells.append(KpiCell(
            indicator.label, state.value, indicator.measure_unit, state.status,
            state.status_label, state.badge, build.links("processes:kpi", indicator.pk),
        ))
    return cells


def _measure_cells(record, editable: bool, build: _Build) -> list[MeasureCell]:
    cells = []
    for m in attached(record, "measures"):
        deadline = (f"{m.due_date.day:02d}.{m.due_date.month:02d}.{m.due_date.year}"
                    if m.due_date else m.text_in("rhythm_text"))
        edit = build.links("risks:measure_edit", m.pk) if editable else ""
        cells.append(MeasureCell(m.text_in("text"), deadline, m.status,
                                 build.measure_status[m.status], m.result,
                                 m.is_overdue_on(build.today), edit))
    return cells


def _measures_text(record, cells: list[MeasureCell]) -> str:
    """Column 8: the record's measures as it words them (Appendix 6: «…; мониторинг (жыл
    сайын)», in the regulation's order) when it has that summary; else each measure with
    its deadline, status and result, one a line."""
    if record.measures_text:
        deadline = record.text_in("deadline_text")
        parts = [record.text_in("measures_text"), deadline and f"({deadline})"]
        return " ".join(p for p in parts if p)
    return "\n".join(str(c) for c in cells)


def _risk_mark(risk, cells: list[MeasureCell]) -> str:
    """«Иштеп жатат / Орто»: how far the measures are, and the residual band."""
    if cells:
        closed = all(c.status in ("done", "cancelled") for c in cells)
        mark = (
            pgettext("completion mark", "completed")
            if closed
            else pgettext("completion mark", "in progress")
        )
    else:
        mark = risk.get_status_display()
    residual = risk.residual
    band = residual.band.label_in(get_language()) if residual and residual.band else "—"
    # Appendix 6 writes both halves capitalised: «Иштеп жатат / Орто».
    return f"{capfirst(mark)} / {capfirst(band)}"


def _joined(*parts: str, sep: str = " / ") -> str:
    return sep.join(p for p in parts if p)


def _process_cells(process: Process | None, kpis: list[KpiCell]) -> dict:
    if process is None:
        return {"goal": "", "inputs_outputs": "", "indicators": ""}
    return {
        "goal": process.goal,
        "inputs_outputs": _joined(process.inputs, process.outputs),
        "indicators": "\n".join(str(k) for k in kpis),
    }


def integrated_rows(*, person, params=None, today: datetime.date | None = None,
                    bands: scoring.BandSet | None = None) -> list[IntegratedRow]:
    """The rows `person` may read, filtered by `params` (see the module docstring)."""
    today = today or timezone.localdate()
    bands = bands if bands is not None else scoring.load_bands()
    f = parse_filters(params, person, bands)
    processes = list(_process_queryset(person, f).prefetch_related(_kpis_prefetch(f)))
    risks = _with_lists(_risk_queryset(person, f), f)
    opportunities = _with_lists(_opportunity_queryset(person, f), f)
    return _rows(_Build(person, f, bands, today), processes, risks + opportunities)


def integrated_page(*, person, params=None, page=None, today: datetime.date | None = None,
                    bands: scoring.BandSet | None = None) -> tuple[Page, list[IntegratedRow]]:
    """One page of `integrated_rows` (PAGE_SIZE rows), for the screen.

    The layout of the whole table is worked out from keys only (process and id of every
    record); then only the page's records, and the KPIs of its processes, are read in
    full. A fixed number of queries, and work in proportion to the page, not the table.
    A process whose rows run over two pages shows its card cells again on the second.
    """
    today = today or timezone.localdate()
    bands = bands if bands is not None else scoring.load_bands()
    f = parse_filters(params, person, bands)
    processes = {p.pk: p for p in _process_queryset(person, f)}
    layout = _layout(
        f, list(processes),
        _risk_queryset(person, f).values_list("process_id", "pk"),
        _opportunity_queryset(person, f).values_list("process_id", "pk"),
    )
    page_obj = Paginator(layout, PAGE_SIZE).get_page(page)
    entries = list(page_obj.object_list)
    wanted = {kind: [pk for _p, k, pk in entries if k == kind]
              for kind in (RowKind.RISK, RowKind.OPPORTUNITY)}
    records = {}
    if wanted[RowKind.RISK]:
        records.update(((RowKind.RISK, r.pk), r) for r in _with_lists(
            _risk_queryset(person, f).filter(pk__in=wanted[RowKind.RISK]), f))
    if wanted[RowKind.OPPORTUNITY]:
        records.update(((RowKind.OPPORTUNITY, o.pk), o) for o in _with_lists(
            _opportunity_queryset(person, f).filter(pk__in=wanted[RowKind.OPPORTUNITY]), f))
    shown = [processes[pid] for pid in dict.fromkeys(p for p, _k, _pk in entries) if pid]
    prefetch_related_objects(shown, _kpis_prefetch(f))
    items = [records[(kind, pk)] for _p, kind, pk in entries if (kind, pk) in records]
    return page_obj, _rows(_Build(person, f, bands, today), shown, items)


def _layout(f: Filters, process_ids: list[int], risk_keys, opportunity_keys) -> list[tuple]:
    """(process id, row kind, record id) of every row of the table, in its order."""
    by_process: dict = {}
    for kind, keys in ((RowKind.RISK, risk_keys), (RowKind.OPPORTUNITY, opportunity_keys)):
        for process_id, pk in keys:
            by_process.setdefault(process_id, []).append((process_id, kind, pk))
    filtered = bool(f.unit or f.risk_only or f.status)
    layout = []
    for pid in [*process_ids, None]:
        items = by_process.get(pid, [])
        if pid is not None and not items and not filtered:
            items = [(pid, RowKind.PROCESS, None)]
        layout.extend(items)
    return layout


def _rows(build: _Build, processes, records) -> list[IntegratedRow]:
    """Rows of `processes` (in their order) and `records` (each under its process)."""
    by_process: dict = {}
    for record in records:
        by_process.setdefault(record.process_id, []).append(record)
    f = build.f
    filtered = bool(f.unit or f.risk_only or f.status)
    rows: list[IntegratedRow] = []
    for process in [*processes, None]:
        items = by_process.get(process.pk if process else None, [])
        if process is None and not items:
            continue
        kpis = _kpis(process, build) if process else []
        base = _process_cells(process, kpis)
        if not items:
            if filtered:
                continue  # a filtered table shows only the processes with matching rows
            rows.append(IntegratedRow(
                RowKind.PROCESS, process, None, kpis=kpis,
                detail_url=build.links("processes:card", process.pk),
                cells={"item": process.label, **base, "likelihood": "", "consequences": "",
                       "responsible": process.owner, "measures": "", "mark": ""},
            ))
            continue
        group = [_item_row(build, process, record, base, kpis) for record in items]
        # Rows with their own inputs/outputs or indicators print them each; otherwise the
        # process's are printed once over its rows.
        shared = not any(record.has_own_cells for record in items)
        for n, row in enumerate(group):
            row.span = (len(group) if n == 0 else 0) if shared else 1
        rows.extend(group)
    return rows


def _own_cells(record, base) -> dict:
    """Columns 3 and 4 of a risk's or opportunity's row: its own inputs/outputs and
    indicators where it has them (Appendix 6 words them per row), else the process's."""
    own_io = _joined(record.text_in("inputs"), record.text_in("outputs"))
    return {"inputs_outputs": own_io or base["inputs_outputs"],
            "indicators": record.text_in("indicators_text") or base["indicators"]}


def _item_row(build: _Build, process, record, base, kpis) -> IntegratedRow:
    editable = may(build.person, Action.UPDATE, record.unit)
    cells = _measure_cells(record, editable, build)
    name = process.label if process else ""
    own = _own_cells(record, base)
    if isinstance(record, Risk):
        record._bands = build.bands
        item = _joined(name, _("Risk: %(title)s") % {"title": record.text_in("title")})
        goal = record.text_in("process_goal") or base["goal"]
        cause = record.text_in("cause")
        goal_cell = cause if (not goal or cause.startswith(goal)) else _joined(goal, cause)
        band = record.band
        residual = record.residual
        return IntegratedRow(
            RowKind.RISK, process, record, kpis=kpis, measures=cells,
            band=band.code if band else "", band_colour=band.colour if band else "",
            residual_band=residual.band.code if residual and residual.band else "",
            edit_url=build.links("risks:risk_edit", record.pk) if editable else "",
            detail_url=build.links("risks:risk_detail", record.pk), unit=record.unit,
            cells={"item": item, "goal": goal_cell, **own, "likelihood": record.likelihood,
                   "consequences": record.consequences,
                   "responsible": record.responsible_display,
                   "measures": _measures_text(record, cells),
                   "mark": _risk_mark(record, cells)},
        )
    item = _joined(name, _("Opportunity: %(title)s") % {"title": record.text_in("title")})
    result = record.get_result_display() if record.result else ""
    return IntegratedRow(
        RowKind.OPPORTUNITY, process, record, kpis=kpis, measures=cells,
        edit_url=build.links("risks:opportunity_edit", record.pk) if editable else "",
        detail_url=build.links("risks:opportunity_detail", record.pk), unit=record.unit,
        cells={"item": item, "goal": record.text_in("essence"), **own, "likelihood": "",
               "consequences": record.text_in("expected_effect"),
               "responsible": record.responsible_display,
               "measures": _measures_text(record, cells),
               "mark": _joined(capfirst(record.get_status_display()), capfirst(result))},
    )


def integrated_table(*, person, params=None) -> Table:
    """The same rows as a `reports.columns.Table`, for the XLSX/DOCX/PDF writers."""
    params = params or {}
    rows = integrated_rows(person=person, params=params)
    unit = None
    if params.get("unit"):
        unit = units_in_scope(person, Action.READ).filter(code=params.get("unit")).first()
    return Table(
        key="integrated",
        title=_("Integrated table “QMS + risks and opportunities”"),
        columns=COLUMNS,
        rows=[r.cells for r in rows],
        title_block=title_block(person=person, unit=unit),
        landscape=True,
        filename="integrated" + (f"-{unit.code}" if unit else ""),
    )
