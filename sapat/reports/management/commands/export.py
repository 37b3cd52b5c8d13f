"""`sapat export {register,consolidated,passport,integrated,process-card,heatmap}
--format {xlsx,docx,pdf} --lang {ky,ru,en} [--unit CODE] [--process CODE] -o FILE`."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.lib.cli import SpeaksLanguage
from sapat.lib.progress import Progress, bar_progress
from sapat.org.models import Person
from sapat.reports.export import FORMATS, TABLES, ExportError, SystemPerson, export_table


class Command(SpeaksLanguage, BaseCommand):
    help = "Write one of the regulation's tables as XLSX, DOCX or PDF (for cron and admins)."

    lang_help = ("language of the document and the messages (document: Kyrgyz unless "
                 "given; messages: the locale's unless given)")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("table", choices=TABLES)
        parser.add_argument("--format", choices=tuple(FORMATS), default="xlsx")
        parser.add_argument("--unit", help="unit code (passport; filters the registers)")
        parser.add_argument("--process", help="process code (process card, integrated table)")
        parser.add_argument("--as", dest="username",
                            help="export what this person may see (default: everything)")
        parser.add_argument("-o", "--output", required=True, help="file to write ('-' = stdout)")

    def handle(self, *args, **opts):
        person = SystemPerson()
        if opts["username"]:
            person = Person.objects.filter(username=opts["username"], is_active=True).first()
            if person is None:
                raise CommandError(_("No active person “%(name)s”.") % {
                    "name": opts["username"]})
        if opts["output"] != "-":
            folder = Path(opts["output"]).expanduser().resolve().parent
            if not folder.is_dir():
                raise CommandError(_("There is no folder %(folder)s: create it, or write the "
                                     "file somewhere else with -o.") % {"folder": folder})
        params = {k: opts[k] for k in ("unit", "process") if opts.get(k)}
        bar = Progress(1, stream=self.stderr._out, enabled=opts["verbosity"] > 0)
        try:
            result = export_table(opts["table"], opts["format"], person=person,
                                  lang=opts["lang"] or "ky", params=params,
                                  progress=bar_progress(bar) if bar.tty else None)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        if bar.tty:
            bar.finish()
        if opts["output"] == "-":
            import sys

            sys.stdout.buffer.write(result.content)
            return
        try:
            with open(opts["output"], "wb") as f:
                f.write(result.content)
        except OSError as exc:
            raise CommandError(_("Cannot write %(file)s: %(error)s.") % {
                "file": opts["output"], "error": exc.strerror}) from exc
        self.stderr.write(_("%(file)s: %(size)s bytes") % {
            "file": opts["output"], "size": len(result.content)})
