"""Security headers Django does not set itself."""

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.functional import empty

# No inline script anywhere: every script is a file under /static/. Styles may be inline
# (heat-map cell colours come from the scale's data).
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(getattr(settings, "CSP_EXEMPT_PREFIX", "/admin/")):
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if signed_in(request):
            # A signed-in person's pages, JSON and files are theirs: no shared or browser
            # cache keeps them (the back button after signing out, a proxy, a kiosk).
            patch_cache_control(response, no_store=True, private=True)
        return response


def signed_in(request) -> bool:
    """Did this answer go to a signed-in person (session or API token)? A request whose
    person and session nobody looked at produced nothing personal; asking now would
    query the database for nothing (and fail again when it is away)."""
    user = request.__dict__.get("user")
    if user is None:
        return False
    wrapped = getattr(user, "_wrapped", None)
    if wrapped is empty:
        session = getattr(request, "session", None)
        if session is None or not getattr(session, "accessed", False):
            return False
        try:
            return bool(user.is_authenticated)
        except Exception:  # the database is away: be safe
            return True
    return bool(getattr(user, "is_authenticated", False))
