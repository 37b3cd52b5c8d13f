"""XLSX writer: a `Table` → workbook bytes.

Written in openpyxl's write-only (streamed) mode so that memory stays flat on big
registers. Cells are typed: numbers are numbers, dates are dates; levels are numbers
whose number format shows the band ("16 – жогору") and whose fill is the band colour,
so the column still sorts and filters as numbers.
"""

from __future__ import annotations

import datetime
import io
from copy import copy

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from sapat.lib.spreadsheets import as_text, looks_like_formula

from .columns import BandValue, Filled, Table, cell_text
from .hyphens import keep_ranges

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEAD_FILL = PatternFill("solid", fgColor="E3E9F1")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()[:6] or "FFFFFF"


def _band_format(label: str) -> str:
    # The label is text inside a number format: escape the format's quote character.
    return '0" – ' + label.replace('"', "'") + '"'


class _Styles:
    """One style per kind of cell, built once and copied onto every cell of that kind.

    Setting font/fill/border on each of 50,000 cells makes openpyxl hash style objects
    every time (most of the export's time); copying a ready style array does not.
    """

    def __init__(self, ws):
        self.ws = ws
        self.arrays: dict[tuple, object] = {}

    def apply(self, cell, key: tuple) -> None:
        array = self.arrays.get(key)
        if array is None:
            template = WriteOnlyCell(self.ws)
            _dress(template, key)
            array = self.arrays[key] = template._style
        cell._style = copy(array)


def _dress(cell, key: tuple) -> None:
    kind = key[0]
    cell.border = _BORDER
    if kind == "band":
        _, colour, label, _fill = key
        cell.number_format = _band_format(label)
        cell.fill = PatternFill("solid", fgColor=_hex(colour))
        cell.alignment = Alignment(horizontal="center", vertical="top")
    elif kind == "number":
        cell.alignment = Alignment(horizontal="center", vertical="top")
    elif kind == "date":
        cell.number_format = "DD.MM.YYYY"
        cell.alignment = _WRAP
    else:
        cell.alignment = _WRAP
        if kind == "quoted":
            cell.quotePrefix = True
    if len(key) > 3 and key[3]:  # a Filled cell's background
        cell.fill = PatternFill("solid", fgColor=_hex(key[3]))


def _cell(ws, value, styles: _Styles, fill: str = ""):
    if isinstance(value, Filled):
        return _cell(ws, value.value, styles, value.colour)
    if isinstance(value, BandValue):
        cell = WriteOnlyCell(ws, value=value.level)
        styles.apply(cell, ("band", value.colour, value.label, ""))
        return cell
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell = WriteOnlyCell(ws, value=value)
        styles.apply(cell, ("number", "", "", fill))
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        styles.apply(cell, ("date", "", "", fill))
        return cell
    text = cell_text(value)
    cell = WriteOnlyCell(ws, value=text if text else None)
    if text:
        # Never a formula: openpyxl would otherwise take "=…" as one.
        cell.data_type = "s"
    kind = "quoted" if looks_like_formula(text) else "text"
    styles.apply(cell, (kind, "", "", fill))
    return cell


def write_xlsx(table: Table) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(str(table.title)))
    ncols = len(table.columns)
    widths = [column_width(column) for column in table.columns]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    styles = _Styles(ws)

    def text_row(text, font=None):
        cell = as_text(WriteOnlyCell(ws, value=text))
        if font:
            cell.font = font
        return [cell]

    # Title block: title, university, unit, date, who prepared it.
    tb = table.title_block
    block = [
        (label, value)
        for label, value in (
            (_("University"), tb.university),
            (_("Unit"), tb.unit),
            (_("Date"), tb.date),
            (_("Prepared by"), tb.prepared_by),
            (_("Filtered"), tb.filters),
        )
        if value
    ]
    # Title, the block, a blank row, then the header row. The pane must be set before the
    # first row is written: write-only sheets emit their view settings up front.
    header_row = 1 + len(block) + 1 + 1 + (1 if tb.appendix else 0)
    ws.freeze_panes = f"A{header_row + 1}"
    # Printed from Excel: landscape when wide, the header row on every page, fit to width.
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape" if table.landscape else "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if tb.appendix:
        # The regulation's caption, at the table's right edge.
        caption = as_text(WriteOnlyCell(ws, value=tb.appendix))
        caption.alignment = Alignment(horizontal="right")
        caption.font = Font(italic=True)
        ws.append([None] * (ncols - 1) + [caption])
    ws.append(text_row(str(table.title), _TITLE))
    for label, value in block:
        # One cell "Label: value": column A is the narrow № column, the text runs over.
        shown = value.strftime("%d.%m.%Y") if isinstance(value, datetime.date) else value
        ws.append(text_row(f"{label}: {shown}"))
    ws.append([])

    head = []
    for column in table.columns:
        # «Likelihood (1–5)» never wraps as «Likelihood (1–» over «5)».
        cell = WriteOnlyCell(ws, value=keep_ranges(str(column.header)))
        cell.data_type = "s"
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        head.append(cell)
    ws.row_dimensions[header_row].height = 15 * max(
        _lines(str(c.header), w) for c, w in zip(table.columns, widths, strict=True)
    )
    ws.append(head)

    last = header_row
    for row in table.rows:
        last += 1
        cells = [_cell(ws, row.get(c.key), styles) for c in table.columns]
        lines = max(_lines(cell.value, w) for cell, w in zip(cells, widths, strict=True))
        if lines > 1:
            # Spreadsheets do not grow rows for wrapped text in files they did not lay out.
            ws.row_dimensions[last].height = min(409, 15 * lines + 4)
        ws.append(cells)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ncols)}{max(last, header_row)}"

    # A write-only sheet does not count its rows: `row` is the last row written.
    row = last

    def put(cells, height: float = 0) -> None:
        nonlocal row
        row += 1
        if height:
            ws.row_dimensions[row].height = height
        ws.append(cells)

    if table.svg:
        # The heat map's picture (the same PNG as in the DOCX) below the cells.
        from openpyxl.drawing.image import Image

        from .heatmap import svg_to_png

        put([])
        picture = Image(io.BytesIO(svg_to_png(table.svg)))
        # Drawn at twice the size for a sharp print; shown at its natural size.
        picture.width, picture.height = picture.width / 2, picture.height / 2
        picture.anchor = f"A{row + 1}"
        ws.add_image(picture)
        # Rows the picture covers (20 px a row), so the notes come below it.
        for _row in range(int(picture.height / 20) + 1):
            put([])

    # The notes' two-column tables (scale, level rule) start in the second column when
    # the first is the narrow № column: «Балл (ыктымалдуулук x натыйжа)» would not fit.
    skip = 1 if ncols > 2 and widths[0] < 14 else 0
    first_width = widths[skip] if ncols > skip else 10
    for note in table.notes:
        put([])
        put(text_row(str(note.title), _BOLD))
        if note.text:
            put(text_row(note.text))
        if note.headers:
            heads = [_head_cell(ws, h) for h in note.headers]
            heads[0].alignment = _WRAP  # the score column; the meaning runs over
            # Bold letters are wider: the heading's lines counted in a narrower column.
            lines = _lines(heads[0].value, first_width * 0.85)
            put([None] * skip + heads, 15 * lines + 2 if lines > 1 else 0)
        for score, meaning, colour in note.coloured_rows:
            first = WriteOnlyCell(ws, value=int(score) if str(score).isdigit() else score)
            first.alignment = Alignment(horizontal="center", vertical="top")
            if colour:
                first.fill = PatternFill("solid", fgColor=_hex(colour))
            put([None] * skip + [as_text(first), as_text(WriteOnlyCell(ws, value=meaning))])

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _lines(value, width: int) -> int:
    """How many lines a wrapped cell takes when printed: words wrapped whole, at about
    one character per unit of column width less the cell's padding (Cyrillic in the
    default font is wider than the width unit's digit)."""
    if not isinstance(value, str):
        return 1
    per_line = max(1, int(width * 0.95) - 2)
    total = 0
    for paragraph in value.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            while size > per_line:  # a word longer than the line breaks where it must
                if used:
                    lines += 1
                lines, size, used = lines + 1, size - per_line, 0
            if used and used + 1 + size > per_line:
                lines, used = lines + 1, size
            else:
                used += size + (1 if used else 0)
        total += lines
    return total


def _head_cell(ws, text):
    cell = as_text(WriteOnlyCell(ws, value=str(text)))
    cell.font = _BOLD
    return cell


# A bold heading's letter in the sheet's width units (Calibri 11 digits), and the
# cell's padding: every column is wide enough for the longest word of its heading.
HEADING_CHAR = 1.2


def column_width(column) -> float:
    longest = max((len(w) for w in str(column.header).split()), default=0)
    return max(column.width, round(HEADING_CHAR * longest + 2, 1))


def _sheet_title(title: str) -> str:
    # Excel forbids these characters in sheet names and allows at most 31 characters.
    # Quotes go (a name cut short would leave one open); a long name is cut between words.
    for ch in "[]:*?/\\«»“”„\"'":
        title = title.replace(ch, " ")
    title = " ".join(title.split())
    if len(title) > 31:
        cut = title[:32].rsplit(" ", 1)[0]
        title = cut.rstrip(" +-–,;.") if " " in title[:32] else title[:31]
    return title or "Sheet"
