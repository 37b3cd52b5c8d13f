"""The daily e-mail digest (the inbox of each person) as a background job (a system job: no owner).

`sapat send_reminders` runs it in the foreground with a progress bar (cron), or queues
it for a worker with `--queue`. Safe to run again: a person gets one digest a day.
"""
from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from sapat.jobs.registry import JobKind, register

from .reminders import DEFAULT_DAYS, send_reminders


def reminders_job(ctx, *, today: str | None = None, days: int = DEFAULT_DAYS) -> dict:
    ctx.progress(0, 0, _("Sending the e-mail digests"))
    sent = send_reminders(today=datetime.date.fromisoformat(today) if today else None,
                          days=days, progress=ctx.progress)
    return {"sent": sent}


register(JobKind("reminders", reminders_job, heavy=False,
                 title=lambda params: _("Daily e-mail digest of what waits for each person")))
