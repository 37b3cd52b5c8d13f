"""Back up the whole database and the uploaded files into one zip file.

    sapat backup /var/backups/sapat-$(date +%F).zip

Works on SQLite and PostgreSQL alike; the file restores into either (`sapat restore`).
"""
from django.core.management.base import BaseCommand

from sapat.lib.backup import backup


class Command(BaseCommand):
    help = "Back up every record and uploaded file into a zip file."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        summary = backup(file)
        self.stdout.write(self.style.SUCCESS(
            f"{file}: {sum(summary.rows.values())} records, {summary.files} files"
        ))
