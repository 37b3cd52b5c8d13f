"""Band cells are coloured whole (issue 13): the cell's background in the PDF (not a patch
behind the text), the cell's shading in DOCX, the cell's fill in XLSX."""

import io
import re

from docx import Document
from openpyxl import load_workbook

from sapat.reports.export import build_table, export_table
from sapat.reports.pdf import render_html

from .base import ReportsTestCase


class BandCellTests(ReportsTestCase):
    def test_the_pdf_colours_the_cell(self):
        table = build_table("register", person=self.qms)
        html = render_html(table)
        cells = re.findall(r'<td class="num band-cell[^"]*" style="background: (#\w+)">', html)
        self.assertTrue(cells)
        self.assertNotIn('<span class="band', html.split("<body", 1)[1])

    def test_docx_shades_and_xlsx_fills_the_cell(self):
        content = export_table("register", "docx", person=self.qms, lang="ky").content
        table = Document(io.BytesIO(content)).tables[0]
        row = table.rows[1]
        shaded = [c for c in row.cells if "w:shd" in c._tc.xml and "16" in c.text]
        self.assertEqual(len(shaded), 1)
        self.assertIn('w:fill="', shaded[0]._tc.tcPr.xml)
        content = export_table("register", "xlsx", person=self.qms, lang="ky").content
        ws = load_workbook(io.BytesIO(content)).worksheets[0]
        levels = [c for row in ws.iter_rows() for c in row if c.value == 16]
        self.assertTrue(levels)
        self.assertEqual(levels[0].fill.fill_type, "solid")


class HeatMapLegendTests(ReportsTestCase):
    def test_the_heat_map_has_a_legend_and_its_xlsx_a_picture(self):
        for lang, words in (("ky", "жогору"), ("ru", "высокий"), ("en", "high")):
            with self.subTest(lang):
                table = build_table("heatmap", person=self.qms)
                content = export_table("heatmap", "xlsx", person=self.qms, lang=lang).content
                ws = load_workbook(io.BytesIO(content)).worksheets[0]
                self.assertEqual(len(ws._images), 1)
                cells = {str(c.value) for row in ws.iter_rows() for c in row if c.value}
                self.assertIn(words, cells)
                self.assertTrue({"1-5", "6-10"} <= cells or {"1-4", "5-9"} <= cells, cells)
                docx = export_table("heatmap", "docx", person=self.qms, lang=lang).content
                texts = [
                    c.text.replace("\u00ad", "")
                    for t in Document(io.BytesIO(docx)).tables
                    for row in t.rows
                    for c in row.cells
                ]
                self.assertIn(words, texts)
                self.assertTrue(table.notes)
                html = render_html(table)
                self.assertIn("band-cell", html.split("report-note", 1)[1])
