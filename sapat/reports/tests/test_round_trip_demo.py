"""Every table Sapat exports, imported back into the same database (the demo), changes
nothing: the register comes back as itself (matched on its numbers, whatever unit each
risk is in), a passport and the consolidated register (its rows carry their units, its
opportunities are matched and left alone) come back unchanged, and the tables that are
not lists of risks (integrated table, process card, heat map) are refused whole."""

from django.test import TestCase, override_settings

from sapat.demo.loader import load_demo
from sapat.org.models import Person, Unit
from sapat.reports.export import export_table
from sapat.reports.importing import import_commit, plan_import
from sapat.risks.models import Measure, Opportunity, Risk


def state():
    return (
        list(Risk.objects.order_by("pk").values()),
        list(Measure.objects.order_by("pk").values()),
        list(Opportunity.objects.order_by("pk").values()),
        Risk.history.count(),
        Measure.history.count(),
        Opportunity.history.count(),
    )


@override_settings(SAPAT_DEMO=True)
class DemoRoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.qms = Person.objects.get(username="qms")
        cls.university = Unit.objects.get(code="jasu")

    def round_trip(self, table, fmt, *, kind, unit, params=None, refused=False):
        before = state()
        content = export_table(table, fmt, person=self.qms, lang="ky", params=params).content
        plan = plan_import(
            kind=kind, content=content, filename=f"t.{fmt}", unit=unit, person=self.qms
        )
        if refused:
            self.assertFalse(plan.ok)
            self.assertTrue(plan.problem, plan.messages())
        else:
            self.assertTrue(plan.ok, plan.messages())
            self.assertTrue(plan.rows)
            self.assertEqual(
                {r.action for r in plan.rows} - {"update", "unchanged"},
                set(),
                [(r.line, r.title) for r in plan.rows if r.action == "create"],
            )
            result = import_commit(plan=plan, person=self.qms)
            self.assertEqual((result.created, result.updated, result.measures_added), (0, 0, 0))
            self.assertEqual(result.unchanged, len(plan.rows))
        self.assertEqual(state(), before)

    def test_register(self):
        self.assertEqual(Risk.objects.live().escalated().count(), 8)
        for fmt in ("xlsx", "docx"):
            with self.subTest(fmt):
                self.round_trip("register", fmt, kind="register", unit=self.university)

    def test_passport(self):
        for code in ("dep-it", "rectorate"):
            unit = Unit.objects.get(code=code)
            self.assertTrue(Risk.objects.live().filter(unit=unit).exists())
            for fmt in ("xlsx", "docx"):
                with self.subTest(code=code, fmt=fmt):
                    self.round_trip(
                        "passport", fmt, kind="passport", unit=unit, params={"unit": code}
                    )

    def test_consolidated(self):
        self.assertTrue(Opportunity.objects.live().exists())
        for fmt in ("xlsx", "docx"):
            with self.subTest(fmt):
                self.round_trip("consolidated", fmt, kind="passport", unit=self.university)

    def test_integrated_is_refused_whole(self):
        for fmt in ("xlsx", "docx"):
            with self.subTest(fmt):
                self.round_trip(
                    "integrated", fmt, kind="register", unit=self.university, refused=True
                )

    def test_process_card_is_refused_whole(self):
        for fmt in ("xlsx", "docx"):
            with self.subTest(fmt):
                self.round_trip(
                    "process-card",
                    fmt,
                    kind="register",
                    unit=self.university,
                    params={"process": "education"},
                    refused=True,
                )

    def test_heatmap_is_refused_whole(self):
        for fmt in ("xlsx", "docx"):
            with self.subTest(fmt):
                self.round_trip("heatmap", fmt, kind="register", unit=self.university, refused=True)
