"""The QMS office's dashboard panel: document reviews due and overdue, versions on their
way (two queries whatever the number of documents)."""
from __future__ import annotations

import datetime

from django.urls import reverse

from .inbox import reviews_due
from .models import DocumentVersion, VersionState
from .permissions import documents_visible_to

LIST_LIMIT = 10


def qms_documents(person, today: datetime.date) -> dict:
    visible = documents_visible_to(person).values("pk")
    due = list(reviews_due(today).filter(pk__in=visible).select_related("owner_unit")
               .order_by("next_review", "code")[:LIST_LIMIT + 1])
    moving = list(DocumentVersion.objects.filter(
        document__in=visible, document__archived_at__isnull=True,
        state__in=[VersionState.REVIEW, VersionState.APPROVED]).select_related("document")
        .order_by("document__code")[:LIST_LIMIT])
    for d in due:
        d.overdue = d.next_review < today
    return {"due": due[:LIST_LIMIT], "more": len(due) > LIST_LIMIT,
            "overdue": sum(1 for d in due if d.overdue), "moving": moving,
            "url": reverse("documents:register")}
