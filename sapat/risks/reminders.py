"""Reminder digests: each responsible person gets one e-mail a day at most, listing their
open measures that are overdue or due within the next days. A plain function, so a cron
job, a queue worker or the `send_reminders` command can all run it.
"""
from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sapat.org.models import Person

from .models import Measure, ReminderLog

log = logging.getLogger(__name__)
DEFAULT_DAYS = 14


@dataclass
class Digest:
    person: Person
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon)


def digests(today: datetime.date, days: int = DEFAULT_DAYS) -> list[Digest]:
    """Who should hear about what today (no e-mail sent, nothing written)."""
    horizon = today + datetime.timedelta(days=days)
    measures = (
        Measure.objects.live().open()
        .filter(due_date__isnull=False, due_date__lte=horizon)
        .filter(Q(risk__isnull=True) | Q(risk__archived_at__isnull=True))
        .filter(Q(opportunity__isnull=True) | Q(opportunity__archived_at__isnull=True))
        .select_related("risk__unit", "opportunity__unit")
        .prefetch_related("responsible_people", "responsible_positions__holder")
        .order_by("due_date", "pk")
    )
    found: dict[int, Digest] = {}
    buckets = defaultdict(set)
    for measure in measures:
        people = list(measure.responsible_people.all())
        people += [p.holder for p in measure.responsible_positions.all() if p.holder]
        for person in people:
            if not person.is_active or not person.email or measure.pk in buckets[person.pk]:
                continue
            buckets[person.pk].add(measure.pk)
            digest = found.setdefault(person.pk, Digest(person))
            (digest.overdue if measure.due_date < today else digest.due_soon).append(measure)
    return list(found.values())


def require_site_url() -> None:
    """In production, e-mails need SITE_URL: a link without it cannot be opened."""
    if getattr(settings, "PRODUCTION", False) and not getattr(settings, "SITE_URL", ""):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SITE_URL is not set: reminders would carry links nobody can open. Set it to "
            "the address people open Sapat at, e.g. SITE_URL=https://qms.jasu.kg")


def send_reminders(*, today: datetime.date | None = None, days: int = DEFAULT_DAYS,
                   progress=None) -> int:
    """Send today's digests; a person already reminded today is skipped. Returns e-mails sent.

    `progress(done, total)`, when given, hears each person's digest handled."""
    require_site_url()
    today = today or timezone.localdate()
    already = set(ReminderLog.objects.filter(day=today).values_list("person_id", flat=True))
    sent = 0
    found = digests(today, days)
    for done, digest in enumerate(found):
        if progress is not None:
            progress(done, len(found))
        if digest.person.pk in already:
            continue
        try:
            # The log row is written first, in the same transaction as the send: if the
            # mail fails the row is rolled back and tomorrow's (or a re-)run tries again.
            with transaction.atomic():
                ReminderLog.objects.create(person=digest.person, day=today,
                                           measures=digest.count)
                _send(digest, today, days)
        except IntegrityError:
            continue  # another run reminded this person a moment ago
        except OSError:
            log.exception("reminder to %s failed", digest.person.username)
            continue
        sent += 1
    return sent


def _send(digest: Digest, today: datetime.date, days: int) -> None:
    language = digest.person.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"digest": digest, "person": digest.person, "today": today, "days": days,
                   "site_url": getattr(settings, "SITE_URL", "")}
        subject = _("Sapat: %(overdue)s overdue, %(soon)s due soon") % {
            "overdue": len(digest.overdue), "soon": len(digest.due_soon),
        }
        body = render_to_string("risks/email/reminder.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [digest.person.email])
