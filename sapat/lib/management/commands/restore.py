"""Restore a backup made by `sapat backup` into this database, all or nothing.

    sapat restore FILE              # into an empty (migrated) database
    sapat restore FILE --replace    # replace what the database holds

The database is migrated first. A backup from SQLite restores into PostgreSQL and back.
"""
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.lib.backup import BackupError, restore
from sapat.lib.cli import SpeaksLanguage


class Command(SpeaksLanguage, BaseCommand):
    help = "Restore a Sapat backup (records and uploaded files)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--replace", action="store_true",
                            help="Replace the records the database holds now.")

    def handle(self, *args, file, replace, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = restore(file, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            _("%(file)s: %(records)s records, %(files)s files restored") % {
                "file": file, "records": sum(summary.rows.values()), "files": summary.files}
        ))
