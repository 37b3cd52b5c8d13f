"""Evidence files of measures: the rules are `sapat.lib.uploads`, shared with KPI values."""
from sapat.lib import uploads


def validate_evidence(f) -> None:
    """Validator for Measure.evidence (its migrations name this function)."""
    uploads.validate_evidence(f)
