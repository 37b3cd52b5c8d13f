"""A database that cannot be reached: a clear 503 answer instead of a server error.

A lost, restarting or locked database raises `OperationalError` (or `InterfaceError` on a
connection that broke under Django). Left alone that is a 500 and a stack trace; the
database is usually back within a minute, so the person is told exactly that, in their
language, with `Retry-After`. The API answers JSON. The worker lives on, and Django drops
the broken connection when the request ends (`CONN_HEALTH_CHECKS` also checks a kept
connection before the next request uses it), so the next request after the database
returns succeeds.
"""
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger("sapat.database")

UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
JSON_PREFIXES = ("/api/", "/health/")


def is_unavailable(exc: BaseException | None) -> bool:
    """True when `exc`, or the error it was raised from, says the database is away or busy
    (worth trying again later). Django turns a session that cannot be saved into
    `SessionInterrupted`, raised while handling the database's error."""
    for _depth in range(5):
        if exc is None:
            return False
        if isinstance(exc, UNAVAILABLE):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable_response(request) -> HttpResponse:
    """The 503 answer: JSON for the API and the health check, a page for people."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith(JSON_PREFIXES):
        return JsonResponse({
            "detail": _("The database cannot be reached just now; try again in a minute."),
            "code": "unavailable",
        }, status=503, headers=headers)
    # Rendered without the request: the context processors (the person, the menu) would
    # ask the database again.
    html = render_to_string("503.html", {
        "LANG": get_language(),
        "again_url": request.get_full_path() if request.method == "GET" else "/",
        "refresh": request.method == "GET",
        "retry_after": RETRY_AFTER_SECONDS,
    })
    return HttpResponse(html, status=503, headers=headers)


class DatabaseUnavailableMiddleware:
    """Answers a view's `OperationalError`/`InterfaceError` with the 503 page or JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_unavailable(exception):
            return None
        logger.warning("Database unavailable during %s %s: %s", request.method,
                       request.path, exception)
        return unavailable_response(request)


def server_error(request):
    """`handler500`: a database lost outside a view (a middleware's query) gets the 503
    answer too; anything else the usual 500 page."""
    if is_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    return defaults.server_error(request)


def bad_request(request, exception):
    """`handler400`: a session that could not be saved because the database went away is
    not the person's mistake; it gets the 503 answer."""
    if is_unavailable(exception):
        return unavailable_response(request)
    return defaults.bad_request(request, exception)
