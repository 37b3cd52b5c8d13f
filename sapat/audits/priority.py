"""What to audit first, and why: a priority for each process and unit from its own data.

Points (the same rule for every row, shown with its reasons):
- each live risk in the high band: 3;
- each KPI whose latest value is off target (red): 2;
- each overdue measure of the unit's risks: 1;
- changes to the process card in the last 12 months: 1 each, at most 3;
- never audited: 6; otherwise 1 for every 2 months since its last audit, at most 6;
- `due` when it has not been audited within the programme's cycle (default 12 months):
  every process must be audited at least once in the cycle.

The counted factors (all but the months since the last audit) are a registry, so that
another app adds its own without this app importing it. From its AppConfig.ready():

    from sapat.audits import priority

    priority.register(priority.Factor(
        key="nonconformities",
        kinds=("process", "unit"),
        count=open_nonconformities,  # (kind, ids, today) -> {id: n}
        points=2,
        reason=lambda n: ngettext("%(n)s open nonconformity",
                                  "%(n)s open nonconformities", n) % {"n": n},
    ))

`count(kind, ids, today)` answers for all the ids at once with a fixed number of queries
(one grouped count, typically) and leaves out the ids with nothing to count. A factor
counts `points` for each item, at most `cap` items when a cap is given; its reason is
shown when the count is not zero. Factors are applied in registration order (`order`,
then key), which is the order of the reasons on the page. The audits app registers its
own factors below; the nonconformity app (`sapat.improvement`) registers "open
nonconformities" the same way.

Fixed queries whatever the number of rows: a handful of grouped counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Audit


@dataclass
class Priority:
    record: object
    kind: str  # process | unit
    score: int = 0
    due: bool = False
    last_audit: datetime.date | None = None
    reasons: list[str] = field(default_factory=list)


def _months(since: datetime.date, today: datetime.date) -> int:
    return (today.year - since.year) * 12 + today.month - since.month


def _last_audits(field_name: str) -> dict[int, datetime.date]:
    done = Audit.objects.live().exclude(state=Audit.State.PLANNED)
    return dict(
        done.filter(**{f"{field_name}__isnull": False})
        .values_list(field_name)
        .annotate(last=Max("planned_end"))
        .order_by()
    )


def _age_points(item: Priority, last, today, cycle_months: int) -> None:
    item.last_audit = last
    if last is None:
        item.score += 6
        item.due = True
        item.reasons.append(_("never audited"))
        return
    months = _months(last, today)
    item.score += min(months // 2, 6)
    item.reasons.append(
        ngettext("%(n)s month since its last audit", "%(n)s months since its last audit", months)
        % {"n": months}
    )
    if months >= cycle_months:
        item.due = True


def _high_band():
    from sapat.risks import scoring

    bands = scoring.load_bands()
    return bands.by_code("high") or list(bands)[-1]


@dataclass(frozen=True)
class Factor:
    """One counted reason to audit a process or a unit early (see the module's text)."""

    key: str
    kinds: tuple[str, ...]  # "process", "unit", or both
    count: Callable[[str, list[int], datetime.date], dict[int, int]]
    points: int
    reason: Callable[[int], str]
    cap: int | None = None
    order: int = 100


_FACTORS: dict[str, Factor] = {}


def register(factor: Factor) -> None:
    """Add (or replace, by key) a factor; call from an AppConfig.ready()."""
    _FACTORS[factor.key] = factor


def factors(kind: str) -> list[Factor]:
    """The factors that score `kind` ("process" or "unit"), in the order they apply."""
    return sorted(
        (f for f in _FACTORS.values() if kind in f.kinds), key=lambda f: (f.order, f.key)
    )


def _score(items: Iterable[Priority], kind: str, today: datetime.date) -> None:
    items = list(items)
    ids = [item.record.pk for item in items]
    for factor in factors(kind):
        counts = factor.count(kind, ids, today)
        for item in items:
            n = counts.get(item.record.pk, 0)
            if factor.cap is not None:
                n = min(n, factor.cap)
            if n:
                item.score += factor.points * n
                item.reasons.append(factor.reason(n))


def process_priorities(*, cycle_months: int = 12, today=None) -> list[Priority]:
    """Every live process, highest priority first."""
    from sapat.processes.models import Process

    today = today or timezone.localdate()
    result = [Priority(p, "process") for p in Process.objects.live().order_by("number")]
    _score(result, "process", today)
    last = _last_audits("processes")
    for item in result:
        _age_points(item, last.get(item.record.pk), today, cycle_months)
    return sorted(result, key=lambda i: (-i.score, str(i.record)))


def unit_priorities(*, units, cycle_months: int = 12, today=None) -> list[Priority]:
    """The given units (those that hold risks or run processes), highest first."""
    today = today or timezone.localdate()
    result = [Priority(u, "unit") for u in units]
    _score(result, "unit", today)
    last = _last_audits("units")
    for item in result:
        _age_points(item, last.get(item.record.pk), today, cycle_months)
    return sorted(result, key=lambda i: (-i.score, str(i.record)))


# --- the audits app's own factors --------------------------------------------------------


def _high_risks(kind: str, ids: list[int], today) -> dict[int, int]:
    from sapat.risks import scoring
    from sapat.risks.models import Risk

    column = "process_id" if kind == "process" else "unit_id"
    return dict(
        scoring.annotate_levels(Risk.objects.live())
        .filter(scoring.band_q(_high_band()), **{f"{column}__in": ids})
        .values_list(column)
        .annotate(n=Count("pk"))
        .order_by()
    )


def _red_kpis(kind: str, ids: list[int], today) -> dict[int, int]:
    from sapat.processes import health, kpi_status

    red: dict[int, int] = {}
    wanted = set(ids)
    for indicator in health.latest_indicators():
        if indicator.process_id not in wanted:
            continue
        state = kpi_status.latest(indicator, indicator.measurements.all())
        if state.status == kpi_status.Status.RED:
            red[indicator.process_id] = red.get(indicator.process_id, 0) + 1
    return red


def _overdue_measures(kind: str, ids: list[int], today) -> dict[int, int]:
    from sapat.risks.models import Measure

    return dict(
        Measure.objects.live()
        .overdue(today)
        .filter(risk__unit_id__in=ids)
        .values_list("risk__unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _card_changes(kind: str, ids: list[int], today) -> dict[int, int]:
    from sapat.processes.models import Process

    year_ago = timezone.now() - datetime.timedelta(days=365)
    return dict(
        Process.history.filter(history_date__gte=year_ago, history_type="~", id__in=ids)
        .values_list("id")
        .annotate(n=Count("history_id"))
        .order_by()
    )


register(
    Factor(
        key="high_risks",
        kinds=("process", "unit"),
        count=_high_risks,
        points=3,
        reason=lambda n: ngettext("%(n)s high risk", "%(n)s high risks", n) % {"n": n},
        order=10,
    )
)
register(
    Factor(
        key="red_kpis",
        kinds=("process",),
        count=_red_kpis,
        points=2,
        reason=lambda n: ngettext("%(n)s KPI off target", "%(n)s KPIs off target", n)
        % {"n": n},
        order=20,
    )
)
register(
    Factor(
        key="overdue_measures",
        kinds=("unit",),
        count=_overdue_measures,
        points=1,
        reason=lambda n: ngettext("%(n)s overdue measure", "%(n)s overdue measures", n)
        % {"n": n},
        order=30,
    )
)
register(
    Factor(
        key="card_changes",
        kinds=("process",),
        count=_card_changes,
        points=1,
        cap=3,
        reason=lambda n: ngettext(
            "the card changed %(n)s time this year",
            "the card changed %(n)s times this year",
            n,
        )
        % {"n": n},
        order=40,
    )
)


def auditable_units():
    """Units that hold live risks or run a live process: the ones worth ranking."""
    from sapat.org.models import Unit

    return (
        Unit.objects.filter(
            Q(risks__archived_at__isnull=True, risks__isnull=False)
            | Q(processes__archived_at__isnull=True, processes__isnull=False),
            is_active=True,
        )
        .distinct()
        .order_by("path")
    )
