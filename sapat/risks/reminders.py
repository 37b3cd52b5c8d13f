"""Reminder digests: each person gets one e-mail a day at most, listing what waits for them
(the inbox: approvals, acknowledgements, measures overdue or due within the next days, KPI
values to enter). A plain function, so a cron job, a queue worker or the `send_reminders`
command can all run it. The measures' part of the inbox is registered here (rule: `tracked`).
"""
from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sapat.inbox import registry as inbox
from sapat.inbox.digest import render_digest
from sapat.org.models import Person

from . import tracked
from .models import Measure, ReminderLog

log = logging.getLogger(__name__)
DEFAULT_DAYS = tracked.DEFAULT_DAYS


def due_measures(today: datetime.date, days: int | None = None):
    """Open measures of live risks and opportunities, overdue or due within `days`."""
    return tracked.due(live_measures(), today, days)


def live_measures():
    """Measures of risks and opportunities that are not archived."""
    return (
        Measure.objects.live()
        .filter(Q(risk__isnull=True) | Q(risk__archived_at__isnull=True))
        .filter(Q(opportunity__isnull=True) | Q(opportunity__archived_at__isnull=True))
    )


def _measure_url(measure) -> str:
    return reverse("risks:measure_complete", args=[measure.pk])


tracked.register_actions(
    "measures", label=_("Measure"),
    actions=live_measures,
    url=_measure_url, order=20,
    columns=lambda lang: (
        tracked.translated("text", lang),
        Coalesce(tracked.translated("risk__title", lang),
                 tracked.translated("opportunity__title", lang), output_field=TextField()),
    ),
)


def require_site_url() -> None:
    """In production, e-mails need SITE_URL: a link without it cannot be opened."""
    if getattr(settings, "PRODUCTION", False) and not getattr(settings, "SITE_URL", ""):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SITE_URL is not set: reminders would carry links nobody can open. Set it to "
            "the address people open Sapat at, e.g. SITE_URL=https://qms.jasu.kg")


def send_reminders(*, today: datetime.date | None = None, days: int = tracked.DEFAULT_DAYS,
                   progress=None) -> int:
    """Send today's digests; a person already reminded today is skipped. Returns e-mails sent.

    `days`: how many days ahead a measure counts as due soon.
    `progress(done, total)`, when given, hears each person's digest handled."""
    require_site_url()
    token = tracked.HORIZON.set(days)
    try:
        return _send_all(today or timezone.localdate(), progress)
    finally:
        tracked.HORIZON.reset(token)


def _send_all(today: datetime.date, progress) -> int:
    already = set(ReminderLog.objects.filter(day=today).values_list("person_id", flat=True))
    candidates = inbox.people_to_notify(today)
    people = Person.objects.filter(is_active=True).exclude(email="").exclude(pk__in=already)
    if candidates is not None:
        people = people.filter(pk__in=candidates)
    people = list(people.order_by("pk"))
    sent = 0
    for done, person in enumerate(people):
        if progress is not None:
            progress(done, len(people))
        language = person.language or settings.LANGUAGE_CODE
        with translation.override(language):
            items = inbox.items_for(person, today)
        if not items:
            continue
        try:
            # The log row is written first, in the same transaction as the send: if the
            # mail fails the row is rolled back and tomorrow's (or a re-)run tries again.
            with transaction.atomic():
                ReminderLog.objects.create(person=person, day=today, measures=len(items))
                subject, body = render_digest(person, items, today)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
        except IntegrityError:
            continue  # another run reminded this person a moment ago
        except OSError:
            log.exception("reminder to %s failed", person.username)
            continue
        sent += 1
    return sent
