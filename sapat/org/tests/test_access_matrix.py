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
