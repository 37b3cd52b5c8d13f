"""Restore a backup made by `sapat backup` into this database, all or nothing.

    sapat restore FILE              # into an empty (migrated) database
    sapat restore FILE --replace    # replace what the database holds

The database is migrated first. A backup from SQLite restores into PostgreSQL and back.
"""
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sapat.lib.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a Sapat backup (records and uploaded files)."

    def add_arguments(self, parser):
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
            f"{file}: {sum(summary.rows.values())} records, {summary.files} files restored"
        ))
