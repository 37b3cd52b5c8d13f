"""The consolidated register's export lists what its screen lists: risks and
opportunities, in the screen's order, with the screen's «show» and risk-only filters."""
from sapat.reports.export import export_table
from sapat.risks.models import Measure, Opportunity

from .base import ReportsTestCase, docx_table_rows, pdf_text, xlsx_rows

OPPORTUNITY = "Эл аралык долбоорлорго катышуу мүмкүнчүлүгү"


class ConsolidatedOpportunityTests(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.opportunity = Opportunity.objects.create(
            unit=cls.dep_a1, title=OPPORTUNITY, responsible_text="Эл аралык бөлүм",
            deadline_text="2027-жыл",
        )
        Measure.objects.create(opportunity=cls.opportunity, text="Грантка өтүнмө берүү")

    def rows(self, person=None, **params):
        content = export_table("consolidated", "xlsx", person=person or self.director,
                               lang="ky", params=params).content
        rows = xlsx_rows(content)
        header = next(i for i, r in enumerate(rows) if r[0] == "№")
        return [r for r in rows[header + 1:] if r[4] and r[1]]

    def test_the_opportunity_is_a_row_without_scores_before_its_units_risks(self):
        rows = self.rows()
        titles = [r[4] for r in rows]
        self.assertIn(OPPORTUNITY, titles)
        row = rows[titles.index(OPPORTUNITY)]
        self.assertEqual(row[3], "мүмкүнчүлүк")  # the marker where a risk's category is
        self.assertEqual((row[5], row[6], row[7], row[11]), (None, None, None, None))
        self.assertEqual(row[8], "Эл аралык бөлүм")
        self.assertIn("Грантка өтүнмө берүү", row[9])
        self.assertEqual(row[10], "2027-жыл")
        # The screen's order: dep-a1's opportunity, then dep-a1's risks; № is the register
        # number (Appendix 7), empty for the opportunity and a risk not in the register.
        self.assertLess(titles.index(OPPORTUNITY), titles.index(self.r1.title))
        self.assertLess(titles.index(OPPORTUNITY), titles.index(self.r2.title))
        self.assertEqual([r[0] for r in rows], [None, 1, None])

    def test_the_screens_show_and_risk_only_filters_apply(self):
        def titles(**params):
            return [r[4] for r in self.rows(self.qms, **params)]

        self.assertNotIn(OPPORTUNITY, titles(kind="risk"))
        self.assertNotIn(OPPORTUNITY, titles(band="high"))
        self.assertEqual(titles(kind="opportunity"), [OPPORTUNITY])
        self.assertEqual(titles(unit="dep-b1"), [self.r3.title])

    def test_docx_and_pdf_carry_the_opportunity_too(self):
        docx = export_table("consolidated", "docx", person=self.director, lang="ru").content
        self.assertIn(OPPORTUNITY, [c for r in docx_table_rows(docx) for c in r])
        pdf = export_table("consolidated", "pdf", person=self.director, lang="ru").content
        squeezed = "".join(pdf_text(pdf, raw=True).split())
        self.assertIn("".join(OPPORTUNITY.split()), squeezed)
        self.assertIn("возможность", squeezed)
