"""Documents a university files without retouching (issue 13): DOCX with an explicit font,
its language tag and page numbers, rows that may split; XLSX sheet names cut between
words, rows tall enough; the appendix caption, the person preparing it, the filter."""

import io
import zipfile

from openpyxl import load_workbook

from sapat.reports.export import SystemPerson, export_table
from sapat.reports.xlsx import _lines, _sheet_title

from .base import ReportsTestCase, xlsx_rows


def part(content: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return zf.read(name).decode()


class DocxFinishTests(ReportsTestCase):
    def test_font_language_tag_page_numbers_and_rows_that_may_split(self):
        for lang, tag in (("ky", "ky-KG"), ("ru", "ru-RU"), ("en", "en-GB")):
            with self.subTest(lang):
                content = export_table("register", "docx", person=self.qms, lang=lang).content
                styles = part(content, "word/styles.xml")
                defaults = styles[
                    styles.index("<w:docDefaults>") : styles.index("</w:docDefaults>")
                ]
                self.assertIn('w:ascii="Times New Roman"', defaults)
                self.assertIn('w:cs="Times New Roman"', defaults)
                self.assertNotIn("Theme", defaults)
                self.assertIn(f'w:lang w:val="{tag}"', defaults)
                self.assertNotIn("en-US", styles)
                footers = [
                    n
                    for n in zipfile.ZipFile(io.BytesIO(content)).namelist()
                    if n.startswith("word/footer")
                ]
                self.assertTrue(any("PAGE" in part(content, n) for n in footers))
                document = part(content, "word/document.xml")
                self.assertEqual(document.count("<w:cantSplit/>"), 1)  # the header row only
                self.assertIn("4-тиркеме" if lang == "ky" else "4", document)


class TitleBlockTests(ReportsTestCase):
    def test_caption_person_and_filter(self):
        rows = xlsx_rows(export_table("register", "xlsx", person=self.qms, lang="ky").content)
        cells = [str(v) for r in rows[:8] for v in r if v]
        self.assertIn("4-тиркеме", cells)
        self.assertIn(f"Даярдаган: {self.qms.full_name or self.qms.username}", cells)
        cli = xlsx_rows(export_table("register", "xlsx", person=SystemPerson(), lang="ru").content)
        cli_cells = [str(v) for r in cli[:8] for v in r if v]
        self.assertIn("Приложение 4", cli_cells)
        self.assertFalse([c for c in cli_cells if "Sapat" in c], cli_cells)
        filtered = xlsx_rows(
            export_table(
                "consolidated", "xlsx", person=self.qms, lang="en", params={"unit": "dep-a1"}
            ).content
        )
        self.assertIn("Filtered: Unit: Кафедра А1", [str(v) for r in filtered[:9] for v in r if v])
        whole = xlsx_rows(export_table("consolidated", "xlsx", person=self.qms, lang="en").content)
        self.assertFalse([v for r in whole[:9] for v in r if v and "Filtered" in str(v)])


class XlsxFinishTests(ReportsTestCase):
    def test_sheet_names_are_cut_between_words_and_leave_no_quote_open(self):
        for title in (
            "Интегрированная таблица «СМК + риски и возможности»",
            "«СМС + Тобокелдиктер жана мүмкүнчүлүктөр» интегралдык таблицасы",
        ):
            name = _sheet_title(title)
            self.assertLessEqual(len(name), 31)
            self.assertTrue(title.replace("«", "").replace("»", "").startswith(name), name)
            self.assertNotIn("«", name)
            self.assertFalse(name.endswith(("+", " ")))
        content = export_table("integrated", "xlsx", person=self.qms, lang="ru").content
        name = load_workbook(io.BytesIO(content)).sheetnames[0]
        self.assertNotIn("«", name)

    def test_a_row_is_tall_enough_for_its_wrapped_words(self):
        # «Институттардын жана колледждердин директорлору» in the 26-wide column wraps
        # whole words onto three lines (the old estimate said two and hid the last).
        self.assertEqual(_lines("Институттардын жана колледждердин директорлору", 26), 3)
        content = export_table("register", "xlsx", person=self.qms, lang="ky").content
        ws = load_workbook(io.BytesIO(content)).worksheets[0]
        heights = [d.height for d in ws.row_dimensions.values() if d.height]
        self.assertTrue(heights)
