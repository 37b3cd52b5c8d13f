"""The inbox as one e-mail a day: what it says, in the person's language."""
from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .registry import InboxItem, Urgency


def render_digest(person, items: list[InboxItem], today: datetime.date) -> tuple[str, str]:
    """(subject, body) of `person`'s digest, in their language."""
    language = getattr(person, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        overdue = sum(1 for i in items if i.urgency == Urgency.OVERDUE)
        subject = _("Sapat: %(n)s waiting, %(overdue)s overdue") % {
            "n": len(items), "overdue": overdue}
        body = render_to_string("inbox/email/digest.txt", {
            "person": person, "items": items, "today": today,
            "site_url": getattr(settings, "SITE_URL", ""),
        })
    return subject, body
