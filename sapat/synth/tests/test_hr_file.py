"""The generated university as an HR file: importing it into an empty database gives the
same organisation (units and their tree, positions and holders, people, roles)."""
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import TransactionTestCase

from sapat.org.models import Person, Position, RoleAssignment, Unit
from sapat.risks import defaults
from sapat.risks.models import RiskBand, RiskCategory, RiskScale, ScaleLevel


def organisation() -> dict:
    """The organisation as plain values, keyed by what survives a move between databases."""
    units = {u.code: (u.kind, u.parent.code if u.parent else None, u.name, u.name_ru,
                      u.name_en, u.abbreviation, u.depth, u.is_active)
             for u in Unit.objects.select_related("parent")}
    paths = {u.code: ".".join(a.code for a in u.ancestors()) for u in Unit.objects.all()}
    people = {p.username: (p.full_name, p.email, p.unit.code if p.unit else None, p.language,
                           p.is_active) for p in Person.objects.select_related("unit")}
    posts = {p.code: (p.unit.code, p.holder.username if p.holder else None, p.name, p.name_ru,
                      p.name_en) for p in Position.objects.select_related("unit", "holder")}
    roles = sorted(RoleAssignment.objects.values_list("person__username", "role", "unit__code"))
    return {"units": units, "paths": paths, "people": people, "posts": posts, "roles": roles}


class HRFileRoundTripTests(TransactionTestCase):
    def tearDown(self):
        # The migrations' scale and categories, for the tests that run after this one.
        defaults.install(RiskScale, ScaleLevel, RiskBand, RiskCategory)

    def test_the_generated_file_imported_into_an_empty_database_is_the_same_organisation(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "hr.xlsx"
            call_command("generate", "--scale", "small", "--seed", "3", "--hr-file", str(path),
                         verbosity=0)
            before = organisation()
            self.assertGreater(len(before["people"]), 100)
            call_command("flush", interactive=False, verbosity=0)
            self.assertFalse(Unit.objects.exists())
            call_command("import", "org", str(path), stdout=open("/dev/null", "w"))
            after = organisation()
        for key in before:
            with self.subTest(key):
                self.assertEqual(before[key], after[key])
        self.assertTrue(all(p.from_hr_file for p in Person.objects.all()))
