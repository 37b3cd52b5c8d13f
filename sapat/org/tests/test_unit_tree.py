from django.core.exceptions import ValidationError

from sapat.org.models import Unit
from sapat.test import SapatTestCase, make_unit


class UnitTreeTests(SapatTestCase):
    def test_paths_follow_the_tree(self):
        self.assertTrue(self.pck_a1.path.startswith(self.dep_a1.path + "."))
        self.assertEqual(self.pck_a1.depth, 3)

    def test_subtree_is_the_unit_and_everything_below(self):
        self.assertEqual(set(self.inst_a.subtree().values_list("code", flat=True)),
                         {"inst-a", "dep-a1", "pck-a1", "dep-a2"})

    def test_moving_a_unit_moves_its_subtree(self):
        self.dep_a1.parent = self.inst_b
        self.dep_a1.save()
        self.pck_a1.refresh_from_db()
        self.assertTrue(self.pck_a1.is_within(self.inst_b))
        self.assertFalse(self.pck_a1.is_within(self.inst_a))
        self.assertEqual(self.pck_a1.depth, 3)

    def test_unit_cannot_move_under_its_own_child(self):
        self.inst_a.parent = self.dep_a1
        with self.assertRaises(ValidationError):
            self.inst_a.full_clean()

    def test_only_a_university_may_have_no_parent(self):
        unit = Unit(code="orphan", kind=Unit.Kind.DEPARTMENT, name="x")
        with self.assertRaises(ValidationError):
            unit.full_clean()

    def test_ancestors_in_order(self):
        self.assertEqual(list(self.pck_a1.ancestors().values_list("code", flat=True)),
                         ["jasu", "inst-a", "dep-a1"])

    def test_new_unit_records_one_history_entry(self):
        unit = make_unit("new", Unit.Kind.DEPARTMENT, self.inst_b)
        self.assertEqual(unit.history.count(), 1)
