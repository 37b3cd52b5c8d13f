"""Editing the risk scale: who would change band if the thresholds changed.

Band is always computed from level = L × C and the active scale's thresholds, so a change
of thresholds re-bands every risk at once. The scale screen shows, before saving, how
many risks move ("3 risks will move from medium to high"); the rule that the bands tile
1..25 lives in `scoring.validate_bands`.
"""
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    """`count` risks whose band goes from `old` to `new` (band codes; None = no band)."""

    old: str | None
    new: str | None
    count: int


def _code_for(level: int, bands) -> str | None:
    for band in bands:
        if band.min_level <= level <= band.max_level:
            return band.code
    return None


def band_moves(levels: Mapping[int, int], old: Iterable, new: Iterable) -> list[Move]:
    """Which risks change band: `levels` maps a level to the number of risks at it.

    `old` and `new` are bands (anything with `code`, `min_level`, `max_level`).
    """
    old, new = list(old), list(new)
    moved: Counter = Counter()
    for level, count in levels.items():
        if level is None or not count:
            continue
        before, after = _code_for(level, old), _code_for(level, new)
        if before != after:
            moved[(before, after)] += count
    return [Move(a, b, n) for (a, b), n in sorted(moved.items(), key=lambda kv: str(kv[0]))]
