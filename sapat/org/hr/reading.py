"""Reading the HR department's file: an XLSX workbook, or CSV files, into tables.

A workbook holds up to three sheets (units, positions, people), found by their headings
whatever their order or name; CSV files hold one table each, so an HR office that exports
CSV sends two or three files at once. Every problem with a file as a whole is a
`FileProblem` whose message is for the person, in their language.
"""
from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .columns import SHEETS, SheetKind, match_column, match_sheet_title

MAX_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 120 * 1024 * 1024
MAX_ROWS = 20_000  # a university of 3,000 people with room to spare
HEADER_ROWS = 15  # headings are looked for in the first rows of a sheet
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message is for the person."""


@dataclass
class Table:
    """A table as read: cells are str, int, float, date or None."""

    source: str  # the sheet's or file's name, as the person knows it
    rows: list[list]


@dataclass
class Located:
    kind: SheetKind
    table: Table
    header_index: int
    columns: dict[str, int]  # column key → index
    headers: dict[str, str]  # column key → the heading as written

    def line_of(self, offset: int) -> int:
        """The row number a spreadsheet shows for data row `offset` (0-based)."""
        return self.header_index + 2 + offset


def read_tables(files: list[tuple[str, bytes]]) -> list[Table]:
    """The tables in the uploaded files: every sheet of a workbook, every CSV file."""
    tables: list[Table] = []
    if not files:
        raise FileProblem(_("Choose the HR file to import."))
    total = sum(len(content) for _name, content in files)
    if total > MAX_BYTES:
        raise FileProblem(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                          % {"size": round(total / 1024 / 1024, 1),
                             "limit": MAX_BYTES // 1024 // 1024})
    for name, content in files:
        if not content:
            raise FileProblem(_("The file “%(name)s” is empty.") % {"name": name})
        if content.startswith(OLE_MAGIC):
            raise FileProblem(_(
                "“%(name)s” is password-protected or in the old Excel format (.xls). Remove "
                "the password and save it as .xlsx or .csv, then upload it again."
            ) % {"name": name})
        if content.startswith(b"PK\x03\x04"):
            tables += _read_xlsx(name, content)
        else:
            tables.append(_read_csv(name, content))
    return tables


def _read_xlsx(name: str, content: bytes) -> list[Table]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            names = set(zf.namelist())
            if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED_BYTES:
                raise FileProblem(_("The file unpacks to too much data to be a table."))
    except zipfile.BadZipFile as exc:
        raise FileProblem(_("“%(name)s” is damaged and cannot be opened.") % {"name": name}) \
            from exc
    if "xl/workbook.xml" not in names:
        raise FileProblem(_("“%(name)s” is not an Excel workbook (.xlsx) or a CSV file.")
                          % {"name": name})
    from sapat.lib.xlsx_guard import SpreadsheetProblem, TooManyRows, read_xlsx

    try:
        sheets = read_xlsx(content, max_rows=MAX_ROWS + HEADER_ROWS)
    except TooManyRows as exc:
        raise FileProblem(_too_many_rows()) from exc
    except SpreadsheetProblem as exc:
        raise FileProblem(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 — any parser failure is a damaged file to the person
        raise FileProblem(_("“%(name)s” is damaged and cannot be opened.") % {"name": name}) \
            from exc
    return [Table(title, rows) for title, rows in sheets]


def _decode(content: bytes) -> str:
    # Excel saves "CSV UTF-8" with a byte-order mark and plain "CSV" in the Windows code
    # page of the machine: 1251 on a Russian or Kyrgyz Windows.
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(_("The CSV file is neither UTF-8 nor Windows-1251 text."))


def _read_csv(name: str, content: bytes) -> Table:
    if b"\0" in content[:4096]:
        raise FileProblem(_("“%(name)s” is not an Excel workbook (.xlsx) or a CSV file.")
                          % {"name": name})
    text = _decode(content)
    sample = text[:8192]
    # Russian Excel writes ";" between cells, others ","; tabs come from copied tables.
    counts = {d: sample.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=counts.get)
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append([cell if cell.strip() else None for cell in row])
            if len(rows) > MAX_ROWS + HEADER_ROWS:
                raise FileProblem(_too_many_rows())
    except csv.Error as exc:  # a cell past the CSV module's limit, a broken quote
        raise FileProblem(_("“%(name)s” is not an Excel workbook (.xlsx) or a CSV file.")
                          % {"name": name}) from exc
    return Table(name.rsplit("/", 1)[-1], rows)


def _too_many_rows() -> str:
    return _("A table has more than %(n)s rows; split the file.") % {"n": f"{MAX_ROWS:,}"}


def _header_match(kind: SheetKind, row: list) -> tuple[dict[str, int], dict[str, str]]:
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index, value in enumerate(row):
        if value is None or isinstance(value, (int, float, datetime.date)):
            continue
        key = match_column(kind, value)
        if key and key not in columns:
            columns[key] = index
            headers[key] = " ".join(str(value).split())
    return columns, headers


def locate(tables: list[Table]) -> dict[str, Located]:
    """Which table is the units, positions and people list, and where their headings are.

    A table is judged by the headings it carries (the most columns of one kind win); its
    name (the sheet's title) settles a tie. Tables that are none of the three (a cover
    sheet, notes) are passed over.
    """
    found: dict[str, Located] = {}
    for table in tables:
        best: Located | None = None
        best_score = 0.0
        titled = match_sheet_title(table.source)
        for index, row in enumerate(table.rows[:HEADER_ROWS]):
            for kind in SHEETS:
                columns, headers = _header_match(kind, row)
                if len(columns) < 2 or any(
                    c.required and c.key not in columns for c in kind.columns
                ):
                    continue
                score = len(columns) + (0.5 if titled is kind else 0)
                if score > best_score:
                    best, best_score = Located(kind, table, index, columns, headers), score
        if best is None:
            continue
        if best.kind.key in found:
            raise FileProblem(_(
                "Both “%(first)s” and “%(second)s” look like the list of %(what)s; keep one."
            ) % {"first": found[best.kind.key].table.source, "second": table.source,
                 "what": str(best.kind.label).lower()})
        found[best.kind.key] = best
    if not found:
        raise FileProblem(_(
            "No list of units, positions or people was found. The headings Sapat looks "
            "for are in the template; download it from this page."
        ))
    return found


def cell_text(value) -> str:
    """A cell as one line of text: numbers without “.0”, dates as dd.mm.yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).replace("\u00a0", " ").split())
