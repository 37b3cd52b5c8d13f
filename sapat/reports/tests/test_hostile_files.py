"""Hostile uploads are refused quickly, with a message, before they are expanded in memory
(issue 11). The files are built here: small on disk, enormous once read naively."""

import io
import time

from django.test import SimpleTestCase
from django.utils import translation
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from sapat.reports import reading
from sapat.reports.reading import FileProblem

from .files import KY_REGISTER_HEADERS


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


class HostileWordTests(SimpleTestCase):
    def setUp(self):
        self.enterContext(translation.override("en"))

    def refused(self, content) -> str:
        started = time.monotonic()
        with self.assertRaises(FileProblem) as caught:
            reading.read_sheets(content, "hostile.docx")
        self.assertLess(time.monotonic() - started, 2.0)
        return str(caught.exception)

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
