"""A process's health at a glance: its KPIs' status, plus what later apps contribute.

Apps listed after `processes` (risks, …) may not be imported from here; they register a
provider instead (from their AppConfig.ready()), so the process map and card show their
numbers without this app knowing their models.

A map provider: `fn(processes: list[Process], person) -> {process_id: {key: Figure}}`,
costing a fixed number of queries for any number of processes.
A card provider: `fn(request, process) -> (template_name, context) | None`.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, Window
from django.db.models.functions import Rank

from sapat.lib.models import ArchivedQuerySet
from sapat.org.models import Period

from . import kpi_status
from .models import Indicator, Measurement

_MAP_PROVIDERS: list[Callable] = []
_CARD_PROVIDERS: list[Callable] = []


@dataclass
class Figure:
    """A number on the map: its label, value, how bad it is, and the list behind it."""

    label: str
    value: int
    badge: str = "badge-muted"
    url: str = ""


def register_map_provider(fn: Callable) -> None:
    if fn not in _MAP_PROVIDERS:
        _MAP_PROVIDERS.append(fn)


def register_card_provider(fn: Callable) -> None:
    if fn not in _CARD_PROVIDERS:
        _CARD_PROVIDERS.append(fn)


def measurements_prefetch() -> Prefetch:
    return Prefetch(
        "measurements",
        # Who entered each value is shown on the KPI page: one join, not a query a row.
        queryset=Measurement.objects.select_related("period__year", "unit", "entered_by"),
    )


def live_indicators():
    """Live KPIs with every value they hold: two queries whatever their number.

    For a KPI's own page (its trend). Screens that show only each KPI's status use
    `latest_indicators()`, which reads one period's values instead of five years'.
    """
    return (
        Indicator.objects.live().select_related("process", "owner_unit")
        .prefetch_related(measurements_prefetch())
    )


def related_units_q(unit, field: str = "unit") -> Q:
    """Values of `unit`, of the units below it and of those above it (a KPI's branch)."""
    ancestors = [int(pk) for pk in unit.path.split(".")]
    return (Q(**{f"{field}__path__startswith": unit.path + "."})
            | Q(**{f"{field}_id__in": ancestors}))


def latest_measurements(indicator_ids, *, unit=None, period=None) -> dict[int, list]:
    """Each indicator's values of its latest period with data: {indicator id: [values]}.

    The same rows `kpi_status.latest` picks from all of them, chosen in the database (a
    window ranking periods per indicator), so that the status of 500 KPIs reads 500-odd
    values rather than every quarter of five years. `unit` keeps the values of its branch
    (the unit, those below and above it) and `period` those of one period, before the
    latest is chosen, as the dashboards and the integrated table filter them. Two queries.
    """
    rows = Measurement.objects.order_by().filter(indicator_id__in=indicator_ids)
    if period is not None:
        rows = rows.filter(period=period)
    if unit is not None:
        rows = rows.filter(related_units_q(unit))
    newest_first = Window(Rank(), partition_by=[F("indicator_id")],
                          order_by=F("period__start").desc())
    # Ranked on a narrow subquery (ids and dates); only the chosen rows are read in full.
    latest = rows.annotate(period_rank=newest_first).filter(period_rank=1).values("pk")
    found: dict[int, list] = {}
    # With the period (its start and name; a status needs no unit). Every period is read
    # once (a university has a few a year) and shared by the values: joined, each value
    # built its own period and year, a third of the time of a dashboard's KPI panel.
    periods = {p.pk: p for p in Period.objects.select_related("year")}
    for m in Measurement.objects.filter(pk__in=latest).order_by("unit__path"):
        m.period = periods[m.period_id]
        found.setdefault(m.indicator_id, []).append(m)
    return found


class LatestIndicatorQuerySet(ArchivedQuerySet):
    """Indicators that, when fetched, get their latest values as `indicator.measurements`.

    Attached in one query after the indicators are read, rather than by a `Prefetch`:
    Django's prefetch clones its queryset (here with a window subquery) once per
    indicator, which cost more than the rest of the process map.
    """

    _latest: dict | None = None

    def _clone(self):
        clone = super()._clone()
        clone._latest = self._latest
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        indicators = [i for i in self._result_cache or [] if isinstance(i, Indicator)]
        if fresh and self._latest is not None and indicators:
            found = latest_measurements([i.pk for i in indicators], **self._latest)
            for indicator in indicators:
                cache = getattr(indicator, "_prefetched_objects_cache", None)
                if cache is None:
                    cache = indicator._prefetched_objects_cache = {}
                cache["measurements"] = found.get(indicator.pk, [])


def latest_indicators(*, unit=None, period=None):
    """Live KPIs with their latest values only (see `latest_measurements`).

    Without their process and owner unit: prefetched under processes they have the first
    already, and 500 copies of 40 processes cost more than the values; add
    `select_related` where a screen prints them.
    """
    qs = LatestIndicatorQuerySet(model=Indicator).live()
    qs._latest = {"unit": unit, "period": period}
    return qs


def indicator_states(indicators) -> list[kpi_status.Latest]:
    return [kpi_status.latest(i, i.measurements.all()) for i in indicators]


def extra_figures(processes, person) -> dict:
    merged: dict = {}
    for provider in _MAP_PROVIDERS:
        for pid, figures in provider(processes, person).items():
            merged.setdefault(pid, {}).update(figures)
    return merged


def card_sections(request, process) -> list[tuple[str, dict]]:
    sections = []
    for provider in _CARD_PROVIDERS:
        found = provider(request, process)
        if found:
            sections.append(found)
    return sections
