"""`sapat import {passport,register} FILE [--unit CODE] [--dry-run]`: the same checks and
row messages as the upload screen; exit status 1 when anything is wrong, and then nothing
is saved. `sapat import org FILE [FILE…] [--dry-run]` takes in the organisation from the HR
department's file (`sapat.org.hr`)."""
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from sapat.org.models import Person, Role, Unit
from sapat.reports.importing import KINDS, default_unit, import_commit, plan_import


class Command(BaseCommand):
    help = "Import a unit's risk passport or the university register from XLSX or DOCX."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=(*KINDS, "org"))
        parser.add_argument("file", nargs="+",
                            help="the file (org: a workbook, or up to three CSV files)")
        parser.add_argument("--unit", help="unit code (the passport's unit; required for it)")
        parser.add_argument("--dry-run", action="store_true", help="check and preview only")
        parser.add_argument("--as", dest="username",
                            help="who imports (default: the first superuser or QMS officer)")
        parser.add_argument("--lang", choices=("ky", "ru", "en"), default="ky",
                            help="language of the messages")

    def handle(self, *args, **opts):
        with translation.override(opts["lang"]):
            return self._handle(opts)

    def _person(self, username):
        if username:
            person = Person.objects.filter(username=username, is_active=True).first()
            if person is None:
                raise CommandError(f"No active person “{username}”.")
            return person
        person = (
            Person.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            or Person.objects.filter(roles__role=Role.QMS, is_active=True)
            .order_by("pk").first()
        )
        if person is None:
            raise CommandError("No superuser or QMS officer to import as; use --as USERNAME.")
        return person

    def _handle(self, opts):
        if opts["kind"] == "org" and not opts["username"] and not Person.objects.filter(
            is_superuser=True, is_active=True
        ).exists() and not Person.objects.filter(roles__role=Role.QMS).exists():
            # An empty database: the server's operator brings the first organisation in.
            person = Person(username="sapat-import", is_superuser=True, is_active=True)
        else:
            person = self._person(opts["username"])
        if opts["kind"] == "org":
            from sapat.org.hr.command import run

            run(paths=opts["file"], person=person, dry_run=opts["dry_run"],
                stdout=self.stdout, stderr=self.stderr, verbose=opts["verbosity"] > 1)
            return
        if len(opts["file"]) != 1:
            raise CommandError("Give one file.")
        opts["file"] = opts["file"][0]
        unit = None
        if opts["unit"]:
            unit = Unit.objects.filter(code=opts["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit with the code “{opts['unit']}”.")
        elif opts["kind"] == "register":
            unit = default_unit("register", person)
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            plan = plan_import(kind=opts["kind"], content=path.read_bytes(),
                               filename=path.name, unit=unit, person=person)
        except PermissionDenied as exc:
            raise CommandError(f"{person} may not import into this unit.") from exc
        for row in plan.rows:
            level = f"{row.score.level} {row.score.band.label}" if row.score else "—"
            mark = "!" if row.errors else (
                "=" if row.is_opportunity else "~" if row.existing else "+")
            self.stdout.write(f"{mark} {row.line:>4}  {level:<14} {row.title}")
        problems = plan.messages() if not plan.ok else []
        for message in problems:
            self.stderr.write(message)
        if problems:
            raise CommandError(f"{len(problems)} problem(s); nothing was saved.")
        if opts["dry_run"]:
            self.stdout.write(f"{len(plan.rows)} rows are fine (dry run: nothing saved).")
            return
        try:
            result = import_commit(plan=plan, person=person)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, unchanged "
            f"{result.unchanged}, measures added {result.measures_added}"
        )
