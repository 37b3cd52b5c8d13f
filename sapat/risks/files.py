"""Evidence files: at most 10 MB, and only PDF, DOCX, XLSX, PNG, JPEG — by name AND content."""
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "docx", "xlsx", "png", "jpg", "jpeg")


def _head(f, n: int = 16) -> bytes:
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
    head = _head(f)
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


def validate_evidence(f) -> None:
    """Validator for Measure.evidence: size and type, checked by extension and content."""
    if not f:
        return
    size = getattr(f, "size", None)
    if size is not None and size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("The file is too large: at most 10 MB is accepted."), code="too_large"
        )
    name = getattr(f, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Only PDF, DOCX, XLSX, PNG and JPG files are accepted."), code="bad_type"
        )
    # A stored file already passed this check when it was uploaded; only new uploads are read.
    if getattr(f, "_committed", False):
        return
    if not sniff(f, extension):
        raise ValidationError(
            _("The file’s content does not match its type (.%(ext)s)."),
            code="bad_content", params={"ext": extension},
        )
