"""Errors as JSON that names the field, in the language of the request.

- DRF validation errors and Django `ValidationError`s (from models' `clean()` and from
  services' `full_clean()`) become 400 `{"detail", "code": "invalid", "errors": {field: [..]}}`
  (for bulk requests `errors` is a list, one entry per item, `{}` for the good ones).
- A stale `version` (optimistic locking) becomes 409 with the record as it is now.
- A heavy job beyond the person's limit (`JobLimitReached`) becomes 429, `code: job_limit`.
- Django's `Http404` / `PermissionDenied` from `org.access.require` become 404 / 403.
- Every error answer carries `code` (invalid, stale, not_authenticated, not_found,
  permission_denied, throttled, parse_error…) next to the human `detail`.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from sapat.jobs.services import JobLimitReached
from sapat.lib.locking import StaleRecord


def django_errors(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def handle(exc, context):
    if isinstance(exc, StaleRecord):
        view = context.get("view")
        current = None
        if view is not None and hasattr(view, "get_serializer"):
            current = view.get_serializer(exc.current).data
        return Response(
            {
                "detail": _(
                    "Someone else saved this record after you loaded it. The current "
                    "record is in “current”; apply your change to it and send its version."
                ),
                "code": "stale",
                "current": current,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, JobLimitReached):
        return Response({"detail": " ".join(exc.messages), "code": "job_limit"},
                        status=status.HTTP_429_TOO_MANY_REQUESTS)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_errors(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _("The data sent is not valid; see “errors”."),
            "code": "invalid",
            "errors": response.data,
        }
    elif isinstance(response.data, dict) and "code" not in response.data:
        # Every error answer names its kind: not_authenticated, not_found, throttled…
        code = getattr(exc, "default_code", None) or (
            "not_found" if response.status_code == 404 else "permission_denied"
            if response.status_code == 403 else "error"
        )
        response.data["code"] = code
    return response
