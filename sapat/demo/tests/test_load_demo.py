from django.apps import apps
from django.core.management import call_command
from django.test import TestCase, override_settings

from sapat.demo.loader import load_demo
from sapat.org.access import Action, may
from sapat.org.models import Person, Unit

DEMO_LOGINS = ["rector", "qms", "director", "head", "head2", "service", "council", "auditor",
               "staff"]


def row_counts():
    """Rows of every model, history tables included."""
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()
            if m._meta.app_label not in ("sessions", "contenttypes", "auth", "admin", "axes")}


class LoadDemoTests(TestCase):
    def test_loading_twice_changes_nothing_and_duplicates_nothing(self):
        first = load_demo(with_people=True)
        self.assertTrue(first.changed_anything)
        counts = row_counts()
        second = load_demo(with_people=True)
        self.assertFalse(second.changed_anything, second.updated)
        self.assertEqual(row_counts(), counts)

    def test_every_demo_login_exists_with_password_demo(self):
        load_demo(with_people=True)
        for username in DEMO_LOGINS:
            person = Person.objects.get(username=username)
            self.assertTrue(person.check_password("demo"), username)
            self.assertTrue(person.roles.exists(), username)

    def test_demo_people_have_the_scope_the_readme_promises(self):
        load_demo(with_people=True)
        head = Person.objects.get(username="head")
        head2 = Person.objects.get(username="head2")
        director = Person.objects.get(username="director")
        staff = Person.objects.get(username="staff")
        dep_it = Unit.objects.get(code="dep-it")
        self.assertTrue(may(head, Action.UPDATE, dep_it))
        self.assertFalse(may(head2, Action.READ, dep_it))
        self.assertTrue(may(director, Action.UPDATE, dep_it))
        self.assertEqual(staff.unit, head.unit)
        self.assertNotEqual(
            Unit.objects.get(code="dep-kyrgyz").parent, Unit.objects.get(code="dep-it").parent
        )

    def test_the_regulation_is_loaded_in_kyrgyz(self):
        from sapat.org.models import Term
        from sapat.processes.models import Process, QualityPolicy

        load_demo(with_people=True)
        self.assertTrue(Process.objects.filter(name="Билим берүү процесси").exists())
        self.assertGreaterEqual(Process.objects.count(), 8)
        self.assertIn("ГОСТ ISO 9001:2015", QualityPolicy.in_force().text)
        self.assertEqual(Term.objects.get(abbreviation="ПЦК").meaning,
                         "предметтик-циклдык комиссия")

    def test_without_demo_mode_no_people_are_created(self):
        with override_settings(SAPAT_DEMO=False):
            report = load_demo()
        self.assertFalse(Person.objects.exists())
        self.assertEqual(report.people, [])
        self.assertTrue(Unit.objects.filter(code="jasu").exists())

    def test_the_command_prints_the_logins(self):
        from io import StringIO

        out = StringIO()
        call_command("load_demo", stdout=out)
        for username in DEMO_LOGINS:
            self.assertIn(username, out.getvalue())
