"""A NUL character anywhere in a request is refused with 400 and a message.

PostgreSQL cannot store or compare a string holding NUL (U+0000): left alone, such a value
in a filter, a form, a JSON body, a cookie or a header reaches a query and the answer is a
500. No text Sapat keeps may hold one, so every request is looked at once, here, before any
view: the path, the query string, form fields (not uploaded files' contents), JSON bodies
and the HTTP headers (cookies, the API token). The answer is a short page in the person's
language, or JSON for the API — rendered without the request, whose session cookie may be
the very value refused.
"""

from __future__ import annotations

import json
import re

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

NUL = "\x00"
# `\u0000` in JSON text, not itself escaped (an even number of backslashes before it).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
JSON_PREFIXES = ("/api/", "/health/")


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _query_dict_holds_nul(data) -> bool:
    return any(NUL in key or any(NUL in v for v in data.getlist(key)) for key in data)


def request_holds_nul(request) -> bool:
    if NUL in request.path:
        return True
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and NUL in value:
            return True
    if _query_dict_holds_nul(request.GET):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            return _query_dict_holds_nul(request.POST)
        except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent):
            return False  # a malformed body: the view's parser answers 400 itself
    if content_type.endswith("json"):
        try:
            body = request.body
        except RequestDataTooBig:
            return False  # the API reads big bodies itself (its bulk endpoints)
        if b"\x00" in body:
            return True
        if JSON_NUL.search(body):
            try:
                return _holds_nul(json.loads(body))
            except ValueError:
                return False  # not JSON: the parser says so itself
    return False


def refused(request) -> HttpResponse:
    message = _(
        "The request holds a NUL character (code 0), which no field may contain. "
        "Remove it and try again."
    )
    if request.path.startswith(JSON_PREFIXES):
        return JsonResponse({"detail": message, "code": "nul_character"}, status=400)
    html = render_to_string(
        "bad_request.html",
        {
            "LANG": get_language(),
            "message": message,
        },
    )
    return HttpResponse(html, status=400)


class RefuseNulMiddleware:
    """400 for any request with a NUL character; after `LocaleMiddleware` (the language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_holds_nul(request):
            return refused(request)
        return self.get_response(request)
