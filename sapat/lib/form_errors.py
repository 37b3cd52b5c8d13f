"""A service's refusal shown on the form that asked for it.

Services validate (`ValidationError`, by field or as a whole); views show the refusal on
the form the person filled in. One rule for every app's views.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError


def errors_to_form(form, error: ValidationError) -> None:
    """Put `error` on `form`: a field's messages beside that field when the form has it,
    everything else (a plain message, a field the form does not show) above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
