"""Evidence files: what may be uploaded, and how a stored file is handed back.

Uploads: at most 10 MB; only PDF, DOCX, XLSX, PNG and JPEG, judged by the name AND the
content (a web page renamed .pdf is refused), and no web-page code in the part of the file
a browser would sniff (a PNG that is also an HTML page is refused).

Downloads: always through a view that checked the reader's permission, as an attachment
with the content type of the checked extension, `nosniff`, and a CSP `sandbox` — a file
is never rendered or run in Sapat's origin, whatever it holds.
"""
import re
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
ALLOWED_EXTENSIONS = tuple(CONTENT_TYPES)
# Browsers that sniff look at the first bytes of a file for these; a polyglot puts its
# page there. Long tag names only, so that compressed data never matches by chance.
SNIFF_BYTES = 8 * 1024
MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta|"
    rb"\?xml-stylesheet)[\s/>]",
    re.IGNORECASE,
)
DOWNLOAD_CSP = "sandbox; default-src 'none'"


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _head(f, n: int) -> bytes:
    pos = f.tell() if hasattr(f, "tell") else 0
    f.seek(0)
    data = f.read(n)
    f.seek(pos)
    return data


def _zip_has(f, folder: str) -> bool:
    # DOCX and XLSX are zip packages; the folder inside tells which is which.
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as z:
            return any(name.startswith(folder) for name in z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        f.seek(0)


def sniff(f, extension: str) -> bool:
    """Does the content of `f` really look like a file of `extension`?"""
    head = _head(f, 16)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "docx":
        return head.startswith(b"PK\x03\x04") and _zip_has(f, "word/")
    if extension == "xlsx":
        return head.startswith(b"PK\x03\x04") and _zip_has(f, "xl/")
    return False


def holds_markup(f) -> bool:
    """Does the start of `f` hold HTML or SVG, as a polyglot file would?"""
    return MARKUP.search(_head(f, SNIFF_BYTES)) is not None


def validate_evidence(f) -> None:
    """Size, type by extension and by content, and no web page inside; or ValidationError."""
    if not f:
        return
    size = getattr(f, "size", None)
    if size is not None and size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file is too large: at most 10 MB is accepted."), code="too_large"
        )
    extension = extension_of(getattr(f, "name", ""))
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Only PDF, DOCX, XLSX, PNG and JPG files are accepted."), code="bad_type"
        )
    # A stored file already passed these checks when it was uploaded; only uploads are read.
    if getattr(f, "_committed", False) and not hasattr(f, "content_type"):
        return
    if not sniff(f, extension):
        raise ValidationError(
            _("The file’s content does not match its type (.%(ext)s)."),
            code="bad_content", params={"ext": extension},
        )
    if holds_markup(f):
        raise ValidationError(
            _("The file holds web-page code (HTML or SVG); upload the document itself."),
            code="markup",
        )


def attachment_response(field_file) -> FileResponse:
    """A stored evidence file as a download that no browser renders in Sapat's origin.

    Call it only after the caller's permission to read the record was checked.
    """
    name = PurePath(field_file.name).name
    content_type = CONTENT_TYPES.get(extension_of(name), "application/octet-stream")
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cache-Control"] = "private, no-store"
    return response
