"""A small university with a passport and a register, for every export/import test."""
import datetime
import io

from docx import Document
from openpyxl import load_workbook

from sapat.test import SapatTestCase

from .factories import category, make_risk


class ReportsTestCase(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.academic = category("academic")
        cls.r1 = make_risk(
            cls.dep_a1, "Илимий даражалуу окутуучулардын жетишсиздиги", 4, 4,
            responsible="Илимий иштер жана инновациялар боюнча проректор",
            measures=[("Квалификацияны жогорулатуу", datetime.date(2026, 12, 31)),
                      ("Адистерди чакыруу", "Жыл сайын")],
            escalated_number=1, residual_score=6, cat=cls.academic,
            deadline_text="Жыл сайын, IV-квартал",
        )
        cls.r2 = make_risk(
            cls.dep_a1, "Студенттердин мотивациясы төмөн", 3, 3,
            responsible="Институттардын жана колледждердин директорлору",
            measures=["Мотивациялоочу программаларды ишке киргизүү"],
        )
        cls.r3 = make_risk(cls.dep_b1, "=HYPERLINK(\"http://evil\")", 2, 2,
                           escalated_number=2, residual_score=2, cat=cls.academic)


def xlsx_rows(content: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    # Without the word joiners that keep a heading's «(1–5)» whole (sapat.reports.hyphens).
    return [
        tuple(c.value.replace("\u2060", "") if isinstance(c.value, str) else c.value for c in row)
        for row in ws.iter_rows()
    ]


def docx_table_rows(content: bytes, index: int = 0) -> list[list[str]]:
    """The cells' text as a reader sees it: without the soft hyphens (hyphenation points)
    the export puts in."""
    table = Document(io.BytesIO(content)).tables[index]
    return [
        [cell.text.replace("\u00ad", "").replace("\u2060", "") for cell in row.cells]
        for row in table.rows
    ]


def pdf_text(content: bytes, raw: bool = False) -> str:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        text = subprocess.run(
            ["pdftotext", "-raw" if raw else "-layout", f.name, "-"], capture_output=True,
            text=True, check=True,
        ).stdout
    # A word broken at a soft hyphen (sapat.reports.hyphens) comes out as "‐" (U+2010)
    # and a line break: read in the order printed, it is the word whole again.
    # Chromium keeps the soft hyphens themselves in the text layer (invisible when copied).
    text = text.replace("\u00ad", "").replace("\u2060", "")
    return text.replace("\u2010\n", "") if raw else text
