"""The demo's risks: Appendix 4 register, Appendix 3 passport, Appendix 6 table."""
from django.test import TestCase, override_settings

from sapat.demo.loader import load_demo
from sapat.org.models import Person
from sapat.risks.models import Measure, Opportunity, Risk


@override_settings(SAPAT_DEMO=True)
class DemoRisksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()

    def test_the_register_has_the_eight_risks_with_the_regulations_levels(self):
        register = list(Risk.objects.live().escalated().order_by("register_number"))
        self.assertEqual([r.register_number for r in register], list(range(1, 9)))
        self.assertEqual([r.level for r in register], [16, 9, 20, 12, 12, 9, 9, 8])
        self.assertEqual([r.residual_level for r in register], [6, 4, 10, 6, 8, 6, 6, 4])
        self.assertEqual([r.band.code for r in register],
                         ["high", "medium", "high", "high", "high", "medium", "medium",
                          "medium"])
        self.assertEqual([r.residual_band.code for r in register],
                         ["medium", "low", "medium", "medium", "medium", "medium", "medium",
                          "low"])
        self.assertEqual(register[0].deadline_text, "Жыл сайын, IV-квартал")
        self.assertEqual(register[0].measures.count(), 3)
        self.assertEqual(register[3].unit.code, "digital")

    def test_the_passport_of_dep_it_holds_the_two_appendix_3_risks(self):
        passport = Risk.objects.live().filter(unit__code="dep-it").order_by("pk")
        self.assertEqual([(r.likelihood, r.consequences) for r in passport], [(4, 4), (3, 3)])

    def test_appendix_6_opportunities_are_in_their_units_with_processes(self):
        dual = Opportunity.objects.get(title="Дуалдык билим берүүнү ишке ашыруу")
        self.assertEqual((dual.process.code, dual.status, dual.result),
                         ("education", "completed", "positive"))
        joint = Opportunity.objects.get(unit__code="dep-it")
        self.assertEqual(joint.process.code, "employers")

    def test_some_measures_are_overdue_and_some_due_soon(self):
        self.assertTrue(Measure.objects.live().overdue().exists())
        self.assertTrue(Measure.objects.live().due_within(14).exists())
        for username in ("staff", "head", "service"):
            person = Person.objects.get(username=username)
            self.assertTrue(Measure.objects.live().assigned_to(person).exists(), username)

    def test_loading_again_changes_nothing(self):
        before = (Risk.history.count(), Measure.history.count(), Opportunity.history.count())
        report = load_demo()
        self.assertFalse(report.changed_anything, report.created | report.updated)
        after = (Risk.history.count(), Measure.history.count(), Opportunity.history.count())
        self.assertEqual(before, after)
