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
    for i, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    styles = _Styles(ws)

    def text_row(text, font=None):
        cell = as_text(WriteOnlyCell(ws, value=text))
        if font:
            cell.font = font
        return [cell]

    # Title block: title, university, unit, date, who prepared it.
    tb = table.title_block
    block = [
        (label, value) for label, value in (
            (_("University"), tb.university),
            (_("Unit"), tb.unit),
            (_("Date"), tb.date),
            (_("Prepared by"), tb.prepared_by),
            (_("Filtered"), tb.filters),
        ) if value
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
        cell = WriteOnlyCell(ws, value=str(column.header))
        cell.data_type = "s"
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        head.append(cell)
    ws.row_dimensions[header_row].height = 15 * max(
        _lines(str(c.header), c.width) for c in table.columns
    )
    ws.append(head)

    last = header_row
    for row in table.rows:
        last += 1
        cells = [_cell(ws, row.get(c.key), styles) for c in table.columns]
        lines = max(_lines(cell.value, c.width) for cell, c in zip(cells, table.columns,
                                                                   strict=True))
        if lines > 1:
            # Spreadsheets do not grow rows for wrapped text in files they did not lay out.
            ws.row_dimensions[last].height = min(409, 15 * lines + 4)
        ws.append(cells)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ncols)}{max(last, header_row)}"

    for note in table.notes:
        ws.append([])
        ws.append(text_row(str(note.title), _BOLD))
        if note.text:
            ws.append(text_row(note.text))
        if note.headers:
            ws.append([_head_cell(ws, h) for h in note.headers])
        for score, meaning in note.rows:
            first = WriteOnlyCell(ws, value=int(score) if str(score).isdigit() else score)
            first.alignment = Alignment(horizontal="center", vertical="top")
            ws.append([as_text(first), as_text(WriteOnlyCell(ws, value=meaning))])

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


def _sheet_title(title: str) -> str:
    # Excel forbids these characters in sheet names and allows at most 31 characters.
    # Quotes go (a name cut short would leave one open); a long name is cut between words.
    for ch in '[]:*?/\\«»“”„"\'':
        title = title.replace(ch, " ")
    title = " ".join(title.split())
    if len(title) > 31:
        cut = title[:32].rsplit(" ", 1)[0]
        title = cut.rstrip(" +-–,;.") if " " in title[:32] else title[:31]
    return title or "Sheet"
