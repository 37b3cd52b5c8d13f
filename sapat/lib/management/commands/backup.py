"""Back up the whole database and the uploaded files into one zip file.

    sapat backup /var/backups/sapat-$(date +%F).zip

Works on SQLite and PostgreSQL alike; the file restores into either (`sapat restore`).
"""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sapat.lib.backup import backup
from sapat.lib.cli import SpeaksLanguage
from sapat.lib.progress import Progress, bar_progress


class Command(SpeaksLanguage, BaseCommand):
    help = "Back up every record and uploaded file into a zip file."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        bar = Progress(1, stream=self.stderr._out, enabled=options["verbosity"] > 0)
        summary = backup(file, progress=bar_progress(bar) if bar.tty else None)
        if bar.tty:
            bar.finish()
        self.stdout.write(self.style.SUCCESS(
            _("%(file)s: %(records)s records, %(files)s files") % {
                "file": file, "records": sum(summary.rows.values()), "files": summary.files}
        ))
