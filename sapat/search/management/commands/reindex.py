"""Rebuild the search index from the records: `sapat reindex [--kind risk …] [--dry-run]`.

Saving a record re-indexes it; this is for after a bulk load, a restore, or a change of
the stemmer. Safe to run at any time: each kind is rebuilt in its own transaction.
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.lib.cli import SpeaksLanguage
from sapat.search import index, registry


class Command(SpeaksLanguage, BaseCommand):
    help = "Rebuild the search index from the records."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--kind", action="append", default=[],
                            help="only this kind (risk, measure, process…); may repeat")
        parser.add_argument("--dry-run", action="store_true",
                            help="count what would be indexed, write nothing")

    def handle(self, *args, kind, dry_run, **options):
        known = {p.key: p for p in registry.providers()}
        unknown = [k for k in kind if k not in known]
        if unknown:
            raise CommandError(_("Unknown kind: %(kinds)s. Known: %(known)s.") % {
                "kinds": ", ".join(unknown), "known": ", ".join(known)})
        if dry_run:
            for key, provider in known.items():
                if not kind or key in kind:
                    self.stdout.write(f"  {provider.all_records().count():>8}  {provider.label}")
            self.stdout.write(_("Dry run: nothing was written."))
            return
        counts = index.rebuild(kind or None)
        for key, n in counts.items():
            self.stdout.write(f"  {n:>8}  {known[key].label}")
        self.stdout.write(self.style.SUCCESS(
            _("The search index holds %(n)s records.") % {"n": sum(counts.values())}))
