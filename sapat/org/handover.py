"""Open work that people leave behind: a registry each app adds to.

When the HR file no longer lists a person, Sapat deactivates them (never deletes) and the
QMS office sees what they still answered for, to hand it to someone else. The organisation
cannot know every app's records, so each app registers a provider here (from its
`AppConfig.ready()`), the way the menu works (`sapat.lib.nav`):

    handover.register("measures", open_measures_of)

A provider takes a list of person ids and returns `OpenWork` items, a fixed number of
queries whatever the number of people.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class OpenWork:
    person_id: int
    kind: str  # a lazy translation: "measure", "KPI value"…
    title: str
    unit: str  # the unit's label
    url: str  # where it is reassigned
    due: object = None  # a date, when the work has one


_PROVIDERS: dict[str, Callable[[list[int]], Iterable[OpenWork]]] = {}


def register(key: str, provider: Callable[[list[int]], Iterable[OpenWork]]) -> None:
    """Add (or replace, by key) a provider of open work."""
    _PROVIDERS[key] = provider


def open_work(person_ids: Iterable[int]) -> dict[int, list[OpenWork]]:
    """Every provider's open work of these people, by person id."""
    ids = sorted(set(person_ids))
    found: dict[int, list[OpenWork]] = {pk: [] for pk in ids}
    if not ids:
        return found
    for _key, provider in sorted(_PROVIDERS.items()):
        for item in provider(ids):
            found.setdefault(item.person_id, []).append(item)
    return found
