"""Which KPI values are due, of whom: the one rule the dashboards and reminders share.

A value of a period is due once the period has ended and the grace days the QMS office
sets (`MonitoringSettings.grace_days`) have passed; a period still running, or ended
within the grace days, is asked of nobody. Periods follow the academic year (from
September; `sapat.org.models.Period`). Of the due periods only the latest of each kind
is asked for: an older gap is history, shown on the KPI's page.

A value is due only from the units the KPI applies to (`reporting_unit_ids`): the owner
unit, or — when each unit reports its own value — the units listed on the KPI, else the
departments and subject-cycle commissions under the owner unit (so the IT centre is not
asked for students' academic achievement).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from sapat.lib.request_memo import once
from sapat.org.models import Period, Unit

from .models import Indicator, Measurement, MonitoringSettings

# Units that report a per-unit KPI when the KPI lists none.
DEFAULT_REPORTING_KINDS = (Unit.Kind.DEPARTMENT, Unit.Kind.COMMISSION)


@dataclass
class Due:
    """One KPI's latest due period, the units asked, and those whose value is missing."""

    indicator: Indicator
    period: Period
    deadline: datetime.date
    units: list[int] = field(default_factory=list)  # unit ids asked
    missing: list[int] = field(default_factory=list)  # of those, without a value


def grace() -> datetime.timedelta:
    """The QMS office's grace days, read once a request (the inbox and the home page ask)."""
    days = once("kpi_grace_days", lambda: MonitoringSettings.load().grace_days)
    return datetime.timedelta(days=days)


def deadline_of(period: Period, days: datetime.timedelta | None = None) -> datetime.date:
    return period.end + (grace() if days is None else days)


def due_periods(today: datetime.date, days: datetime.timedelta | None = None
                ) -> dict[str, Period]:
    """{kind: the latest period of that kind whose deadline has passed} (one query)."""
    days = grace() if days is None else days
    found: dict[str, Period] = {}
    for p in Period.objects.select_related("year").filter(
            end__lt=today - days).order_by("-end"):
        found.setdefault(p.kind, p)
    return found


def open_periods(today: datetime.date, days: datetime.timedelta | None = None
                 ) -> dict[str, Period]:
    """{kind: a period that has ended but whose deadline is still ahead} (one query)."""
    days = grace() if days is None else days
    found: dict[str, Period] = {}
    for p in Period.objects.select_related("year").filter(
            end__lt=today, end__gte=today - days).order_by("-end"):
        found.setdefault(p.kind, p)
    return found


def reporting_unit_ids(indicators, *, units: list | None = None) -> dict[int, list[int]]:
    """{indicator id: ids of the active units that report it}: two queries for any number.

    `units`, if given, are (pk, path, kind) of the active units to consider (read once by
    the caller when it needs them anyway).
    """
    indicators = list(indicators)
    explicit: dict[int, set[int]] = {}
    through = Indicator.reporting_units.through
    for iid, uid in through.objects.filter(
            indicator_id__in=[i.pk for i in indicators if i.per_unit]).values_list(
            "indicator_id", "unit_id"):
        explicit.setdefault(iid, set()).add(uid)
    if units is None:
        units = list(Unit.objects.filter(is_active=True).values_list("pk", "path", "kind"))
    owners = {pk: path for pk, path, _kind in units}
    result: dict[int, list[int]] = {}
    for i in indicators:
        owner_path = owners.get(i.owner_unit_id)
        if owner_path is None:
            result[i.pk] = []
        elif not i.per_unit:
            result[i.pk] = [i.owner_unit_id]
        else:
            listed = explicit.get(i.pk)
            result[i.pk] = [
                pk for pk, path, kind in units
                if (path == owner_path or path.startswith(owner_path + "."))
                and (pk in listed if listed else kind in DEFAULT_REPORTING_KINDS)
            ]
    return result


def applies_to(indicator, unit) -> bool:
    """Is a value of `indicator` asked of `unit`? (the same rule, for one unit)"""
    if not unit.is_within(indicator.owner_unit):
        return False
    if not indicator.per_unit:
        return unit.pk == indicator.owner_unit_id
    listed = set(indicator.reporting_units.values_list("pk", flat=True))
    return unit.pk in listed if listed else unit.kind in DEFAULT_REPORTING_KINDS


def applies_q(unit_id: int, path: str) -> Q:
    """`applies_to` as a filter on indicators: those asked of the (active) unit `unit_id`
    whose path is `path` (no query of its own)."""
    ancestors = [int(pk) for pk in path.split(".")]
    listed = Indicator.reporting_units.through.objects.filter(indicator_id=OuterRef("pk"))
    default_kind = Exists(Unit.objects.filter(pk=unit_id, is_active=True,
                                              kind__in=DEFAULT_REPORTING_KINDS))
    is_listed = Exists(listed.filter(unit_id=unit_id, unit__is_active=True))
    return Q(owner_unit__is_active=True) & (
        Q(per_unit=False, owner_unit_id=unit_id)
        | (Q(per_unit=True, owner_unit_id__in=ancestors)
           & (is_listed | (~Exists(listed) & default_kind))))


def missing_of_unit(indicators: QuerySet, unit_id: int, path: str, today: datetime.date,
                    days: datetime.timedelta, *, late: bool) -> QuerySet:
    """The rule of `due` for one unit as a query (the inbox reads it within its one UNION
    query): `indicators` asked of the unit whose value is missing for their latest due
    period (`late`) or for the period that has ended whose deadline is still ahead,
    annotated `period_id` and `period_end` (the deadline is `period_end + days`)."""
    window = (Q(end__lt=today - days) if late
              else Q(end__lt=today, end__gte=today - days))
    period = Period.objects.filter(window, kind=OuterRef("frequency")).order_by("-end")
    return (indicators.filter(applies_q(unit_id, path))
            .annotate(period_id=Subquery(period.values("pk")[:1]),
                      period_end=Subquery(period.values("end")[:1]))
            .filter(period_id__isnull=False)
            .exclude(Exists(Measurement.objects.filter(
                indicator=OuterRef("pk"), unit_id=unit_id, period_id=OuterRef("period_id")))))


def _due_of_unit(indicators, today, unit, days, include_open) -> list[Due]:
    """`due` for one unit, through `missing_of_unit` (the inbox's query): four queries."""
    if isinstance(indicators, QuerySet):
        chosen = indicators.order_by()
    else:
        chosen = Indicator.objects.filter(pk__in=[i.pk for i in indicators])
    found = []
    for late in (True, False) if include_open else (True,):
        found += list(missing_of_unit(chosen, unit.pk, unit.path, today, days, late=late)
                      .select_related("process").order_by("pk"))
    periods = Period.objects.select_related("year").in_bulk({i.period_id for i in found})
    return [Due(i, periods[i.period_id], deadline_of(periods[i.period_id], days),
                [unit.pk], [unit.pk]) for i in found]


def due(indicators, today: datetime.date, *, unit: Unit | None = None,
        include_open: bool = False) -> list[Due]:
    """The KPIs with a due value still missing (of `unit`, if given): five queries.

    With `include_open`, also the periods that have ended whose deadline is ahead (a
    head is told what to enter before it is late); their `deadline` says by when.
    For one unit the rule is read through `missing_of_unit`, the query the inbox (and
    so the daily digest) uses: a head's home, inbox and e-mail list the same values.
    """
    days = grace()
    if unit is not None:
        return _due_of_unit(indicators, today, unit, days, include_open)
    kinds = due_periods(today, days)
    if include_open:
        kinds_open = open_periods(today, days)
    indicators = list(indicators)
    reporters = reporting_unit_ids(indicators)
    asked: list[tuple[Indicator, Period, list[int]]] = []
    for i in indicators:
        units = reporters.get(i.pk, [])
        if unit is not None:
            units = [u for u in units if u == unit.pk]
        if not units:
            continue
        for period in (kinds.get(i.frequency), kinds_open.get(i.frequency)
                       if include_open else None):
            if period is not None:
                asked.append((i, period, units))
    if not asked:
        return []
    entered = set(Measurement.objects.filter(
        indicator__in=[i for i, _p, _u in asked],
        period__in={p.pk for _i, p, _u in asked},
    ).filter(Q(unit_id=unit.pk) if unit is not None else Q()).values_list(
        "indicator_id", "period_id", "unit_id"))
    rows = []
    for i, period, units in asked:
        missing = [u for u in units if (i.pk, period.pk, u) not in entered]
        if missing:
            rows.append(Due(i, period, deadline_of(period, days), units, missing))
    return rows
