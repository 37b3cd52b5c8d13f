"""The role matrix: every role × action × (own unit, child unit, other unit).

The expectations are written out by hand, not derived from `access.RULES`, so that a
change of policy shows up here as a failing line to look at.
"""
from sapat.org.access import Action, may
from sapat.org.models import Role
from sapat.test import SapatTestCase

R, C, U, D, A = Action.READ, Action.CREATE, Action.UPDATE, Action.DELETE, Action.APPROVE
ACTIONS = [R, C, U, D, A]

# role -> {place -> set of allowed actions}
EXPECTED = {
    Role.RECTOR: {"own": {R, A}, "child": {R, A}, "other": set()},
    Role.QMS: {"own": {R, C, U, D, A}, "child": {R, C, U, D, A}, "other": set()},
    Role.COUNCIL: {"own": {R, A}, "child": {R, A}, "other": set()},
    Role.DIRECTOR: {"own": {R, C, U, D, A}, "child": {R, C, U, D, A}, "other": set()},
    Role.HEAD: {"own": {R, C, U, D}, "child": {R, C, U, D}, "other": set()},
    Role.SERVICE_HEAD: {"own": {R, C, U, D}, "child": {R, C, U, D}, "other": set()},
    Role.AUDITOR: {"own": {R}, "child": {R}, "other": set()},
    Role.STAFF: {"own": {R}, "child": {R}, "other": set()},
}


class RoleMatrixTests(SapatTestCase):
    def places(self, role):
        """For each role: the unit it is held in, a unit below, a unit out of reach."""
        u = self
        return {
            Role.RECTOR: (u.rector, u.university, u.dep_b1, u.other_dep),
            # The QMS office and the council are held in a unit but reach the university.
            Role.QMS: (u.qms, u.apd, u.pck_a1, u.other_dep),
            Role.COUNCIL: (u.council, u.council_unit, u.dep_a2, u.other_university),
            Role.DIRECTOR: (u.director, u.inst_a, u.pck_a1, u.dep_b1),
            Role.HEAD: (u.head, u.dep_a1, u.pck_a1, u.dep_a2),
            Role.SERVICE_HEAD: (u.service, u.digital, None, u.apd),
            Role.AUDITOR: (u.auditor, u.inst_a, u.dep_a2, u.inst_b),
            Role.STAFF: (u.staff, u.dep_a1, u.pck_a1, u.dep_b1),
        }[role]

    def test_every_role_action_and_place(self):
        for role, expected in EXPECTED.items():
            person, own, child, other = self.places(role)
            if child is None:
                child = self._child_of(own)
            for place, unit in (("own", own), ("child", child), ("other", other)):
                for action in ACTIONS:
                    with self.subTest(role=role, place=place, action=action):
                        self.assertEqual(
                            may(person, action, unit), action in expected[place],
                            f"{role} {action} on {place} unit {unit.code}",
                        )

    def _child_of(self, unit):
        from sapat.test import make_unit

        return make_unit(f"{unit.code}-child", "department", unit)

    def test_outsider_may_do_nothing_anywhere(self):
        for unit in (self.university, self.dep_a1, self.other_dep):
            for action in ACTIONS:
                self.assertFalse(may(self.outsider, action, unit))

    def test_anonymous_may_do_nothing(self):
        from django.contrib.auth.models import AnonymousUser

        self.assertFalse(may(AnonymousUser(), Action.READ, self.university))

    def test_inactive_person_loses_every_right(self):
        self.qms.is_active = False
        self.assertFalse(may(self.qms, Action.READ, self.dep_a1))

    def test_only_qms_office_may_configure(self):
        for person in (self.rector, self.director, self.head, self.council, self.staff):
            self.assertFalse(may(person, Action.CONFIGURE, self.university), person)
        self.assertTrue(may(self.qms, Action.CONFIGURE, self.university))

    def test_roles_in_several_units_add_up(self):
        from sapat.org.access import forget
        from sapat.org.models import RoleAssignment

        RoleAssignment.objects.create(person=self.head, role=Role.HEAD, unit=self.dep_b1)
        forget(self.head)
        self.assertTrue(may(self.head, Action.UPDATE, self.dep_a1))
        self.assertTrue(may(self.head, Action.UPDATE, self.dep_b1))
        self.assertFalse(may(self.head, Action.UPDATE, self.dep_a2))

    def test_a_prefix_of_digits_is_not_an_ancestor(self):
        # Path "00001.00002" must not reach "00001.000023": the dot matters.
        from sapat.org.access import _covers

        self.assertFalse(_covers("00001.00002", "00001.000023"))
        self.assertTrue(_covers("00001.00002", "00001.00002.00007"))


class OrganisationImportAndSignInMatrixTests(SapatTestCase):
    """Only the QMS office (and superusers) import the organisation and configure sign-in:
    every named person against every such page."""

    PAGES = [
        ("get", "/org/import/"),
        ("get", "/org/import/template-ru.xlsx"),
        ("get", "/org/export/hr.xlsx"),
        ("get", "/accounts/settings/"),
        ("post", "/accounts/settings/invite-new/"),
        ("post", "/api/v1/org/import/"),
    ]

    def test_every_role_against_the_import_and_sign_in_pages(self):
        from sapat.org.models import Person

        admin = Person.objects.create_superuser("root", "root@example.kg", "x")
        people = {"rector": self.rector, "qms": self.qms, "director": self.director,
                  "head": self.head, "service": self.service, "council": self.council,
                  "auditor": self.auditor, "staff": self.staff, "outsider": self.outsider,
                  "superuser": admin}
        allowed = {"qms", "superuser"}
        for name, person in people.items():
            self.client.force_login(person)
            for method, url in self.PAGES:
                with self.subTest(person=name, url=url):
                    status = getattr(self.client, method)(url).status_code
                    if name in allowed:
                        # A POST without a file or a finished import: refused as a request
                        # (400) or sent back to the page (302), never as a permission.
                        self.assertIn(status, (200, 302, 400), f"{name} {url}")
                    else:
                        self.assertEqual(status, 403, f"{name} {url}")
        self.client.logout()
        for method, url in self.PAGES:
            status = getattr(self.client, method)(url).status_code
            self.assertIn(status, (302, 401, 403), f"anonymous {url}")
