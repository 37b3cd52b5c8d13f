"""`scope_q` filters lists exactly as `may` answers for single records."""
from sapat.org.access import Action, may, scope_q, units_in_scope
from sapat.org.models import Unit
from sapat.test import SapatTestCase


class ScopeTests(SapatTestCase):
    def test_scope_agrees_with_may_for_every_person_and_unit(self):
        people = [self.rector, self.qms, self.director, self.head, self.head2, self.service,
                  self.council, self.auditor, self.staff, self.outsider]
        for person in people:
            for action in (Action.READ, Action.UPDATE, Action.APPROVE):
                in_scope = set(units_in_scope(person, action).values_list("pk", flat=True))
                for unit in Unit.objects.all():
                    with self.subTest(person=person.username, action=action, unit=unit.code):
                        self.assertEqual(unit.pk in in_scope, may(person, action, unit))

    def test_director_sees_institute_subtree_only(self):
        codes = set(units_in_scope(self.director).values_list("code", flat=True))
        self.assertEqual(codes, {"inst-a", "dep-a1", "pck-a1", "dep-a2"})

    def test_filtering_by_scope_costs_one_query(self):
        self.head.refresh_from_db()
        from sapat.org.access import grants

        grants(self.head)  # loaded once per request
        with self.assertNumQueries(1):
            list(Unit.objects.filter(scope_q(self.head, Action.READ, field="")))

    def test_outsider_scope_is_empty(self):
        self.assertFalse(units_in_scope(self.outsider).exists())
