"""Values read once per request: a setting several parts of one page ask for.

`once(key, compute)` computes a value on its first call within a request and gives the same
value to the later calls of that request; outside a request (commands, jobs, tests calling a
function directly) it computes every time. `RequestMemoMiddleware` opens and closes the
memo around each request, so nothing outlives the request that read it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar("sapat_request_memo",
                                                                    default=None)


def once(key: str, compute: Callable[[], T]) -> T:
    """`compute()` the first time `key` is asked for in this request, the same value after."""
    memo = _MEMO.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(key: str) -> None:
    """Drop `key` from this request's memo (after the request itself changed the value)."""
    memo = _MEMO.get()
    if memo is not None:
        memo.pop(key, None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _MEMO.set({})
        try:
            return self.get_response(request)
        finally:
            _MEMO.reset(token)
