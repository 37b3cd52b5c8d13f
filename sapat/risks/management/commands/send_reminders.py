"""`sapat send_reminders`: e-mail each person one daily digest of what waits for them.

Cron-ready: run it daily (or more often); a person gets at most one digest a day. Runs
in the foreground with a progress bar on a terminal; `--queue` hands it to a worker.
"""
import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sapat.jobs.runner import run_here
from sapat.jobs.services import job_start
from sapat.lib.cli import SpeaksLanguage
from sapat.risks.reminders import DEFAULT_DAYS


class Command(SpeaksLanguage, BaseCommand):
    help = ("E-mail each person one daily digest of what waits for them: approvals, "
            "acknowledgements, measures overdue or due soon, KPI values to enter.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS,
                            help="How many days ahead count as 'due soon' (default 14).")
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None,
                            help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--queue", action="store_true",
                            help="Hand the digest to a background worker instead of sending now.")

    def handle(self, *args, days, date, queue, **options):
        from django.core.exceptions import ImproperlyConfigured
        from django.core.management.base import CommandError

        from sapat.risks.reminders import require_site_url

        try:
            require_site_url()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        params = {"days": days, "today": date.isoformat() if date else None}
        if queue:
            job = job_start(kind="reminders", owner=None, params=params)
            self.stdout.write(_("Queued for a worker: job %(id)s") % {"id": job.pk})
            return
        ctx = run_here("reminders", params=params, lang=get_language() or "ky", person=None,
                       stream=self.stderr._out, quiet=options["verbosity"] == 0)
        self.stdout.write(_("Reminders sent: %(n)s") % {"n": ctx.result["sent"]})
