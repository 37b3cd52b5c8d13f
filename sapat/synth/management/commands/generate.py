"""Fill the configured database with a synthetic university for benchmarks and tests.

    sapat generate --scale large [--seed 1] [--today 2026-11-02] [--password bench]
                   [--hr-file FILE] [--hr-lang ky]

`large` is product.md's scale (150 units, 3,000 people, 40 processes, 500 KPIs with five
years of quarterly values, 5,000 risks and opportunities, 20,000 measures); `small` is
about a twentieth of it. The same seed gives the same rows in a fresh database. The
database is chosen by DATABASE_URL, as for every command. It refuses a database that
already holds data unless `--force` (which empties it first), and production settings
unless `--allow-production`. At the end it prints the benchmark logins, and writes the
organisation as the HR department's file (`sapat import org FILE` takes it in elsewhere).
"""
import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.lib.cli import SpeaksLanguage
from sapat.lib.progress import Progress
from sapat.synth.generate import expected_rows, generate
from sapat.synth.scale import DEFAULT_TODAY, SCALES


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("Give the date as YYYY-MM-DD.")) from exc


def _model_name(label: str) -> str:
    """“Тобокелдиктер” for risks.Risk: the model's name in the language of the messages
    (a many-to-many link table, which has none of its own, keeps its label)."""
    from django.apps import apps
    from django.utils.text import capfirst

    model = apps.get_model(label)
    return label if model._meta.auto_created else str(capfirst(model._meta.verbose_name_plural))


class Command(SpeaksLanguage, BaseCommand):
    help = "Fill an empty database with a synthetic university (benchmarks, tests)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--scale", choices=sorted(SCALES), default="small",
                            help="large: product.md's scale; small: about a twentieth.")
        parser.add_argument("--seed", type=int, default=1,
                            help="The same seed gives the same data (default 1).")
        parser.add_argument("--today", default=DEFAULT_TODAY.isoformat(),
                            help="The generated world's today: due dates, overdue measures and "
                                 f"the current quarter are placed around it "
                                 f"(default {DEFAULT_TODAY.isoformat()}).")
        parser.add_argument("--password", default="bench",
                            help="Password of the bench-* logins (default: bench).")
        parser.add_argument("--force", action="store_true",
                            help="Empty a database that already holds data, then generate.")
        parser.add_argument("--allow-production", action="store_true",
                            help="Run even under production settings (never on real data).")
        parser.add_argument("--hr-file",
                            help="Where to write the organisation as an HR file (default: "
                                 "var/generated/hr-SCALE-seedN.xlsx); '-' writes none.")
        parser.add_argument("--hr-lang", choices=("ky", "ru", "en"), default="ky",
                            help="The HR file's headings (default ky).")

    def handle(self, *args, scale, seed, today, password, force, allow_production, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError(_("Refusing to generate synthetic data under production "
                                 "settings; add --allow-production if this is really meant."))
        chosen = SCALES[scale]
        progress = Progress(expected_rows(chosen), stream=self.stderr._out,
                            enabled=options["verbosity"] > 0)
        try:
            result = generate(scale=chosen, seed=seed, today=_date(today), password=password,
                              force=force, progress=progress)
        except ValueError as exc:
            raise CommandError(_("The database already holds data. Use an empty database, "
                                 "or add --force to empty this one first.")) from exc
        hr_file = self._write_hr_file(options, scale, seed)
        if options["verbosity"] == 0:
            return
        self.stdout.write(self.style.SUCCESS(
            _("Generated the %(scale)s university (seed %(seed)s, today %(today)s) in "
              "%(seconds).1f s.") % {"scale": scale, "seed": seed, "today": result.today,
                                     "seconds": result.seconds}))
        for label, n in sorted(result.counts.items()):
            self.stdout.write(f"  {n:>8}  {_model_name(label)}")
        self.stdout.write("")
        self.stdout.write(_("Benchmark logins (password: %(pw)s):") % {"pw": password})
        for login in result.bench:
            self.stdout.write(f"  {login.username:<16} {login.role:<9} {login.unit:<10} "
                              f"{login.unit_name}")
        if hr_file:
            self.stdout.write(_("The organisation as an HR file: %(path)s") % {"path": hr_file})

    def _write_hr_file(self, options, scale, seed):
        if options.get("hr_file") == "-":
            return None
        from sapat.org.hr.workbook import org_export_hr

        path = Path(options.get("hr_file") or settings.DATA_DIR / "generated"
                    / f"hr-{scale}-seed{seed}.xlsx")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(org_export_hr(options.get("hr_lang") or "ky"))
        except OSError as exc:
            raise CommandError(_("Could not write the HR file %(path)s: %(error)s") % {
                "path": path, "error": exc.strerror}) from exc
        return path
