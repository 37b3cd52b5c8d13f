"""Evidence files of KPI values: the rules are `sapat.lib.uploads`, shared with measures."""
from sapat.lib import uploads


def validate_evidence(file) -> None:
    """Validator for Measurement.evidence (its migrations name this function)."""
    uploads.validate_evidence(file)
