"""Hostile uploads are refused quickly, with a message, before they are expanded in memory
(issue 11). The files are built here: small on disk, enormous once read naively."""

import base64
import datetime
import io
import os
import re
import time
import zipfile

from django.test import SimpleTestCase, TestCase
from django.utils import translation
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from sapat.lib import xlsx_guard
from sapat.reports import reading
from sapat.reports.reading import FileProblem

from .files import KY_REGISTER_HEADERS, xlsx_file


def docx_with_spans(spans: list[int], *, cols: int = 3, rows: int = 2) -> bytes:
    """A Word table of `cols` columns whose first row's cells claim the given gridSpans."""
    doc = Document()
    table = doc.add_table(rows=rows, cols=cols)
    tr = table._tbl.tr_lst[0]
    for tc, span in zip(tr.tc_lst, spans, strict=False):
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        tc.get_or_add_tcPr().append(grid_span)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class HostileFileCase(SimpleTestCase):
    """A hostile file is refused with a FileProblem, within `within` seconds."""

    filename = ""
    within = 0.0

    def setUp(self):
        self.enterContext(translation.override("en"))

    def refused(self, content) -> str:
        started = time.monotonic()
        with self.assertRaises(FileProblem) as caught:
            reading.read_sheets(content, self.filename)
        self.assertLess(time.monotonic() - started, self.within)
        return str(caught.exception)


class HostileWordTests(HostileFileCase):
    filename, within = "hostile.docx", 2.0

    def test_a_cell_spanning_fifty_million_columns_is_refused_quickly(self):
        content = docx_with_spans([50_000_000])
        self.assertLess(len(content), 64 * 1024)
        message = self.refused(content)
        self.assertIn("spanning 50000000 columns", message)
        self.assertIn("Table 1", message)

    def test_four_such_cells_too(self):
        message = self.refused(docx_with_spans([50_000_000] * 3, cols=3))
        self.assertIn("spanning", message)

    def test_a_span_beyond_the_grid_is_refused(self):
        self.assertIn("more than the table's 3", self.refused(docx_with_spans([2, 2])))

    def test_absurd_span_numbers_do_not_crash(self):
        self.assertIn("spanning", self.refused(docx_with_spans(["9" * 40])))

    def test_a_table_too_wide_is_refused(self):
        message = self.refused(docx_with_spans([], cols=reading.MAX_COLUMNS + 1, rows=1))
        self.assertIn(f"at most {reading.MAX_COLUMNS}", message)

    def test_too_many_cells_in_all_are_refused(self):
        doc = Document()
        per_table = reading.MAX_CELLS // 4 // 40 + 1
        for _i in range(5):
            doc.add_table(rows=per_table, cols=40)
        out = io.BytesIO()
        doc.save(out)
        with self.assertRaises(FileProblem) as caught:
            reading.read_sheets(out.getvalue(), "many.docx")
        self.assertIn("cells", str(caught.exception))

    def test_cells_that_span_within_the_grid_still_read(self):
        doc = Document()
        table = doc.add_table(rows=2, cols=len(KY_REGISTER_HEADERS))
        merged = table.rows[0].cells[0].merge(table.rows[0].cells[1])
        merged.text = "Title"
        out = io.BytesIO()
        doc.save(out)
        _kind, sheets = reading.read_sheets(out.getvalue(), "ok.docx")
        self.assertEqual(len(sheets[0].rows[0]), len(KY_REGISTER_HEADERS))
        self.assertEqual(sheets[0].rows[0][:2], ["Title", ""])


def rewrite_sheet(content: bytes, change) -> bytes:
    """The workbook with `change(xml)` applied to its first sheet's XML."""
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            dst.writestr(info.filename, data)
    return out.getvalue()


def random_letters(n: int) -> bytes:
    """Text that does not compress much (so that only the token check can refuse it)."""
    return base64.b32encode(os.urandom(n * 5 // 8 + 5))[:n]


class HostileSpreadsheetTests(HostileFileCase):
    filename, within = "hostile.xlsx", 3.0

    def setUp(self):
        super().setUp()
        self.register = xlsx_file(KY_REGISTER_HEADERS, [["1"] * len(KY_REGISTER_HEADERS)])

    def test_a_declared_dimension_beyond_the_limits_is_refused_before_parsing(self):
        content = rewrite_sheet(
            self.register,
            lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:ZZZ2045"', xml),
        )
        self.assertLess(len(content), 16 * 1024)
        self.assertIn("columns (up to ZZZ)", self.refused(content))
        content = rewrite_sheet(
            self.register,
            lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:J900000"', xml),
        )
        self.assertIn("more than 2000 rows", self.refused(content))

    def test_a_huge_comment_inside_sheet_data_is_refused_before_parsing(self):
        def comment(size):
            return lambda xml: xml.replace(b"<sheetData>", b"<sheetData><!--" + size + b"-->")

        # 59 MB of one letter: the zip's compression ratio gives it away.
        content = rewrite_sheet(self.register, comment(b"a" * 59_000_000))
        self.assertLess(len(content), 128 * 1024)
        self.assertIn("too much data", self.refused(content))
        # 3 MB that does not compress (and holds markup): the comment's length does.
        filler = random_letters(3_000_000).replace(b"AB", b"<a>")
        self.assertIn("too much work", self.refused(rewrite_sheet(self.register, comment(filler))))

    def test_a_huge_text_or_attribute_is_refused_before_parsing(self):
        content = rewrite_sheet(
            self.register,
            lambda xml: xml.replace(
                b"<sheetData>", b'<sheetData><row r="1" x="' + random_letters(3_000_000) + b'"/>'
            ),
        )
        self.assertIn("too much work", self.refused(content))

    def test_wide_rows_without_a_dimension_are_cut_to_the_column_limit(self):
        cells = b"".join(
            b'<c r="%s1" t="inlineStr"><is><t>x</t></is></c>' % col.encode()
            for col in ("A", "B", "AJN")
        )

        def change(xml):
            xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
            return re.sub(
                rb"<sheetData>.*</sheetData>",
                b'<sheetData><row r="1">' + cells + b"</row></sheetData>",
                xml,
                flags=re.S,
            )

        _kind, sheets = reading.read_sheets(rewrite_sheet(self.register, change), "wide.xlsx")
        self.assertEqual(sheets[0].rows, [["x", "x"]])

    def test_the_parser_runs_under_a_memory_cap_that_stops_it(self):
        with self.assertRaises(xlsx_guard.SpreadsheetProblem) as caught:
            xlsx_guard.read_xlsx(self.register, max_rows=10, memory_bytes=20 * 1024 * 1024)
        self.assertIn("too much work", str(caught.exception))

    def test_an_ordinary_workbook_still_reads_with_its_dates_and_numbers(self):
        content = xlsx_file(["a", "b", "c"], [[datetime.date(2026, 12, 31), 4, 2.5]])
        _kind, sheets = reading.read_sheets(content, "ok.xlsx")
        self.assertEqual(
            sheets[0].rows, [["a", "b", "c"], [datetime.datetime(2026, 12, 31), 4, 2.5]]
        )


class EveryXlsxImporterIsGuardedTests(TestCase):
    """The HR file and KPI values go through the same guard as registers and passports."""

    def setUp(self):
        self.enterContext(translation.override("en"))
        self.hostile = rewrite_sheet(
            xlsx_file(["a", "b"], [["1", "2"]]),
            lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:ZZZ2045"', xml),
        )

    def test_the_hr_import_refuses_the_declared_dimension(self):
        from sapat.org.hr.reading import FileProblem as HrProblem
        from sapat.org.hr.reading import read_tables

        with self.assertRaises(HrProblem) as caught:
            read_tables([("staff.xlsx", self.hostile)])
        self.assertIn("up to ZZZ", str(caught.exception))

    def test_the_kpi_import_refuses_the_declared_dimension(self):
        from sapat.org.models import Person
        from sapat.processes import xlsx_import

        person = Person.objects.create_user("kpi-person", password="x-long-password-1")
        rows, errors = xlsx_import.parse(io.BytesIO(self.hostile), person)
        self.assertEqual(rows, [])
        self.assertIn("up to ZZZ", errors[0].message)


class TooManyCellsTests(SimpleTestCase):
    def test_a_sheet_with_millions_of_cells_is_refused_before_parsing(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        # 900 rows × 100 cells of different numbers (so that the zip's ratio does not
        # refuse it first): fewer rows than the limit, far more cells than a table has.
        digits = os.urandom(900 * 100 * 3).hex().encode()
        numbers = iter([digits[i : i + 6] for i in range(0, len(digits), 6)])
        rows = b"".join(
            b'<row r="%d">' % r
            + b"".join(b"<c><v>%s</v></c>" % next(numbers) for _c in range(100))
            + b"</row>"
            for r in range(1, 901)
        )
        content = rewrite_sheet(
            xlsx_file(["a"], []),
            lambda xml: re.sub(
                rb"<sheetData>.*</sheetData>|<sheetData/>",
                b"<sheetData>" + rows + b"</sheetData>",
                re.sub(rb"<dimension[^>]*/>", b"", xml),
                flags=re.S,
            ),
        )
        started = time.monotonic()
        with self.assertRaises(FileProblem) as caught:
            reading.read_sheets(content, "cells.xlsx")
        self.assertLess(time.monotonic() - started, 3.0)
        self.assertIn("cells; at most", str(caught.exception))
