"""Checks on uploaded evidence: size and type, by extension and by content."""
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# extension -> the bytes a file of that kind starts with (docx/xlsx are ZIP containers).
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def validate_evidence(file) -> None:
    """Refuse files over 10 MB, and files whose content does not match their extension."""
    if file.size is not None and file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_big")
    ext = Path(file.name).suffix.lower()
    if ext not in SIGNATURES:
        raise ValidationError(
            _("Only PDF, DOCX, XLSX, PNG and JPG files are accepted."), code="bad_type"
        )
    # Files already stored (re-validated on a later save) need not be re-read.
    if getattr(file, "_committed", False) and not hasattr(file, "content_type"):
        return
    pos = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(pos)
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        raise ValidationError(
            _("The file's content does not match its type (%(ext)s).") % {"ext": ext},
            code="bad_content",
        )
