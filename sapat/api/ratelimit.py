"""Rate limits: DRF throttles for the API and a small counter for HTML forms.

Counters live in Django's cache. With the default per-process cache each worker counts
on its own; a shared cache (Redis, the database cache) makes the limit exact across
workers — configuration, not code.
"""
from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

DEFAULT_RATES = {
    "anon": "60/min",
    "user": "6000/min",
    "tokens": "20/hour",
    "login": "30/min",
    "password_reset": "3/hour",  # per e-mail address
    "password_reset_ip": "20/hour",  # per client address
}


def rate(scope: str) -> str:
    """The rate of a scope, read at request time so that settings overrides apply."""
    return api_settings.DEFAULT_THROTTLE_RATES.get(scope) or DEFAULT_RATES[scope]


class _LiveRates:
    def get_rate(self):
        return rate(self.scope)

    def get_ident(self, request):
        # DRF, without NUM_PROXIES, keys on the whole client-supplied X-Forwarded-For: a
        # client could pick a new key for each request. `client_ip` trusts the header
        # only from the configured proxies.
        return client_ip(request)


class AnonThrottle(_LiveRates, AnonRateThrottle):
    pass


class UserThrottle(_LiveRates, UserRateThrottle):
    pass


class TokenThrottle(_LiveRates, UserRateThrottle):
    """For endpoints that create tokens: few per hour per person."""

    scope = "tokens"


def _parse(value: str) -> tuple[int, int]:
    count, period = value.split("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
    return int(count), seconds


def over_limit(scope: str, ident: str) -> bool:
    """Has `ident` used up the `scope` rate (without counting this call)?"""
    limit, _window = _parse(rate(scope))
    return cache.get(f"sapat-rl:{scope}:{ident}", 0) >= limit


def count(scope: str, ident: str) -> None:
    """Count one use of `scope` by `ident` in the current window."""
    _limit, window = _parse(rate(scope))
    key = f"sapat-rl:{scope}:{ident}"
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)


def client_ip(request) -> str:
    # Behind a proxy, Django's REMOTE_ADDR is the proxy; NUM_PROXIES tells DRF the same.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = api_settings.NUM_PROXIES
    if forwarded and proxies:
        addrs = [a.strip() for a in forwarded.split(",")]
        return addrs[-min(proxies, len(addrs))]
    return request.META.get("REMOTE_ADDR", "")

