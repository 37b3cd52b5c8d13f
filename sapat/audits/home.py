"""The auditor's home panel: the audits they are on, and today's checklist."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from .models import Audit

LIST_LIMIT = 10


def auditor_panel(person) -> dict | None:
    """Open audits the person leads or is on (three queries); None when there are none.

    `today`: the audits running today, each with how many of its questions are graded,
    so the auditor opens the checklist of the visit from the home page.
    """
    today = timezone.localdate()
    ids = Audit.objects.live().filter(Q(lead_auditor=person) | Q(team=person)).values("pk")
    audits = list(
        Audit.objects.filter(pk__in=ids)
        .exclude(state=Audit.State.CLOSED)
        .select_related("programme")
        .annotate(
            questions_total=Count("questions", filter=Q(questions__archived_at__isnull=True)),
            questions_graded=Count(
                "questions",
                filter=Q(questions__archived_at__isnull=True, questions__finding__isnull=False),
            ),
        )
        .order_by("planned_start", "pk")[:LIST_LIMIT]
    )
    if not audits:
        return None
    for audit in audits:
        audit.overdue = audit.is_overdue_on(today)
        audit.runs_today = (
            audit.state in (Audit.State.PLANNED, Audit.State.IN_PROGRESS)
            and audit.planned_start <= today <= audit.planned_end
        )
    return {"audits": audits, "today_audits": [a for a in audits if a.runs_today], "today": today}
