"""`sapat import {passport,register} FILE [--unit CODE] [--dry-run]`: the same checks and
row messages as the upload screen; exit status 1 when anything is wrong, and then nothing
is saved. `sapat import org FILE [FILE…] [--dry-run]` takes in the organisation from the HR
department's file (`sapat.org.hr`)."""
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.lib.cli import SpeaksLanguage, locale_language  # noqa: F401 (imported by tests)
from sapat.org.models import Person, Role, Unit
from sapat.reports.importing import KINDS, NEW, default_unit, import_commit, plan_import
from sapat.risks.models import RiskCategory


class Command(SpeaksLanguage, BaseCommand):
    help = "Import a unit's risk passport or the university register from XLSX or DOCX."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("kind", choices=(*KINDS, "org"))
        parser.add_argument("file", nargs="+",
                            help="the file (org: a workbook, or up to three CSV files)")
        parser.add_argument("--unit", help="unit code (the passport's unit; required for it)")
        parser.add_argument("--dry-run", action="store_true", help="check and preview only")
        parser.add_argument("--as", dest="username",
                            help="who imports (default: the first superuser or QMS officer)")
        parser.add_argument(
            "--map-category", action="append", default=[], metavar="NAME=CODE",
            help="a category the file names that the catalogue lacks, taken as the "
                 "category with this code (repeat for several)")
        parser.add_argument(
            "--new-category", action="append", default=[], metavar="NAME",
            help="a category the file names that the catalogue lacks, created on import")

    def handle(self, *args, **opts):
        return self._handle(opts)

    def _person(self, username):
        if username:
            person = Person.objects.filter(username=username, is_active=True).first()
            if person is None:
                raise CommandError(_("No active person “%(name)s”.") % {"name": username})
            return person
        person = (
            Person.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            or Person.objects.filter(roles__role=Role.QMS, is_active=True)
            .order_by("pk").first()
        )
        if person is None:
            raise CommandError(_(
                "No superuser or QMS officer to import as; use --as USERNAME."))
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
            raise CommandError(_("Give one file."))
        opts["file"] = opts["file"][0]
        unit = None
        if opts["unit"]:
            unit = Unit.objects.filter(code=opts["unit"]).first()
            if unit is None:
                raise CommandError(_("There is no unit with the code “%(code)s”.") % {
                    "code": opts["unit"]})
        elif opts["kind"] == "register":
            unit = default_unit("register", person)
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        category_map = {name: NEW for name in opts["new_category"]}
        for item in opts["map_category"]:
            name, _sep, code = item.rpartition("=")
            if not name.strip() or not RiskCategory.objects.filter(code=code.strip()).exists():
                raise CommandError(_(
                    "--map-category takes NAME=CODE with the code of a category: %(codes)s"
                ) % {"codes": ", ".join(RiskCategory.objects.values_list("code", flat=True))})
            category_map[name.strip()] = code.strip()
        try:
            plan = plan_import(kind=opts["kind"], content=path.read_bytes(),
                               filename=path.name, unit=unit, person=person,
                               category_map=category_map)
        except PermissionDenied as exc:
            raise CommandError(_("%(person)s may not import into this unit.") % {
                "person": person}) from exc
        for row in plan.rows:
            level = f"{row.score.level} {row.score.band.label}" if row.score else "—"
            mark = "!" if row.errors else (
                "=" if row.is_opportunity else "~" if row.existing else "+")
            self.stdout.write(f"{mark} {row.line:>4}  {level:<14} {row.title}")
        if plan.unit is not None and not opts["unit"] and opts["kind"] == "passport":
            self.stdout.write(_("Unit (from the file's title): %(unit)s") % {
                "unit": plan.unit.label})
        for key, name in plan.unknown_categories.items():
            if key not in plan.category_map:
                self.stderr.write(_(
                    "The catalogue has no category “%(name)s”: add --map-category "
                    "\"%(name)s=CODE\" (codes: %(codes)s) or --new-category \"%(name)s\"."
                ) % {"name": name, "codes": ", ".join(
                    RiskCategory.objects.values_list("code", flat=True))})
        problems = plan.messages() if not plan.ok else []
        for message in problems:
            self.stderr.write(message)
        if problems:
            raise CommandError(_("%(n)s problem(s); nothing was saved.") % {
                "n": len(problems)})
        if opts["dry_run"]:
            self.stdout.write(_("Rows checked: %(n)s, all fine (dry run: nothing saved).")
                              % {"n": len(plan.rows)})
            return
        try:
            result = import_commit(plan=plan, person=person)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(_(
            "Imported: %(created)s new risks, %(updated)s updated, %(unchanged)s unchanged, "
            "%(measures)s new measures."
        ) % {"created": result.created, "updated": result.updated,
             "unchanged": result.unchanged, "measures": result.measures_added})
