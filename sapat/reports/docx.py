"""DOCX writer: a `Table` → Word document bytes.

A title block (university, unit, date, who prepared it), the table with its header row
repeated on every page and band cells shaded, the heat map as a PNG picture, and the
notes (scales, level rule) under the table. Wide tables get a landscape page.

Rows are emitted as WordprocessingML built in one string and parsed once: python-docx's
`add_row()`/`cell()` API is quadratic on long tables and would not meet the 5,000-row
budget.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Mm, Pt

from .columns import BandValue, Filled, Kind, Table, cell_text
from .hyphens import hyphenate_text

FONT = "Times New Roman"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
HEAD_FILL = "E3E9F1"


def _t(text: str) -> str:
    return escape(_INVALID_XML.sub("", text))


def _para(text: str, bold: bool = False, center: bool = False, size: int = 0) -> str:
    ppr = '<w:pPr><w:spacing w:before="0" w:after="0"/>'
    ppr += '<w:jc w:val="center"/>' if center else ""
    ppr += "</w:pPr>"
    rpr = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "")
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{_t(text)}</w:t></w:r></w:p>'


def _tc(
    value, width: int, fill: str | None = None, bold: bool = False, lang: str | None = None
) -> str:
    """One cell; text (not a number, not a band) gets soft hyphens at the hyphenation
    points of its words when `lang` is given: Word and LibreOffice break a word only
    there, with a hyphen, instead of anywhere when it does not fit the column."""
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    if isinstance(value, (BandValue, Filled)):
        lines = [str(value)]
        center = True
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        lines = [str(value)]
        center = True
    else:
        text = cell_text(value)
        if lang:
            text = hyphenate_text(text, lang)
        lines = text.split("\n") or [""]
        center = False
    # Table text as the PDF's: 8.5 pt, headings 7.5 pt (half-points).
    size = TABLE_HEAD_SIZE if bold else TABLE_SIZE
    body = "".join(_para(line, bold=bold, center=center, size=size) for line in lines)
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>{body}</w:tc>'


# The document's language tag per export language (Word's spelling and hyphenation).
LANG_TAGS = {"ky": "ky-KG", "ru": "ru-RU", "en": "en-GB"}


def _fonts_and_language(doc) -> None:
    """One explicit font for every script (no theme's Cambria/Calibri) and the export's
    language tag, in the document defaults and the Normal style."""
    from docx.oxml.ns import qn

    tag = LANG_TAGS.get((get_language() or "ky")[:2], "ky-KG")
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    targets = [doc.styles["Normal"].element.get_or_add_rPr()]
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            targets.append(rpr_default.find(qn("w:rPr")))
    for rpr in targets:
        for old in rpr.findall(qn("w:rFonts")) + rpr.findall(qn("w:lang")):
            rpr.remove(old)
        fonts = parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" '
            f'w:eastAsia="{FONT}"/>'
        )
        lang = parse_xml(
            f'<w:lang {nsdecls("w")} w:val="{tag}" w:eastAsia="{tag}" w:bidi="{tag}"/>'
        )
        rpr.insert(0, fonts)
        rpr.append(lang)


def _page_numbers(section) -> None:
    """A centred page number in the footer (a PAGE field)."""
    footer = section.footer.paragraphs[0]
    footer.alignment = 1  # centre
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )


def write_docx(table: Table) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10)
    _fonts_and_language(doc)
    section = doc.sections[0]
    _page_numbers(section)
    section.page_height, section.page_width = Mm(297), Mm(210)
    if table.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    usable = int((section.page_width - section.left_margin - section.right_margin) / 635)  # twips

    tb = table.title_block
    if tb.appendix:
        caption = doc.add_paragraph()
        caption.alignment = 2  # right, as the regulation places it
        caption.add_run(tb.appendix).italic = True
    heading = doc.add_paragraph()
    run = heading.add_run(str(table.title))
    run.bold = True
    run.font.size = Pt(14)
    tb = table.title_block
    for label, value in (
        (_("University"), tb.university),
        (_("Unit"), tb.unit),
        (_("Date"), tb.date.strftime("%d.%m.%Y") if tb.date else ""),
        (_("Prepared by"), tb.prepared_by),
        (_("Filtered"), tb.filters),
    ):
        if value:
            p = doc.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            p.add_run(f"{label}: ").bold = True
            p.add_run(str(value))
    doc.add_paragraph()

    # The PDF's shares of the width: every column wide enough for its heading's longest
    # word, so that headings wrap between words.
    from .pdf import column_widths

    rows = len(table.rows) if hasattr(table.rows, "__len__") else 0
    shares = column_widths(table, rows)
    widths = _fit(
        [usable * share / sum(shares) for share in shares],
        [_min_twips(c, table.rows) for c in table.columns],
    )
    lang = (get_language() or "ky")[:2]
    _append_table(doc, table, widths, lang)

    if table.svg:
        from .heatmap import svg_to_png

        doc.add_paragraph()
        doc.add_picture(io.BytesIO(svg_to_png(table.svg)), width=Cm(16))

    for note in table.notes:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(8)
        p.add_run(str(note.title)).bold = True
        if note.text:
            doc.add_paragraph(note.text)
        if note.rows:
            # The score column holds «Балл (ыктымалдуулук x натыйжа)» when headed.
            w = [
                int(usable * (0.25 if note.headers else 0.1)),
                int(usable * (0.75 if note.headers else 0.9)),
            ]
            head = "".join(
                _tc(str(h), w[i], HEAD_FILL, True, lang) for i, h in enumerate(note.headers or ())
            )
            rows = "".join(
                "<w:tr>"
                + _tc(str(s), w[0], c.lstrip("#").upper() or None)
                + _tc(m, w[1], lang=lang)
                + "</w:tr>"
                for s, m, c in note.coloured_rows
            )
            doc.element.body.insert(
                len(doc.element.body) - 1,
                _tbl(w, (f"<w:tr>{head}</w:tr>" if head else "") + rows),
            )

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# A bold letter of the 7.5 pt headings in twips (a bold Cyrillic letter of Times New
# Roman averages about 0.62 em), and a cell's two margins with room to spare.
TABLE_SIZE, TABLE_HEAD_SIZE = 17, 15  # half-points
LETTER_TWIPS = 95
CELL_TWIPS = 170


def _min_twips(column, rows) -> int:
    """The column's least width: its heading's longest word on one line, a row number's
    digits, a band's «16 – жогору» whole."""
    longest = max((len(w) for w in str(column.header).split()), default=1)
    if column.key == "number":
        longest = max(longest, len(str(max(len(rows), 1))))
    elif column.kind == Kind.BAND:
        longest = max([longest, *(len(str(r.get(column.key) or "")) for r in rows)])
    return longest * LETTER_TWIPS + CELL_TWIPS


def _fit(widths: list[float], least: list[int]) -> list[int]:
    """`widths` with each at least its `least`, the others narrowed in proportion so
    that the table keeps its width."""
    total = sum(widths)
    raised = list(widths)
    for _round in range(6):  # narrowing a column may take it below its least: again
        raised = [max(w, m) for w, m in zip(raised, least, strict=True)]
        extra = sum(raised) - total
        free = sum(w - m for w, m in zip(raised, least, strict=True) if w > m)
        if extra <= 0.5 or free <= 0:
            break
        share = min(1.0, extra / free)
        raised = [w - (w - m) * share if w > m else w for w, m in zip(raised, least, strict=True)]
    return [max(1, int(w)) for w in raised]


def _tbl(widths: list[int], rows_xml: str):
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>{rows_xml}</w:tbl>"
    )


def _append_table(doc, table: Table, widths: list[int], lang: str) -> None:
    head = "".join(
        _tc(str(c.header), widths[i], HEAD_FILL, bold=True, lang=lang)
        for i, c in enumerate(table.columns)
    )
    # The header row repeats on every page; a long row may split across pages (a page
    # is not left half empty before it).
    parts = [f"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{head}</w:tr>"]
    for row in table.rows:
        cells = []
        for i, column in enumerate(table.columns):
            value = row.get(column.key)
            fill = (
                value.colour.lstrip("#").upper() if isinstance(value, (BandValue, Filled)) else None
            )
            cells.append(_tc(value, widths[i], fill, lang=lang))
        parts.append("<w:tr>" + "".join(cells) + "</w:tr>")
    body = doc.element.body
    # Before the final sectPr, which must stay the body's last child.
    body.insert(len(body) - 1, _tbl(widths, "".join(parts)))
