"""Every table × format × language: open the file, check headings, rows and levels."""
from django.utils import translation

from sapat.processes.models import Process
from sapat.reports.export import export_table
from sapat.risks import scoring

from .base import ReportsTestCase, docx_table_rows, pdf_text, xlsx_rows

LANGS = ("ky", "ru", "en")


def heading(msgid, lang):
    from django.utils.translation import pgettext

    with translation.override(lang):
        return pgettext("regulation heading", msgid)


class TableExportTests(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.process = Process.objects.create(
            code="education", name="Билим берүү процесси", name_ru="Образовательный процесс",
            name_en="Educational process", unit=cls.university,
            goal="Жогорку сапаттагы окуу процессин камсыз кылуу",
            inputs="Мамлекеттик билим берүү стандарттарынын талаптары",
            outputs="Бүтүрүүчүлөр, отчеттор", resources="Окутуучулар, аудиториялар",
            owner_text="Институттун директорлору",
        )

    def check_all_formats(self, table, person, params, expect_cells, levels=()):
        """Every column heading (in that language), the rows' cells and levels are there."""
        from sapat.reports.export import build_table

        for lang in LANGS:
            with translation.override(lang):
                headings = [str(c.header) for c in
                            build_table(table, person=person, params=params).columns]
            for fmt in ("xlsx", "docx", "pdf"):
                with self.subTest(table=table, lang=lang, fmt=fmt):
                    content = export_table(table, fmt, person=person, lang=lang,
                                           params=params).content
                    if fmt == "xlsx":
                        rows = xlsx_rows(content)
                        text = "\n".join(str(c) for r in rows for c in r if c is not None)
                    elif fmt == "docx":
                        text = "\n".join(c for r in docx_table_rows(content) for c in r)
                    else:
                        text = pdf_text(content, raw=True)
                    squeezed = "".join(text.split())
                    for head in headings:
                        self.assertIn("".join(head.split()), squeezed)
                    for cell in expect_cells:
                        self.assertIn("".join(cell.split()), squeezed)
                    for level in levels:
                        if fmt == "xlsx":  # a number, the band in its number format
                            self.assertIn(level, [c for r in rows for c in r])
                        else:
                            with translation.override(lang):
                                label = scoring.band_for(level).label
                            self.assertIn(f"{level}–{label}", squeezed)

    def test_university_register(self):
        # r1 is 4×4 = 16 (high), residual 6; r3 is 2×2 = 4; r2 is not escalated.
        self.check_all_formats("register", self.qms, {},
                               [self.r1.title, "Жыл сайын, IV-квартал"], levels=[16, 6, 4])

    def test_consolidated_register(self):
        self.check_all_formats("consolidated", self.director, {},
                               [self.r1.title, self.r2.title], levels=[16, 9])

    def test_passport(self):
        self.check_all_formats("passport", self.head, {"unit": "dep-a1"},
                               [self.r2.title, "Мотивациялоочу программаларды ишке киргизүү"],
                               levels=[16, 9])

    def test_process_card(self):
        self.check_all_formats("process-card", self.staff, {"process": "education"},
                               ["Жогорку сапаттагы окуу процессин камсыз кылуу",
                                "Институттун директорлору"])

    def test_heatmap(self):
        self.check_all_formats("heatmap", self.qms, {}, ["1"])

    def test_integrated_table(self):
        self.r2.process = self.process
        self.r2.save()
        self.check_all_formats("integrated", self.qms, {}, [self.r2.title])


class XlsxDetailTests(ReportsTestCase):
    def test_levels_are_numbers_with_band_format_and_fill(self):
        import io

        from openpyxl import load_workbook

        content = export_table("register", "xlsx", person=self.qms, lang="ky").content
        ws = load_workbook(io.BytesIO(content)).worksheets[0]
        header = next(r for r in ws.iter_rows() if r[0].value == heading("No.", "ky"))
        self.assertEqual(ws.freeze_panes, f"A{header[0].row + 1}")
        self.assertTrue(ws.auto_filter.ref.startswith(f"A{header[0].row}:"))
        first = ws[header[0].row + 1]
        level = first[5]
        self.assertEqual(level.value, 16)
        self.assertIn("жогору", level.number_format)
        self.assertEqual(level.fill.fgColor.rgb[-6:], "F6B3AD")
        self.assertEqual(first[3].value, 4)
        self.assertEqual(first[3].data_type, "n")

    def test_text_that_looks_like_a_formula_is_kept_as_text(self):
        import io
        import zipfile

        content = export_table("register", "xlsx", person=self.qms, lang="ky").content
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", sheet)
        self.assertIn("=HYPERLINK", sheet)
        self.assertIn('quotePrefix="1"', zf_styles(content))


def zf_styles(content):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return zf.read("xl/styles.xml").decode()


class DocxDetailTests(ReportsTestCase):
    def test_header_row_repeats_and_band_cells_are_shaded_and_page_is_landscape(self):
        import io

        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.oxml.ns import qn

        content = export_table("register", "docx", person=self.qms, lang="ru").content
        doc = Document(io.BytesIO(content))
        self.assertEqual(doc.sections[0].orientation, WD_ORIENT.LANDSCAPE)
        table = doc.tables[0]
        self.assertIsNotNone(table.rows[0]._tr.trPr.find(qn("w:tblHeader")))
        shd = table.rows[1].cells[5]._tc.tcPr.find(qn("w:shd"))
        self.assertEqual(shd.get(qn("w:fill")), "F6B3AD")
        text = "\n".join(p.text for p in doc.paragraphs)
        self.assertIn("ЖАМУ", text)  # the title block names the university

    def test_heatmap_docx_carries_the_picture(self):
        import io

        from docx import Document

        content = export_table("heatmap", "docx", person=self.qms, lang="ky").content
        doc = Document(io.BytesIO(content))
        self.assertEqual(len(doc.inline_shapes), 1)
