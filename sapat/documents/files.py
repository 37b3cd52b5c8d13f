"""Document files: what may be uploaded, its hash and text, and the obsolete stamp.

The rules are those of evidence files (`sapat.lib.uploads`: size, type by name and by
content, no web-page code inside), narrowed to the formats documents are kept in: PDF,
DOCX and XLSX. Every file gets its SHA-256 and its plain text (for search) on upload.

A superseded or withdrawn version's file is handed out stamped: a PDF gets a red
"obsolete" band on every page (pypdf merges a WeasyPrint-drawn overlay), a DOCX a first
paragraph saying so. The stored file itself is never changed.
"""
from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from sapat.lib import uploads

log = logging.getLogger(__name__)

DOCUMENT_EXTENSIONS = ("pdf", "docx", "xlsx")
MAX_TEXT_CHARS = 1_000_000


def validate_document_file(f) -> None:
    """Validator for VersionFile.file (its migrations name this function)."""
    if not f:
        return
    if uploads.extension_of(getattr(f, "name", "")) not in DOCUMENT_EXTENSIONS:
        raise ValidationError(_("Only PDF, DOCX and XLSX files are accepted."),
                              code="bad_type")
    uploads.validate_evidence(f)


def sha256_of(f) -> str:
    digest = hashlib.sha256()
    f.seek(0)
    for chunk in iter(lambda: f.read(64 * 1024), b""):
        digest.update(chunk)
    f.seek(0)
    return digest.hexdigest()


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(p for p in parts if p)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages)


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [str(v) for v in row if v is not None]
            if cells:
                parts.append(" ".join(cells))
            if sum(len(p) for p in parts) > MAX_TEXT_CHARS:
                break
    book.close()
    return "\n".join(parts)


EXTRACTORS = {"docx": _docx_text, "pdf": _pdf_text, "xlsx": _xlsx_text}


def extract_text(data: bytes, extension: str) -> str:
    """The plain text of a document file; empty when it cannot be read (never raises)."""
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        return ""
    try:
        text = extractor(data)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, Exception):  # noqa: BLE001
        log.warning("could not extract the text of a .%s file", extension, exc_info=True)
        return ""
    return text.replace("\x00", "")[:MAX_TEXT_CHARS]


def docx_of(title: str, paragraphs: list[str]) -> bytes:
    """A plain DOCX: a heading and paragraphs (generated documents: the demo, the policy)."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# The obsolete stamp ----------------------------------------------------------------------

def stamp_lines(version) -> list[str]:
    """The stamp's words, in all three languages (a printed copy travels)."""
    date = version.ended_on.strftime("%d.%m.%Y") if version.ended_on else ""
    return [
        f"ЭСКИРГЕН — КҮЧҮН ЖОГОТКОН {date}",
        f"УСТАРЕЛО — УТРАТИЛО СИЛУ {date}",
        f"OBSOLETE — NOT IN FORCE SINCE {date}",
    ]


def _overlay_pdf(lines: list[str], width: float, height: float) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    body = "<br>".join(escape(line) for line in lines)
    html = (
        "<html><head><style>"
        f"@page {{ size: {width}pt {height}pt; margin: 0 }}"
        "body { margin: 0; font-family: 'DejaVu Sans', sans-serif; }"
        ".stamp { margin: 14pt auto 0; width: 80%; border: 3pt solid #c00; color: #c00;"
        " padding: 6pt; text-align: center; font-size: 13pt; font-weight: bold;"
        " background: rgba(255,255,255,0.85); }"
        f"</style></head><body><div class='stamp'>{body}</div></body></html>"
    )
    return HTML(string=html).write_pdf()


def stamped_pdf(data: bytes, version) -> bytes:
    """`data` with the obsolete stamp on every page."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    overlays: dict[tuple[float, float], object] = {}
    lines = stamp_lines(version)
    for page in writer.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        if size not in overlays:
            overlays[size] = PdfReader(io.BytesIO(_overlay_pdf(lines, *size))).pages[0]
        page.merge_page(overlays[size])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stamped_docx(data: bytes, version) -> bytes:
    """`data` with a red first paragraph saying the version is obsolete."""
    import docx
    from docx.shared import Pt, RGBColor

    document = docx.Document(io.BytesIO(data))
    body = document.paragraphs[0] if document.paragraphs else None
    for line in reversed(stamp_lines(version)):
        paragraph = (body.insert_paragraph_before("") if body is not None
                     else document.add_paragraph(""))
        run = paragraph.add_run(line)
        run.bold = True
        run.font.size = Pt(13)
        run.font.color.rgb = RGBColor(0xCC, 0, 0)
        body = paragraph
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def stamped(data: bytes, extension: str, version) -> bytes:
    """The bytes to hand out for an obsolete version's file (XLSX: as stored)."""
    try:
        if extension == "pdf":
            return stamped_pdf(data, version)
        if extension == "docx":
            return stamped_docx(data, version)
    except Exception:  # noqa: BLE001 — a file that cannot be stamped is not handed out
        log.exception("could not stamp an obsolete .%s file", extension)
        raise
    return data


def download_response(record):
    """A version's file as a download no browser renders in Sapat's origin; an obsolete
    version's PDF or DOCX stamped obsolete. Call it after the reader's permission."""
    version = record.version
    if not version.is_obsolete or record.extension == "xlsx":
        return uploads.attachment_response(record.file)
    with record.file.open("rb") as fh:
        data = stamped(fh.read(), record.extension, version)
    name = PurePath(record.file.name).name
    response = HttpResponse(data, content_type=uploads.CONTENT_TYPES[record.extension])
    response["Content-Disposition"] = f'attachment; filename="obsolete-{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = uploads.DOWNLOAD_CSP
    response["Cache-Control"] = "private, no-store"
    return response
