"""Red / amber / green of a KPI value against its target: the one place that decides.

Higher-is-better: at or above target is green; below it by no more than the tolerance
is amber; further below is red. Lower-is-better mirrors it. No value: `NONE`.
Screens, dashboards, the integrated table, exports and the API all call these functions.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    GREEN = "green", _("on target")
    AMBER = "amber", _("near target")
    RED = "red", _("off target")
    NONE = "none", _("no data")


# Worst first: the status of several values is the worst of them.
SEVERITY = {Status.RED: 3, Status.AMBER: 2, Status.GREEN: 1, Status.NONE: 0}
BADGE = {Status.GREEN: "badge-ok", Status.AMBER: "badge-warn", Status.RED: "badge-bad",
         Status.NONE: "badge-muted"}


def status_of(indicator, value: Decimal | None) -> str:
    """The RAG status of `value` for `indicator` (needs target, tolerance, direction)."""
    if value is None:
        return Status.NONE
    value = Decimal(value)
    target = Decimal(indicator.target)
    tolerance = Decimal(indicator.tolerance or 0)
    gap = (target - value) if indicator.direction == "higher" else (value - target)
    if gap <= 0:
        return Status.GREEN
    if gap <= tolerance:
        return Status.AMBER
    return Status.RED


def worst(statuses: Iterable[str]) -> str:
    result = Status.NONE
    for s in statuses:
        if SEVERITY[s] > SEVERITY[result]:
            result = s
    return result


def achievement(indicator, value: Decimal | None) -> float | None:
    """How far `value` goes towards the target, 0..1 (1 = target met or beaten)."""
    if value is None:
        return None
    value, target = float(value), float(indicator.target)
    if indicator.direction == "higher":
        ratio = 1.0 if target <= 0 else value / target
    else:
        ratio = 1.0 if value <= target else (target / value if value else 1.0)
    return max(0.0, min(1.0, ratio))


@dataclass
class Latest:
    """An indicator's values in its latest period with data, and the status of their mean."""

    indicator: object
    period: object = None
    values: list = field(default_factory=list)  # measurements of that period
    status: str = Status.NONE

    @property
    def badge(self) -> str:
        return BADGE[self.status]

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def value(self):
        """One figure to show: the single value, or the mean of the units' values."""
        if not self.values:
            return None
        if len(self.values) == 1:
            return self.values[0].value
        mean = sum(m.value for m in self.values) / len(self.values)
        return mean.quantize(Decimal("0.1"))


def latest(indicator, measurements: Iterable | None = None) -> Latest:
    """The latest period's measurements of `indicator` (pass prefetched ones to save queries)."""
    rows = list(measurements if measurements is not None else indicator.measurements.all())
    if not rows:
        return Latest(indicator)
    newest = max(rows, key=lambda m: m.period.start)
    values = [m for m in rows if m.period_id == newest.period_id]
    # Several units' values: the figure shown is their mean, so the status is the mean's
    # (each unit's own status is on the KPI page and on that unit's dashboard).
    state = Latest(indicator, newest.period, values)
    state.status = status_of(indicator, state.value)
    return state
