"""Untrusted spreadsheets are looked at cheaply first, then parsed where a limit stops them.

A small .xlsx can make a parser work or allocate without end: a 59 MB comment in a sheet
(the expat bundled with Python re-parses large tokens quadratically, CVE-2023-52425), a
sheet that declares `A1:ZZZ2045` (read-only openpyxl pads every row to it), a member that
unpacks a hundredfold. So every importer of .xlsx (registers and passports, the HR file,
KPI values) calls `read_xlsx`, which

1. `precheck`: refuses, from what the zip says and one streaming pass over the XML without
   parsing it, members too large or too compressed, a declared size beyond the import's
   limits, and any single XML token (text, comment, attribute) longer than a cell can be;
2. reads the sheets in a separate process (`sapat.lib.xlsx_child`) capped in CPU time and
   memory, so that whatever slipped through kills that process, not the web worker.

Every refusal is a `SpreadsheetProblem` with a message in the person's language; the callers
turn it into their own `FileProblem`.
"""

from __future__ import annotations

import datetime
import io
import pickle
import re
import subprocess
import sys
import zipfile

from django.utils.translation import gettext as _

MAX_MEMBER_BYTES = 60 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed, for members larger than RATIO_FROM
RATIO_FROM = 1024 * 1024
# Excel holds at most 32,767 characters in a cell (up to ~128 KB of UTF-8, escaped): a
# token ten times that is no spreadsheet's.
MAX_TOKEN_BYTES = 1024 * 1024
MAX_COLUMNS = 100
# Cells a sheet may hold, per row allowed: 2,040 rows × 950 filled columns took 22 s to parse.
CELLS_PER_ROW = 40
CPU_SECONDS = 20
MEMORY_BYTES = 1024 * 1024 * 1024
WALL_SECONDS = 60

_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*\bref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"'
)


class SpreadsheetProblem(ValueError):
    """The file is refused; the message is for the person."""


class TooManyRows(SpreadsheetProblem):
    """More rows than `max_rows`: each importer says so in its own words."""


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _too_much_work() -> SpreadsheetProblem:
    return SpreadsheetProblem(
        _(
            "The spreadsheet takes too much work to read (it may be damaged or built to harm "
            "the server). Save it again from Excel as .xlsx, or copy the table into a new "
            "workbook, and upload it again."
        )
    )


def precheck(content: bytes, *, max_rows: int, max_columns: int = MAX_COLUMNS) -> None:
    """Refuse, without parsing, what can be seen to be too much (`SpreadsheetProblem`)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return  # the readers say "damaged" themselves
    with zf:
        for info in zf.infolist():
            if info.file_size > MAX_MEMBER_BYTES or (
                info.file_size > RATIO_FROM
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise SpreadsheetProblem(_("The file unpacks to too much data to be a table."))
        for info in zf.infolist():
            if info.filename.endswith((".xml", ".rels")) and info.file_size:
                _scan_xml(zf, info, max_rows=max_rows, max_columns=max_columns)


def _scan_xml(zf, info, *, max_rows: int, max_columns: int) -> None:
    """Look at a member's bytes without parsing them: its declared dimension, and whether
    any token (text, attribute, comment, CDATA, instruction) is longer than a cell can be.
    Text and attribute values cannot hold a literal "<", so a long stretch without one is a
    long token; comments, CDATA and instructions are measured to their end."""
    try:
        data = zf.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return  # the parser will call it damaged
    if info.filename.startswith("xl/worksheets/"):
        _check_dimension(data[: 64 * 1024], max_rows=max_rows, max_columns=max_columns)
        cells = data.count(b"<c ") + data.count(b"<c>")
        limit = max_rows * CELLS_PER_ROW
        if cells > limit:
            raise SpreadsheetProblem(
                _(
                    "A sheet of the file holds %(cells)s cells; at most %(max)s can be read. "
                    "Delete what the import does not need and upload it again."
                )
                % {"cells": cells, "max": limit}
            )
    step = MAX_TOKEN_BYTES // 2
    for i in range(0, len(data), step):
        if len(data) - i >= step and data.find(b"<", i, i + step) < 0:
            raise _too_much_work()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _too_much_work()
    for opening, closing in ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>")):
        at = data.find(opening)
        while at >= 0:
            end = data.find(closing, at, at + MAX_TOKEN_BYTES)
            if end < 0:
                raise _too_much_work()
            at = data.find(opening, end)


def _check_dimension(head: bytes, *, max_rows: int, max_columns: int) -> None:
    m = _DIMENSION.search(head)
    if not m or not m.group(3):
        return
    rows = int(m.group(4))
    columns = column_number(m.group(3).decode())
    if columns > max_columns:
        raise SpreadsheetProblem(
            _(
                "A sheet of the file uses %(cols)s columns (up to %(letters)s); at most "
                "%(max)s can be read. Delete the columns it does not need and upload it again."
            )
            % {"cols": columns, "letters": m.group(3).decode(), "max": max_columns}
        )
    if rows > max_rows:
        raise TooManyRows(rows)


class _SafeUnpickler(pickle.Unpickler):
    ALLOWED = {("datetime", n) for n in ("datetime", "date", "time", "timedelta", "timezone")}

    def find_class(self, module, name):
        if (module, name) in self.ALLOWED:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not expected")


def read_xlsx(
    content: bytes,
    *,
    max_rows: int,
    max_columns: int = MAX_COLUMNS,
    cpu_seconds: int = CPU_SECONDS,
    memory_bytes: int = MEMORY_BYTES,
) -> list[tuple[str, list[list]]]:
    """The sheets of an untrusted .xlsx as (title, rows); `TooManyRows` past `max_rows`,
    `SpreadsheetProblem` for what is refused, `ValueError` for a file that cannot be read."""
    precheck(content, max_rows=max_rows, max_columns=max_columns)
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "sapat.lib.xlsx_child",
                str(max_rows),
                str(max_columns),
                str(cpu_seconds),
                str(memory_bytes),
            ],
            input=content,
            capture_output=True,
            timeout=WALL_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise _too_much_work() from exc
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace")
        if done.returncode < 0 or "MemoryError" in stderr:
            raise _too_much_work()
        raise ValueError(stderr[-2000:])  # the parser's own error: a damaged file
    status, sheets = _SafeUnpickler(io.BytesIO(done.stdout)).load()
    if status == "too_many_rows":
        raise TooManyRows(max_rows)
    return sheets
