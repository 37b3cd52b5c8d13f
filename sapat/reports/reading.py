"""Reading uploaded passports and registers: XLSX or DOCX → a grid of cells → mapped rows.

Files are checked before any parser sees them (size, real format by content, encryption,
zip size), and every problem is a `FileProblem` with a translated message, never a crash.
Headers are recognised by normalised synonyms, so the regulation's Kyrgyz headings, the
Russian ones, the English ones and headings broken over several lines all match.
"""
from __future__ import annotations

import dataclasses
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 2000
# A table wider than this, or holding more cells in all, is no passport or register: it is
# refused before it is expanded into memory (a Word cell can claim to span 50,000,000).
MAX_COLUMNS = 100
MAX_CELLS = (MAX_ROWS + 50) * 40
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls/.doc, and password-protected files


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


# field → synonyms (any language), normalised with `norm_header` before comparison.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("№", "no", "n", "#", "номер", "р/с", "п/п", "№п/п", "number", "ретисаны"),
    "unit": ("unit", "түзүмдүкбөлүм", "бөлүм", "подразделение", "структурноеподразделение"),
    "process": ("process", "процесс", "процесстинаталышы"),
    "category": ("тобокелдиккатегориясы", "тобокелдиктинкатегориясы", "категория",
                 "категориялар", "категорияриска", "категориярисков", "riskcategory",
                 "category"),
    "title": ("тобокелдик", "тобокелдиктинаталышы", "тобокелдиктинаталы", "тобокелдиктер",
              "риск", "риски", "наименованиериска", "названиериска", "описаниериска",
              "risk", "riskname"),
    "likelihood": ("ыктымалдуулук", "вероятность", "likelihood", "probability"),
    "consequences": ("натыйжалар", "натыйжалары", "последствия", "consequences", "impact",
                     "тяжестьпоследствий", "влияние"),
    "level": ("тобокелдикдеңгээли", "деңгээли", "уровеньриска", "уровень", "risklevel",
              "level"),
    "responsible": ("жооптуу", "жооптуулар", "ответственный", "ответственные", "responsible"),
    "measures": ("жеңилдетүүчаралары", "чаралар", "мерыпоснижениюриска", "мерыпоснижению",
                 "мерыминимизации", "мерыминимизациириска", "мерыреагирования", "меры",
                 "mitigationmeasures", "measures", "mitigation"),
    "deadline": ("аткаруумөөнөтү", "мөөнөтү", "мөөнөт", "срокисполнения", "срок",
                 "сроки", "deadline", "due"),
    "residual": ("калгантобокелдик", "калдыктобокелдик", "остаточныйриск", "residualrisk",
                 "residual"),
}

# What the user reads when a column is missing or wrong (lazy: rendered in their language).
FIELD_LABELS = {
    "number": gettext_lazy("No."),
    "unit": gettext_lazy("Unit"),
    "process": gettext_lazy("Process"),
    "category": gettext_lazy("Risk category"),
    "title": gettext_lazy("Risk"),
    "likelihood": gettext_lazy("Likelihood (1–5)"),
    "consequences": gettext_lazy("Consequences (1–5)"),
    "level": gettext_lazy("Risk level"),
    "responsible": gettext_lazy("Responsible"),
    "measures": gettext_lazy("Mitigation measures"),
    "deadline": gettext_lazy("Deadline"),
    "residual": gettext_lazy("Residual risk"),
}

_PARENS = re.compile(r"\([^)]*\)")
_NOT_LETTER = re.compile(r"[^\w№#/]+", re.UNICODE)


def norm_header(text: str) -> str:
    """“Тобокел-\\nдиктин\\nаталыш\\nы” → “тобокелдиктинаталышы”; “(1-5)”, “(В×П)” dropped."""
    text = str(text or "").replace("\u00ad", "").casefold().replace("ё", "е")
    text = _PARENS.sub("", text)
    text = re.sub(r"\d", "", text)
    return _NOT_LETTER.sub("", text).replace("_", "")


_NORMALISED = {
    field: tuple(sorted({norm_header(s) for s in synonyms}, key=len, reverse=True))
    for field, synonyms in HEADER_SYNONYMS.items()
}


# Word stems that decide a heading however it is phrased ("Тобокелдиктин категориясы",
# "Категория рисков"…), checked in this order: "residual risk" before "risk" etc.
HEADER_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("residual", ("калган", "калдык", "остаточ", "residual")),
    ("level", ("деңгээл", "деңгэл", "уровень", "level")),
    ("category", ("категор", "category")),
    ("likelihood", ("ыктымал", "вероятн", "likelihood", "probabilit")),
    ("consequences", ("натыйжа", "последств", "consequence", "impact")),
    ("measures", ("чара", "меры", "мерыпо", "measure", "mitigation")),
    ("responsible", ("жооптуу", "ответствен", "responsib")),
    ("deadline", ("мөөнөт", "срок", "deadline")),
    ("unit", ("бөлүм", "подразделен")),
)


def match_header(text: str) -> str | None:
    """The field a header cell names, or None. Exact synonyms, then stems, then prefixes."""
    key = norm_header(text)
    if not key:
        return None
    for field, synonyms in _NORMALISED.items():
        if key in synonyms:
            return field
    for field, stems in HEADER_STEMS:
        if any(stem in key for stem in stems):
            return field
    best, best_len = None, 0
    for field, synonyms in _NORMALISED.items():
        for s in synonyms:
            if len(s) >= 4 and key.startswith(s) and len(s) > best_len:
                best, best_len = field, len(s)
    return best


@dataclass
class Sheet:
    """The rows of one table in the file, cells as read (str, int, float, date or None)."""

    name: str
    rows: list[list]
    # A document's lines above the table (its title block).
    preamble: list[str] = dataclasses.field(default_factory=list)


def sniff(content: bytes, filename: str = "") -> str:
    """“xlsx” or “docx”, judged by content (the name can lie); raises FileProblem."""
    if not content:
        raise FileProblem(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise FileProblem(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(len(content) / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024}
        )
    if content.startswith(OLE_MAGIC):
        raise FileProblem(_(
            "The file is password-protected or in the old Excel/Word format (.xls, .doc). "
            "Remove the password and save it as .xlsx or .docx, then upload it again."
        ))
    if not content.startswith(b"PK\x03\x04"):
        raise FileProblem(_("This is not an Excel (.xlsx) or Word (.docx) file."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            names = set(zf.namelist())
            if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED_BYTES:
                raise FileProblem(_("The file unpacks to too much data to be a table."))
    except zipfile.BadZipFile as exc:
        raise FileProblem(_("The file is damaged and cannot be opened.")) from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise FileProblem(_("This is not an Excel (.xlsx) or Word (.docx) file."))


def read_sheets(content: bytes, filename: str = "") -> tuple[str, list[Sheet]]:
    kind = sniff(content, filename)
    try:
        sheets = _read_xlsx(content) if kind == "xlsx" else _read_docx(content)
    except FileProblem:
        raise
    except Exception as exc:  # noqa: BLE001 — any parser failure is a damaged file to the user
        raise FileProblem(_("The file is damaged and cannot be opened.")) from exc
    return kind, sheets


def _read_xlsx(content: bytes) -> list[Sheet]:
    from sapat.lib.xlsx_guard import SpreadsheetProblem, TooManyRows, read_xlsx

    try:
        sheets = read_xlsx(content, max_rows=MAX_ROWS + 50)
    except TooManyRows as exc:
        raise FileProblem(_too_many_rows()) from exc
    except SpreadsheetProblem as exc:
        raise FileProblem(str(exc)) from exc
    return [Sheet(title, rows) for title, rows in sheets]


def _cell_text_docx(tc) -> str:
    """A Word cell's text, paragraph by paragraph; line breaks inside a paragraph kept."""
    from docx.oxml.ns import qn

    paragraphs = []
    for p in tc.iter(qn("w:p")):
        parts = []
        for node in p.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")):
            if node.tag == qn("w:t"):
                # Soft hyphens (the export's hyphenation points) and word joiners (its
                # unbroken number ranges) are not the text.
                parts.append((node.text or "").replace("\u00ad", "").replace("\u2060", ""))
            elif node.tag == qn("w:tab"):
                parts.append(" ")
            else:
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _read_docx(content: bytes) -> list[Sheet]:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(content))
    sheets = []
    total = 0
    preamble = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            break
        if child.tag == qn("w:p") and len(preamble) < 30:
            preamble.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
    for index, table in enumerate(doc.tables, start=1):
        width = _docx_grid_width(table._tbl, index)
        rows = []
        for tr in table._tbl.tr_lst:
            cells = []
            for tc in tr.tc_lst:
                span_el = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
                span = _docx_span(span_el.get(qn("w:val"), "1")) if span_el is not None else 1
                if len(cells) + span > width:
                    raise FileProblem(_(
                        "Table %(n)s of the Word file has a cell spanning %(span)s columns, "
                        "more than the table's %(cols)s; the file cannot be read. Save it "
                        "again from Word or copy the table into a new document."
                    ) % {"n": index, "span": span, "cols": width})
                cells.append(_cell_text_docx(tc))
                cells.extend([""] * (span - 1))
            rows.append(cells)
            total += len(cells)
            if len(rows) > MAX_ROWS + 50:
                raise FileProblem(_too_many_rows())
            if total > MAX_CELLS:
                raise FileProblem(_(
                    "The Word file's tables hold more than %(n)s cells; split it into "
                    "several files."
                ) % {"n": MAX_CELLS})
        sheets.append(Sheet(_("Table %(n)s") % {"n": index}, rows,
                            preamble if index == 1 else []))
    return sheets


def _docx_grid_width(tbl, index: int) -> int:
    """How many columns a Word table may fill: its grid (`w:tblGrid`), or the most cells
    in a row when the grid is missing; more than `MAX_COLUMNS` is refused."""
    grid = tbl.tblGrid
    width = len(grid.gridCol_lst) if grid is not None else 0
    width = width or max((len(tr.tc_lst) for tr in tbl.tr_lst), default=0)
    if width > MAX_COLUMNS:
        raise FileProblem(_(
            "Table %(n)s of the Word file has %(cols)s columns; at most %(max)s can be read."
        ) % {"n": index, "cols": width, "max": MAX_COLUMNS})
    return width


def _docx_span(value: str) -> int:
    """`w:gridSpan`'s number (a huge one is kept, to be refused); nonsense counts as 1."""
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 12:
        return MAX_COLUMNS + 1 if value.isdigit() else 1
    return max(int(value), 1)


def _too_many_rows() -> str:
    return _("The table has more than %(n)s rows; split it into several files.") % {
        "n": MAX_ROWS
    }


@dataclass
class Located:
    """The table found in a file: which sheet, which row holds the headers, the mapping."""

    sheet: Sheet
    header_index: int
    columns: dict[str, int]  # field → column index
    headers: dict[str, str]  # field → the header as written in the file


def locate(sheets: list[Sheet], required: tuple[str, ...]) -> Located:
    """Find the first row (in any sheet or Word table) whose cells name the required columns."""
    best: Located | None = None
    for sheet in sheets:
        for index, row in enumerate(sheet.rows[:30]):
            columns: dict[str, int] = {}
            headers: dict[str, str] = {}
            for col, value in enumerate(row):
                if value is None or isinstance(value, (int, float, datetime.date)):
                    continue
                field = match_header(str(value))
                if field and field not in columns:
                    columns[field] = col
                    headers[field] = " ".join(str(value).split())
            found = Located(sheet, index, columns, headers)
            if all(f in columns for f in required):
                return found
            if best is None or len(columns) > len(best.columns):
                best = found
    missing = [f for f in required if best is None or f not in best.columns]
    raise FileProblem(
        _("No table with the columns %(cols)s was found. Missing: %(missing)s.") % {
            "cols": ", ".join(f"“{FIELD_LABELS[f]}”" for f in required),
            "missing": ", ".join(f"“{FIELD_LABELS[f]}”" for f in missing),
        }
    )


# --- Cell values ---------------------------------------------------------------------------

_WS = re.compile(r"[ \t\u00a0]+")


def join_lines(text) -> str:
    """One logical text from a cell broken over lines: “жол-\\nжоболорун” → “жол-жоболорун”."""
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    if isinstance(text, datetime.datetime):
        text = text.date()
    if isinstance(text, datetime.date):
        return text.strftime("%d.%m.%Y")
    lines = [_WS.sub(" ", line).strip() for line in str(text).replace("\r", "\n").split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and line[:1].islower():
            out += line  # a word hyphenated at the line's end
        else:
            out += " " + line
    return out


_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•–·*])\s+")
_WHEN = re.compile(r"\s*\[([^\[\]]+)\]\s*$")
_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
_DATE_LEAD = re.compile(r"^(\d{1,2}[./-]\d{1,2}[./-]\d{4})\s*,")


def parse_date(text) -> datetime.date | None:
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    m = _DATE.match(str(text or ""))
    if not m:
        m2 = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$", str(text or ""))
        if not m2:
            return None
        y, mo, d = (int(x) for x in m2.groups())
    else:
        d, mo, y = (int(x) for x in m.groups())
    try:
        return datetime.date(y, mo, d)
    except ValueError:
        return None


@dataclass
class MeasureIn:
    text: str
    due_date: datetime.date | None = None
    rhythm_text: str = ""


def split_measures(value) -> list[MeasureIn]:
    """Measures in one cell: separated by “;”, by list marks or one per line when each line
    ends a measure (“… [31.12.2026]”); a “[date]” or “[rhythm]” at the end is read back."""
    if value is None:
        return []
    raw_lines = str(value).replace("\r", "\n").split("\n")
    # A new item starts after a line ending with ; or ] or at a list mark; other breaks wrap.
    items: list[str] = []
    current: list[str] = []
    for line in raw_lines:
        stripped = line.strip()
        if not stripped:
            continue
        if current and _LIST_MARK.match(stripped):
            items.append("\n".join(current))
            current = []
        current.append(_LIST_MARK.sub("", stripped))
        if stripped.endswith((";", "]")):
            items.append("\n".join(current))
            current = []
    if current:
        items.append("\n".join(current))
    measures = []
    for item in items:
        for part in join_lines(item).split(";"):
            part = part.strip()
            if not part:
                continue
            due, rhythm = None, ""
            m = _WHEN.search(part)
            if m:
                when = m.group(1).strip()
                part = part[: m.start()].strip()
                # «[25.11.2026, мөөнөтү өткөн]»: the export's overdue mark after the date.
                lead = _DATE_LEAD.match(when)
                due = parse_date(lead.group(1) if lead else when)
                rhythm = "" if due else when
            if part:
                measures.append(MeasureIn(part, due, rhythm))
    return measures


_LEADING_INT = re.compile(r"^\s*(\d+)(?:[.,]0+)?(?![.,]?\d)")


def parse_int(value) -> int | None:
    """4, 4.0, "4", "16 – жогору" → the whole number in front; None when there is none."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    m = _LEADING_INT.match(str(value))
    return int(m.group(1)) if m else None


def norm_title(text: str) -> str:
    """Titles compared for duplicates: case, spaces and final punctuation ignored."""
    text = join_lines(text).casefold().replace("ё", "е")
    text = re.sub(r"[\s\u00a0]+", " ", text)
    return text.strip(" .;,:")


# Words a catalogue name may carry in a file that say nothing about which one it is.
_FILLER_WORDS = {
    "риск", "риски", "рисков", "risk", "risks", "тобокелдик", "тобокелдиктер",
    "тобокелдиктери", "тобокелдиги", "категория", "category",
}
# Usual endings of the same word (Russian adjective and noun forms, English plural,
# Kyrgyz plural), longest first; a word keeps at least four letters.
_ENDINGS = (
    "ыми", "ими", "ого", "его", "ому", "ему", "ями", "ами", "тар", "тер", "дар", "дер",
    "лар", "лер", "тор", "төр", "дор", "дөр", "лор", "лөр",
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ую", "юю", "ым",
    "им", "ом", "ем", "ям", "ам", "ях", "ах", "ей", "ов", "ев",
    "а", "я", "ы", "и", "е", "о", "у", "ю", "ь", "s",
)


def name_key(text) -> str:
    """A catalogue name as a file may write it, reduced to compare: case, punctuation,
    «risks»/«категория» and usual word endings ignored — «Финансовый», «ФИНАНСОВЫЕ
    риски» and «финансовые.» all give the same key."""
    words = re.findall(r"\w+", join_lines(text).casefold().replace("ё", "е"))
    out = []
    for word in words:
        if word in _FILLER_WORDS or word.isdigit():
            continue
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
        out.append(word)
    return " ".join(out)


def title_lines(located: Located) -> list[str]:
    """The lines above a file's table (its title block): the document's paragraphs, the
    rows above the headings."""
    lines = list(located.sheet.preamble)
    for row in located.sheet.rows[: located.header_index]:
        lines.extend(join_lines(v) for v in row if isinstance(v, str) and join_lines(v))
    return [line for line in lines if line.strip()]
