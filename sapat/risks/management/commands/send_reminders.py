"""`sapat send_reminders`: e-mail each responsible person their overdue and upcoming measures.

Cron-ready: run it daily (or more often); a person gets at most one digest a day.
"""
import datetime

from django.core.management.base import BaseCommand

from sapat.risks.reminders import DEFAULT_DAYS, send_reminders


class Command(BaseCommand):
    help = "E-mail each responsible person a digest of overdue measures and those due soon."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS,
                            help="How many days ahead count as 'due soon' (default 14).")
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None,
                            help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, days, date, **options):
        sent = send_reminders(today=date, days=days)
        self.stdout.write(f"Reminders sent: {sent}")
