"""Files of meetings and decisions: the rules are `sapat.lib.uploads`."""
from sapat.lib import uploads


def validate_document(f) -> None:
    """Validator for meeting documents and decision evidence (migrations name it)."""
    uploads.validate_evidence(f)
