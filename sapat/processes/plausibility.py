"""Is a KPI value far from the KPI's history? The one rule the form, the API and the
tests share (issue 12: «79,5» once saved as 795 and showed green).

History: the unit's own latest values of the KPI in other periods (at most
`HISTORY`), or — when the unit has fewer than two — the KPI's latest values of any unit.
With at least two values, a value is unusual when it lies further from them than
`FACTOR` times their spread; the spread is their range, but never less than a tenth of
their largest magnitude (so that three equal values do not make every change unusual).
An unusual value is saved only when the person confirms it (the form's tick box, the
API's `confirm: true`). Percentages outside 0–100 are refused outright by the model.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sapat.lib.numbers import format_decimal

HISTORY = 5
FACTOR = 3
MIN_SPREAD_SHARE = Decimal("0.1")


@dataclass
class Unusual:
    previous: list[Decimal]  # oldest first
    low: Decimal
    high: Decimal

    def message(self) -> str:
        return _(
            "This value is far from the previous ones (%(values)s). Check it; if it is "
            "right, confirm it and save again."
        ) % {"values": "; ".join(format_decimal(v) for v in self.previous)}


class UnusualValue(ValidationError):
    """Raised by `measurement_record` for an unconfirmed unusual value."""

    def __init__(self, found: Unusual):
        self.found = found
        super().__init__({"value": [found.message()]}, code="unusual")


def history(indicator, unit, period) -> list[Decimal]:
    """The values the rule compares with, oldest first (one or two queries)."""
    others = indicator.measurements.exclude(period=period).order_by("-period__start")
    own = list(others.filter(unit=unit).values_list("value", flat=True)[:HISTORY])
    if len(own) < 2:
        own = list(others.values_list("value", flat=True)[:HISTORY])
    return own[::-1]


def bounds(previous: list[Decimal]) -> tuple[Decimal, Decimal] | None:
    if len(previous) < 2:
        return None
    low, high = min(previous), max(previous)
    spread = max(high - low, MIN_SPREAD_SHARE * max(abs(low), abs(high)), Decimal("0.01"))
    return low - FACTOR * spread, high + FACTOR * spread


def unusual(indicator, unit, period, value) -> Unusual | None:
    """`Unusual` when `value` is far from the history, else None."""
    previous = history(indicator, unit, period)
    found = bounds(previous)
    if found is None:
        return None
    low, high = found
    if low <= Decimal(value) <= high:
        return None
    return Unusual(previous, low, high)
