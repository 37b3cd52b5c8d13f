"""The sign-in pages with a rate limit per address on failed attempts.

django-axes locks a user name out after repeated failures from one address; this limit
adds a ceiling on failures from one address across all user names (password spraying).
Sapat's sign-in page and the admin's (`/admin/login/`) count in the same counter, in the
shared cache.
"""

from functools import wraps

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import ratelimit


def limited_signin(request, sign_in):
    """Answer a sign-in POST with `sign_in()`, unless this address has failed too often."""
    ident = ratelimit.client_ip(request)
    if ratelimit.over_limit("login", ident):
        return render(
            request,
            "api/too_many.html",
            {
                "title": _("Too many attempts"),
            },
            status=429,
        )
    response = sign_in()
    # The form came back: the attempt failed. Attempts django-axes already refused
    # (a locked user name) are its business and are not counted twice.
    if response.status_code != 302 and not getattr(request, "axes_locked_out", False):
        ratelimit.count("login", ident)
    return response


def limit_failed_signins(view):
    """The same limit around another sign-in view (the admin site's `login`)."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        return limited_signin(request, lambda: view(request, *args, **kwargs))

    return limited


class ThrottledLoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        return limited_signin(
            request, lambda: super(ThrottledLoginView, self).post(request, *args, **kwargs)
        )
