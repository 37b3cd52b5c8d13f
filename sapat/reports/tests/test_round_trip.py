"""Export the register to XLSX and DOCX, import each into an empty database: the same
risks, scores, measures and residuals come back."""
from sapat.reports.export import export_table
from sapat.reports.importing import import_commit, plan_import
from sapat.risks.models import Assessment, Measure, Risk

from .base import ReportsTestCase


def snapshot():
    risks = Risk.objects.live().escalated().order_by("register_number")
    return [
        (r.register_number, r.title, r.likelihood, r.consequences, r.level,
         r.residual_level, r.category.code if r.category else None, r.responsible_text,
         r.deadline_text,
         sorted((m.text, m.due_date, m.rhythm_text) for m in r.measures.live()))
        for r in risks
    ]


class RoundTripTests(ReportsTestCase):
    def round_trip(self, fmt):
        before = snapshot()
        self.assertEqual(len(before), 2)
        content = export_table("register", fmt, person=self.qms, lang="ky").content
        Measure.objects.all().delete()
        Assessment.objects.all().delete()
        Risk.objects.all().delete()
        plan = plan_import(kind="register", content=content, filename=f"r.{fmt}",
                           unit=self.university, person=self.qms)
        self.assertTrue(plan.ok, plan.messages())
        import_commit(plan=plan, person=self.qms)
        self.assertEqual(snapshot(), before)
        # And once more: nothing new.
        again = plan_import(kind="register", content=content, filename=f"r.{fmt}",
                            unit=self.university, person=self.qms)
        result = import_commit(plan=again, person=self.qms)
        self.assertEqual((result.created, result.updated, result.measures_added), (0, 0, 0))

    def test_register_round_trip_through_xlsx(self):
        self.round_trip("xlsx")

    def test_register_round_trip_through_docx(self):
        self.round_trip("docx")
