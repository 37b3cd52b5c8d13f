"""The sign-in page with a rate limit per address on failed attempts.

django-axes locks a user name out after repeated failures from one address; this limit
adds a ceiling on failures from one address across all user names (password spraying).
"""
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import ratelimit


class ThrottledLoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        ident = ratelimit.client_ip(request)
        if ratelimit.over_limit("login", ident):
            return render(request, "api/too_many.html", {
                "title": _("Too many attempts"),
            }, status=429)
        response = super().post(request, *args, **kwargs)
        # The form came back: the attempt failed. Attempts django-axes already refused
        # (a locked user name) are its business and are not counted twice.
        if response.status_code != 302 and not getattr(request, "axes_locked_out", False):
            ratelimit.count("login", ident)
        return response
