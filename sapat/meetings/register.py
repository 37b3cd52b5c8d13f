"""The decision register: decisions a person reads, filtered by body, status, overdue and
responsible unit. The screen, the exports and the API filter with this one function."""
from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from sapat.org.models import Position, Unit

from . import permissions
from .models import Body, Decision


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def filtered_decisions(person, params) -> object:
    """Decisions `person` reads, filtered by `params` (body id, status, overdue, unit code),
    with what a row prints joined: a fixed number of queries whatever the rows."""
    params = params or {}
    qs = permissions.decisions_visible_to(person)
    body = _int(params.get("body"))
    if body:
        qs = qs.filter(meeting__body_id=body)
    status = params.get("status")
    if status in Decision.Status.values:
        qs = qs.filter(status=status)
    if params.get("overdue") in ("1", "on", "true", True):
        qs = qs.overdue(timezone.localdate())
    code = params.get("unit")
    if code:
        unit = Unit.objects.filter(code=code).only("path").first()
        qs = qs.filter(responsible_unit__path__startswith=unit.path) if unit else qs.none()
    return (qs.filter(meeting__archived_at__isnull=True)
            .select_related("meeting__body__unit", "responsible_unit")
            .prefetch_related("responsible_people",
                              Prefetch("responsible_positions",
                                       Position.objects.select_related("unit")))
            .order_by("-meeting__held_on", "meeting_id", "pk"))


def bodies_for(person):
    return Body.objects.live().filter(
        pk__in=permissions.meetings_visible_to(person).values("body_id")).select_related("unit")
