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

from django.db.models import Prefetch

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
        queryset=Measurement.objects.select_related("period__year", "unit"),
    )


def live_indicators():
    """Live KPIs with what their status needs: two queries whatever their number."""
    return (
        Indicator.objects.live().select_related("process", "owner_unit")
        .prefetch_related(measurements_prefetch())
    )


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
