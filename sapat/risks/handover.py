"""Open measures of people who leave: the risks app's part of `sapat.org.handover`."""
from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sapat.org.handover import OpenWork

from .models import Measure, MeasureQuerySet


def open_measures_of(person_ids: list[int]) -> list[OpenWork]:
    """Open measures each person answers for, by name or through a post they hold.

    Two queries whatever the number of people; a measure held both ways is listed once.
    """
    open_live = Q(measure__archived_at__isnull=True, measure__status__in=MeasureQuerySet.OPEN)
    fields = ("measure_id", "measure__text", "measure__due_date",
              "measure__risk__unit__name", "measure__opportunity__unit__name")
    rows = list(
        Measure.responsible_people.through.objects.filter(open_live, person_id__in=person_ids)
        .values_list("person_id", *fields)
    )
    rows += list(
        Measure.responsible_positions.through.objects.filter(
            open_live, position__holder_id__in=person_ids
        ).values_list("position__holder_id", *fields)
    )
    seen, items = set(), []
    for person_id, measure_id, text, due, risk_unit, opportunity_unit in sorted(
        rows, key=lambda r: (r[0], r[3] is None, r[3] or datetime.date.min, r[1])
    ):
        if (person_id, measure_id) in seen:
            continue
        seen.add((person_id, measure_id))
        items.append(OpenWork(
            person_id=person_id, kind=_("measure"), title=text[:200],
            unit=risk_unit or opportunity_unit or "",
            url=reverse("risks:measure_edit", args=[measure_id]), due=due,
        ))
    return items
