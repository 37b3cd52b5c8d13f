"""The regulation's tables, defined once: columns, cell values and the table object.

Every derived table (process card, risk passport, registers, integrated table) is a
`Table`: a list of `Column`s and an iterable of rows (dicts keyed by column key). The
screen's template (`reports/_table.html`), the PDF (same template), the XLSX writer and
the DOCX writer all read the same `Table`, so a column is added, renamed or reordered in
one place only.

Headers are lazy translations with English msgids; the Kyrgyz and Russian catalogues
carry the regulation's own headings (see /tmp/brief/reports-api.md for the list).
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# Headings shared by several tables are defined in `risks.headings`, so that the screens
# print the very same words (the risks app may not import reports).
from sapat.risks.headings import (
    H_CATEGORY,
    H_CONSEQUENCES,
    H_DEADLINE,
    H_LEVEL,
    H_LEVEL_LC,
    H_LIKELIHOOD,
    H_MEASURES,
    H_NUMBER,
    H_PROCESS,
    H_RESIDUAL,
    H_RESPONSIBLE,
    H_RISK,
    H_RISK_NAME,
    H_UNIT,
)


class Kind:
    TEXT = "text"
    INT = "int"
    DATE = "date"
    # A risk level with its band: a number in XLSX (formatted "16 – жогору" and filled
    # with the band colour), shaded text in DOCX and PDF.
    BAND = "band"


@dataclass(frozen=True)
class Column:
    key: str
    header: str | Promise
    kind: str = Kind.TEXT
    # Width in characters (XLSX units); DOCX and PDF share it out proportionally.
    width: int = 20

    @property
    def numeric(self) -> bool:
        return self.kind in (Kind.INT, Kind.BAND)


@dataclass(frozen=True)
class BandValue:
    """A level (L×C or a residual score) with its band, as a cell shows it."""

    level: int
    code: str  # low | medium | high (whatever the active scale calls them)
    label: str  # «жогору», already in the export's language
    colour: str  # "#f6b3ad"

    def __str__(self) -> str:
        return f"{self.level} – {self.label}"


@dataclass(frozen=True)
class Filled:
    """Any cell value shown on a coloured background (a heat-map count)."""

    value: object
    colour: str

    def __str__(self) -> str:
        return cell_text(self.value)


@dataclass
class Note:
    """What is printed under a table: a scale (score → meaning) or a sentence."""

    title: str | Promise
    text: str = ""
    rows: list[tuple[str, str]] = field(default_factory=list)
    headers: tuple[str | Promise, str | Promise] | None = None
    # Each row's first cell's background ("#rrggbb"): the level rule's bands.
    colours: tuple[str, ...] = ()

    @property
    def coloured_rows(self) -> list[tuple[str, str, str]]:
        colours = list(self.colours) + [""] * (len(self.rows) - len(self.colours))
        return [(s, m, c) for (s, m), c in zip(self.rows, colours, strict=False)]


@dataclass
class TitleBlock:
    university: str = ""
    unit: str = ""
    date: datetime.date | None = None
    prepared_by: str = ""
    # The regulation's caption over its table («4-тиркеме»), and what the rows are
    # limited to when the export is filtered («Процесс: Билим берүү процесси»).
    appendix: str = ""
    filters: str = ""


@dataclass
class Table:
    key: str  # passport | register | consolidated | integrated | process-card | heatmap
    title: str | Promise
    columns: list[Column]
    rows: Iterable[dict]
    title_block: TitleBlock = field(default_factory=TitleBlock)
    notes: list[Note] = field(default_factory=list)
    landscape: bool = True
    # A picture placed above the notes (the heat map), as SVG text.
    svg: str = ""
    # Two-column "element | content" tables (the process card) have no numbering.
    filename: str = "table"

    @property
    def total_width(self) -> int:
        return sum(c.width for c in self.columns) or 1


def cell_text(value) -> str:
    """A cell as plain text (for DOCX, PDF and import comparisons)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, (list, tuple)):
        return "\n".join(cell_text(v) for v in value)
    return str(value)


PASSPORT_COLUMNS = [
    Column("number", H_NUMBER, Kind.INT, 5),
    Column("title", H_RISK, Kind.TEXT, 42),
    Column("likelihood", H_LIKELIHOOD, Kind.INT, 13),
    Column("consequences", H_CONSEQUENCES, Kind.INT, 13),
    Column("level", H_LEVEL, Kind.BAND, 14),
    Column("responsible", H_RESPONSIBLE, Kind.TEXT, 28),
    Column("measures", H_MEASURES, Kind.TEXT, 48),
]

REGISTER_COLUMNS = [
    Column("number", H_NUMBER, Kind.INT, 5),
    Column("category", H_CATEGORY, Kind.TEXT, 18),
    Column("title", H_RISK_NAME, Kind.TEXT, 34),
    Column("likelihood", H_LIKELIHOOD, Kind.INT, 13),
    Column("consequences", H_CONSEQUENCES, Kind.INT, 13),
    Column("level", H_LEVEL_LC, Kind.BAND, 15),
    Column("responsible", H_RESPONSIBLE, Kind.TEXT, 26),
    Column("measures", H_MEASURES, Kind.TEXT, 40),
    Column("deadline", H_DEADLINE, Kind.TEXT, 18),
    Column("residual", H_RESIDUAL, Kind.BAND, 15),
]

# The consolidated register: the university register's columns plus where each risk
# lives (unit, process), for the QMS office's cross-unit view.
CONSOLIDATED_COLUMNS = [
    *REGISTER_COLUMNS[:1],
    Column("unit", H_UNIT, Kind.TEXT, 20),
    Column("process", H_PROCESS, Kind.TEXT, 18),
    *REGISTER_COLUMNS[1:],
]

PROCESS_CARD_COLUMNS = [
    Column("element", pgettext_lazy("regulation heading", "Elements"), Kind.TEXT, 28),
    Column("content", pgettext_lazy("regulation heading", "Content"), Kind.TEXT, 80),
]
