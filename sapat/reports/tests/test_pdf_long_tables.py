"""Long tables in PDF: the compact layout, Chromium printing in parts, the merged pages'
numbers, and WeasyPrint when Chromium prints nothing."""
import datetime
import io
import re
import subprocess
import tempfile

from django.test import SimpleTestCase, override_settings
from django.utils import translation
from pypdf import PdfReader, PdfWriter

from sapat.reports.columns import CONSOLIDATED_COLUMNS, BandValue, Note, Table, TitleBlock
from sapat.reports.pdf import (
    chromium_binary,
    column_widths,
    page_style,
    part_bounds,
    render_html,
    write_pdf,
)

TITLE = "Жыйынтык реестр (сыноо)"
NOTE = "Деңгээл эрежеси (сыноо)"


def rows(n: int, per_unit: int = 25) -> list[dict]:
    band = BandValue(16, "high", "жогору", "#f6b3ad")
    return [{
        "number": i, "unit": f"Бөлүм №{(i - 1) // per_unit}", "process": "Окуу процесси",
        "category": "Академиялык", "title": f"Жазуу №{i}: ңөү сыноосу",
        "likelihood": 4, "consequences": 4, "level": band, "responsible": "Проректор",
        "measures": "Семинар [31.12.2026]\nКурстар", "deadline": "Жыл сайын", "residual": band,
    } for i in range(1, n + 1)]


def table(n: int) -> Table:
    return Table(
        "consolidated", TITLE, CONSOLIDATED_COLUMNS, rows(n),
        title_block=TitleBlock(university="Жалал-Абад мамлекеттик университети",
                               date=datetime.date(2026, 11, 26), prepared_by="Сапат"),
        notes=[Note(NOTE, text="1–5 төмөн; 6–10 орто; 11–25 жогору.")],
    )


def pages_text(content: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        text = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True,
                              text=True, check=True).stdout
    # Chromium keeps the soft hyphens (hyphenation points) in its text layer.
    return text.replace("\u00ad", "").split("\f")[:-1]


def page_number_box(content: bytes, page: int) -> tuple[float, float]:
    """(right edge, vertical middle) of the page number «N / M» on `page`, in points."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), f.name,
                              "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(
        r'yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml
    )
    y_min, x_max, y_max, _text = words[-1]  # the number's last word is the page's last
    return float(x_max), (float(y_min) + float(y_max)) / 2


class LongTableLayoutTests(SimpleTestCase):
    def test_long_tables_get_the_compact_layout_and_short_ones_do_not(self):
        with translation.override("ky"):
            long_html, short_html = render_html(table(300)), render_html(table(20))
        self.assertIn("font-size: 7pt", long_html)
        self.assertIn("margin: 8mm 8mm 10mm 8mm", long_html)
        self.assertNotIn("font-size: 7pt", short_html)

    def test_column_widths_are_css_numbers_in_every_language(self):
        for lang in ("ky", "ru", "en"):
            with translation.override(lang):
                html = render_html(table(10))
            widths = re.findall(r"th:nth-child\(\d+\) \{ width: ([^;]+);", html)
            self.assertEqual(len(widths), len(CONSOLIDATED_COLUMNS))
            for width in widths:
                self.assertRegex(width, r"^\d+(\.\d+)?%$")  # «2,5%» would be dropped

    def test_the_number_column_holds_four_digits_and_widths_fit_the_page(self):
        few, many = column_widths(table(9), 9), column_widths(table(5000), 5000)
        self.assertGreater(many[0], few[0])
        self.assertGreaterEqual(many[0], 2.6)  # «4999» at 7 pt: 6.3 mm of 281 mm, and padding
        self.assertLessEqual(sum(many), 100)

    def test_parts_cover_every_row_once_and_end_where_a_unit_ends(self):
        data = rows(95, per_unit=10)
        bounds = part_bounds(data, 3)
        self.assertEqual(bounds[0][0], 0)
        self.assertEqual(bounds[-1][1], 95)
        for (_start, end), (start, _end) in zip(bounds, bounds[1:], strict=False):
            self.assertEqual(end, start)
            self.assertNotEqual(data[start - 1]["unit"], data[start]["unit"])
        self.assertEqual([b[0] for b in bounds], [0, 30, 60])

    def test_parts_without_units_are_cut_evenly(self):
        bounds = part_bounds([{"element": i} for i in range(10)], 3)
        self.assertEqual(bounds, [(0, 3), (3, 7), (7, 10)])


class ChromiumPartsTests(SimpleTestCase):
    """A long table printed in parts reads as one document: every row once, the title
    block on the first page, the notes at the end, headers and «N / M» on every page."""

    def setUp(self):
        if not chromium_binary():
            self.skipTest("no Chromium here; WeasyPrint prints every PDF")

    def test_parts_merge_into_one_numbered_document(self):
        n = 330
        with translation.override("ky"), override_settings(SAPAT_PDF_PART_ROWS=110):
            content = write_pdf(table(n), engine="chromium")
            header = str(CONSOLIDATED_COLUMNS[1].header).split()[0]
        reader = PdfReader(io.BytesIO(content))
        pages = pages_text(content)
        total = len(reader.pages)
        self.assertEqual(len(pages), total)
        self.assertGreaterEqual(total, 6)  # three parts, each more than a page
        for number, text in enumerate(pages, start=1):
            with self.subTest(page=number):
                self.assertRegex(text, rf"\b{number} / {total}\s*$")
                self.assertIn(header, text)  # the table's header, repeated
        whole = "\n".join(pages)
        self.assertEqual(whole.count(TITLE), 1)
        self.assertIn(TITLE, pages[0])
        self.assertEqual(whole.count(NOTE), 1)
        self.assertIn(NOTE, pages[-1])
        found = [int(m) for m in re.findall(r"Жазуу №(\d+):", whole)]
        self.assertEqual(sorted(found), list(range(1, n + 1)))  # no row lost or doubled
        for letter in "ңөү":
            self.assertIn(letter, whole)
        self.assertEqual(reader.metadata.title, TITLE)
        # A well-formed file: pypdf copies it whole again.
        PdfWriter(clone_from=reader).write(io.BytesIO())

    def test_merged_numbers_sit_where_chromium_prints_its_own(self):
        with translation.override("ky"):
            with override_settings(SAPAT_PDF_PART_ROWS=10000):
                whole = write_pdf(table(300), engine="chromium")
            with override_settings(SAPAT_PDF_PART_ROWS=150):
                parts = write_pdf(table(300), engine="chromium")
        self.assertEqual(page_style(table(300)).number_size, 7)
        own_right, own_middle = page_number_box(whole, 2)
        right, middle = page_number_box(parts, 2)
        self.assertAlmostEqual(right, own_right, delta=1.5)
        self.assertAlmostEqual(middle, own_middle, delta=1.0)


class FallbackTests(SimpleTestCase):
    @override_settings(SAPAT_PDF_CHROMIUM="/bin/false", SAPAT_PDF_PART_ROWS=3)
    def test_weasyprint_prints_the_whole_document_when_chromium_prints_nothing(self):
        with translation.override("ky"), self.assertLogs("sapat.reports.pdf", "WARNING"):
            content = write_pdf(table(7), engine="chromium")
        pages = pages_text(content)
        whole = "\n".join(pages)
        self.assertEqual(sorted(int(m) for m in re.findall(r"Жазуу №(\d+):", whole)),
                         list(range(1, 8)))
        self.assertEqual(whole.count(TITLE), 1)
        self.assertIn(NOTE, whole)
        self.assertRegex(pages[-1], rf"\b{len(pages)}\s*/\s*{len(pages)}\s*$")
