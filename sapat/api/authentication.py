"""`Authorization: Token <key>` (or `Bearer <key>`) with a personal API token."""
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from . import ratelimit
from .tokens import person_for_key

KEYWORDS = ("token", "bearer")


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in KEYWORDS:
            return None
        # Failed keys count per address like failed sign-ins (the "login" rate), in a
        # counter of their own. DRF authenticates before it throttles, so without this a
        # client could try keys at full speed.
        ident = "token:" + ratelimit.client_ip(request)
        if ratelimit.over_limit("login", ident):
            raise exceptions.Throttled()
        if len(header) != 2:
            ratelimit.count("login", ident)
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: give “Token” and the key, separated by one space.")
            )
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            ratelimit.count("login", ident)
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        token = person_for_key(key)
        if token is None or not token.person.is_active:
            ratelimit.count("login", ident)
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        token.touch()
        return token.person, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Token realm="api"'
