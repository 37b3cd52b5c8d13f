"""The priority proposal's factors are a registry: another app (the nonconformity app)
adds "open nonconformities" without the audits app importing it."""

from unittest import mock

from sapat.audits import priority

from .base import AuditTestCase


class PriorityFactorTests(AuditTestCase):
    def test_the_audits_app_registers_its_own_factors_in_order(self):
        self.assertEqual(
            [f.key for f in priority.factors("process")], ["high_risks", "red_kpis", "card_changes"]
        )
        self.assertEqual(
            [f.key for f in priority.factors("unit")], ["high_risks", "overdue_measures"]
        )

    def test_a_factor_registered_elsewhere_scores_and_gives_its_reason(self):
        def open_nonconformities(kind, ids, today):
            self.assertIn(self.teaching.pk if kind == "process" else self.dep_a1.pk, ids)
            return {self.teaching.pk: 2} if kind == "process" else {self.dep_a1.pk: 5}

        factor = priority.Factor(
            key="nonconformities",
            kinds=("process", "unit"),
            count=open_nonconformities,
            points=2,
            cap=4,
            reason=lambda n: f"{n} open nonconformities",
            order=25,
        )
        before = {
            i.record.pk: i.score for i in priority.process_priorities()
        }
        with mock.patch.dict(priority._FACTORS):
            priority.register(factor)
            processes = {i.record.pk: i for i in priority.process_priorities()}
            units = {
                i.record.pk: i for i in priority.unit_priorities(units=[self.dep_a1, self.dep_b1])
            }
        self.assertEqual(processes[self.teaching.pk].score, before[self.teaching.pk] + 4)
        self.assertIn("2 open nonconformities", processes[self.teaching.pk].reasons)
        self.assertIn("4 open nonconformities", units[self.dep_a1.pk].reasons)  # capped
        self.assertFalse(any("nonconformities" in r for r in units[self.dep_b1.pk].reasons))
        self.assertNotIn("nonconformities", priority._FACTORS)  # the patch is undone
