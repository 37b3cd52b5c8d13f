"""The risk passport (Appendix 3) in XLSX, DOCX and PDF, in ky/ru/en."""
from sapat.reports.export import export_table

from .base import ReportsTestCase, docx_table_rows, pdf_text, xlsx_rows

HEADERS = {
    "en": ["No.", "Risk", "Likelihood (1–5)", "Consequences (1–5)", "Risk level",
           "Responsible", "Mitigation measures"],
}


class PassportExportTests(ReportsTestCase):
    def export(self, fmt, lang="en", person=None):
        return export_table("passport", fmt, person=person or self.head, lang=lang,
                            params={"unit": "dep-a1"})

    def test_passport_xlsx_has_typed_scores_and_levels_under_the_headings(self):
        rows = xlsx_rows(self.export("xlsx").content)
        header_at = next(i for i, r in enumerate(rows) if r and r[0] == "No.")
        self.assertEqual(list(rows[header_at][:7]), HEADERS["en"])
        first = rows[header_at + 1]
        self.assertEqual(first[:5], (1, "Илимий даражалуу окутуучулардын жетишсиздиги", 4, 4, 16))
        self.assertEqual(rows[header_at + 2][4], 9)
        flat = [c for r in rows for c in r if isinstance(c, str)]
        self.assertTrue(any("Likelihood scale" in c for c in flat))

    def test_passport_docx_table_has_heading_row_and_levels_with_bands(self):
        rows = docx_table_rows(self.export("docx").content)
        self.assertEqual(rows[0], HEADERS["en"])
        self.assertEqual(rows[1][4], "16 – high")
        self.assertIn("Квалификацияны жогорулатуу [31.12.2026]", rows[1][6])

    def test_passport_pdf_prints_kyrgyz_letters_and_levels(self):
        text = pdf_text(self.export("pdf", lang="ky").content)
        self.assertIn("жетишсиздиги", text)
        self.assertIn("ң", text)
        self.assertIn("16 – жогору", text)

    def test_passport_of_another_department_is_not_found_for_a_head(self):
        from django.http import Http404

        with self.assertRaises(Http404):
            export_table("passport", "xlsx", person=self.head2, params={"unit": "dep-a1"})


class ChromiumPdfTests(ReportsTestCase):
    """Big tables are printed by headless Chromium from the same HTML (when installed)."""

    def test_chromium_prints_the_same_document_with_kyrgyz_letters(self):
        from django.utils import translation

        from sapat.reports.export import build_table
        from sapat.reports.pdf import chromium_binary, write_pdf

        if not chromium_binary():
            self.skipTest("no Chromium here; WeasyPrint prints every PDF")
        with translation.override("ky"):
            table = build_table("passport", person=self.head, params={"unit": "dep-a1"})
            content = write_pdf(table, engine="chromium")
        text = "".join(pdf_text(content, raw=True).split())
        self.assertIn("жетишсиздиги", text)
        self.assertIn("16–жогору", text)

    def test_big_tables_choose_chromium_and_small_ones_weasyprint(self):
        from django.test import override_settings

        from sapat.reports.columns import PASSPORT_COLUMNS, Table
        from sapat.reports.pdf import chromium_binary, engine_for

        small = Table("passport", "t", PASSPORT_COLUMNS, rows=[{}] * 49)
        big = Table("passport", "t", PASSPORT_COLUMNS, rows=[{}] * 50)
        self.assertEqual(engine_for(small), "weasyprint")
        self.assertEqual(engine_for(big), "chromium" if chromium_binary() else "weasyprint")
        with override_settings(SAPAT_PDF_CHROMIUM=""):
            self.assertEqual(engine_for(big), "weasyprint")
