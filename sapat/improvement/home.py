"""Home panels of nonconformities (Appendix 7): the QMS office's (open ones by unit and
age, overdue and ineffective actions), a head's (their unit's nonconformities and actions
due) and the rector's (the trend). Each costs a fixed number of queries."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import CorrectiveAction, EffectivenessReview, Step
from .permissions import nonconformities_visible_to

LIST_LIMIT = 8
DUE_DAYS = 30
AGES = ((30, "0–30"), (90, "31–90"), (None, "90+"))


def _subtree(unit, field="unit") -> Q:
    return Q(**{f"{field}__path": unit.path}) | Q(**{f"{field}__path__startswith": unit.path + "."})


def qms_panel(person) -> dict:
    today = timezone.localdate()
    visible = nonconformities_visible_to(person).exclude(state=Step.CLOSED)
    d30, d90 = today - datetime.timedelta(days=30), today - datetime.timedelta(days=90)
    by_unit = list(
        visible.values("unit__pk", "unit__name", "unit__name_ru", "unit__name_en")
        .annotate(
            young=Count("pk", filter=Q(reported_on__gt=d30)),
            middle=Count("pk", filter=Q(reported_on__lte=d30, reported_on__gt=d90)),
            old=Count("pk", filter=Q(reported_on__lte=d90)),
            total=Count("pk"),
        ).order_by("-total", "unit__name")[:LIST_LIMIT])
    from django.utils.translation import get_language

    lang = (get_language() or "ky")[:2]
    for row in by_unit:
        row["label"] = row.get(f"unit__name_{lang}") or row["unit__name"]
    actions = CorrectiveAction.objects.live().filter(
        nonconformity__in=visible.values("pk"))
    overdue = list(actions.overdue(today).select_related("nonconformity")
                   .order_by("due_date", "pk")[:LIST_LIMIT])
    overdue_count = actions.overdue(today).count()
    ineffective = list(
        EffectivenessReview.objects.filter(
            verdict=EffectivenessReview.Verdict.INEFFECTIVE,
            nonconformity__in=nonconformities_visible_to(person).values("pk"),
            judged_at__date__gte=today - relativedelta(months=12),
        ).select_related("nonconformity").order_by("-judged_at")[:LIST_LIMIT])
    return {"by_unit": by_unit, "overdue": overdue, "overdue_count": overdue_count,
            "ineffective": ineffective, "today": today}


def head_panel(person, unit) -> dict:
    today = timezone.localdate()
    mine = nonconformities_visible_to(person).filter(_subtree(unit)).exclude(state=Step.CLOSED)
    ncs = list(mine.order_by("reported_on", "pk")[:LIST_LIMIT])
    horizon = today + datetime.timedelta(days=DUE_DAYS)
    actions = list(
        CorrectiveAction.objects.live().open()
        .filter(_subtree(unit, "nonconformity__unit"), due_date__lte=horizon)
        .select_related("nonconformity").order_by("due_date", "pk")[:LIST_LIMIT])
    for a in actions:
        a.overdue = a.is_overdue_on(today)
    return {"unit": unit, "ncs": ncs, "actions": actions, "today": today}


def trend_panel(person) -> dict:
    """Opened and closed per month over the last 12 months (two queries)."""
    today = timezone.localdate()
    start = (today.replace(day=1) - relativedelta(months=11))
    visible = nonconformities_visible_to(person)
    opened = dict(visible.filter(reported_on__gte=start)
                  .annotate(m=TruncMonth("reported_on")).values("m")
                  .annotate(n=Count("pk")).values_list("m", "n"))
    closed = dict(visible.filter(closed_at__date__gte=start)
                  .annotate(m=TruncMonth("closed_at")).values("m")
                  .annotate(n=Count("pk")).values_list("m", "n"))
    closed = {(k.date() if isinstance(k, datetime.datetime) else k): v
              for k, v in closed.items()}
    months = [start + relativedelta(months=i) for i in range(12)]
    top = max([*opened.values(), *closed.values(), 1])
    rows = [{"month": m, "opened": opened.get(m, 0), "closed": closed.get(m, 0),
             "opened_pct": round(100 * opened.get(m, 0) / top),
             "closed_pct": round(100 * closed.get(m, 0) / top)} for m in months]
    return {"rows": rows, "open_now": visible.exclude(state=Step.CLOSED).count()}
