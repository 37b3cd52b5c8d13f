"""Sign-in with the university's OpenID Connect provider (mozilla-django-oidc).

Microsoft Entra ID, Google Workspace and Keycloak all publish their endpoints at
`<issuer>/.well-known/openid-configuration`; Sapat reads them from there, so a provider is
configured by its issuer URL, a client id and a secret alone (`SAPAT_OIDC_*`). The code
flow runs with PKCE and a nonce; the ID token's signature is checked against the
provider's published keys.

The person is found by e-mail (the `email` claim, or Entra ID's `upn` /
`preferred_username`), never created: a person Sapat does not know is shown the
"ask the QMS office" page.
"""
from __future__ import annotations

import logging
import time

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .matching import UNKNOWN_SESSION_KEY, mark_unknown, person_for_email

logger = logging.getLogger("sapat.accounts")

# mozilla-django-oidc's setting → (SAPAT_OIDC key, discovery document key)
SETTING_KEYS = {
    "OIDC_RP_CLIENT_ID": ("client_id", None),
    "OIDC_RP_CLIENT_SECRET": ("client_secret", None),
    "OIDC_RP_SIGN_ALGO": ("sign_algo", None),
    "OIDC_RP_SCOPES": ("scopes", None),
    "OIDC_TIMEOUT": ("timeout", None),
    "OIDC_OP_AUTHORIZATION_ENDPOINT": ("authorization_endpoint", "authorization_endpoint"),
    "OIDC_OP_TOKEN_ENDPOINT": ("token_endpoint", "token_endpoint"),
    "OIDC_OP_USER_ENDPOINT": ("userinfo_endpoint", "userinfo_endpoint"),
    "OIDC_OP_JWKS_ENDPOINT": ("jwks_uri", "jwks_uri"),
}
# Fixed choices: Sapat never creates a person at sign-in; PKCE on.
FIXED = {"OIDC_CREATE_USER": False, "OIDC_USE_PKCE": True, "OIDC_USE_NONCE": True,
         "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc_callback"}

_DISCOVERY: dict[str, tuple[float, dict]] = {}
DISCOVERY_SECONDS = 3600


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read."""


def discovery(issuer: str, timeout: float = 10) -> dict:
    """The provider's published configuration, read at most once an hour per process.

    It is configuration, not state: every worker reading its own copy is harmless.
    """
    cached = _DISCOVERY.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=timeout)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(str(exc)) from exc
    _DISCOVERY[issuer] = (time.monotonic() + DISCOVERY_SECONDS, document)
    return document


def oidc_setting(attr, *default):
    """mozilla-django-oidc's settings, answered from `SAPAT_OIDC` and discovery."""
    config = getattr(settings, "SAPAT_OIDC", None) or {}
    if attr in FIXED:
        return FIXED[attr]
    if attr in SETTING_KEYS:
        key, discovered = SETTING_KEYS[attr]
        value = config.get(key)
        if value:
            return value
        if discovered and config.get("issuer"):
            value = discovery(config["issuer"], config.get("timeout", 10)).get(discovered)
            if value:
                return value
        if default:
            return default[0]
        raise ImproperlyConfigured(f"SAPAT_OIDC has no {key}")
    return import_from_settings(attr, *default)


def emails_from(claims: dict) -> list[str]:
    config = getattr(settings, "SAPAT_OIDC", None) or {}
    found = []
    for claim in config.get("email_claims") or ["email"]:
        value = claims.get(claim)
        if isinstance(value, str) and "@" in value and value not in found:
            found.append(value)
    return found


class UniversityOIDCBackend(OIDCAuthenticationBackend):
    """The code flow's last step: token, signature, claims, then the person by e-mail."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Endpoints are looked up when a sign-in needs them, not whenever Django builds
        # the backend (on every request of a signed-in person): a provider that is down
        # must not break pages.
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_USER_ENDPOINT", None))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_JWKS_ENDPOINT", None))
    OIDC_RP_CLIENT_ID = property(lambda self: oidc_setting("OIDC_RP_CLIENT_ID"))
    OIDC_RP_CLIENT_SECRET = property(lambda self: oidc_setting("OIDC_RP_CLIENT_SECRET"))
    OIDC_RP_SIGN_ALGO = property(lambda self: oidc_setting("OIDC_RP_SIGN_ALGO", "RS256"))
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if not getattr(settings, "SAPAT_OIDC", None):
            return None
        self._claims = None
        return super().authenticate(request, **kwargs)

    def get_userinfo(self, access_token, id_token, payload):
        # The ID token's claims, completed by the userinfo endpoint where there is one
        # (Entra ID puts the e-mail in the token, Keycloak and Google in both).
        if getattr(self, "_claims", None) is not None:
            return self._claims
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            try:
                claims.update(super().get_userinfo(access_token, id_token, payload))
            except requests.RequestException:
                logger.warning("OIDC userinfo endpoint failed; using the ID token's claims")
        self._claims = claims
        return claims

    def verify_claims(self, claims):
        if claims.get("email_verified") is False:
            return False
        emails = emails_from(claims)
        if not emails:
            return False
        domains = (getattr(settings, "SAPAT_OIDC", None) or {}).get("allowed_domains")
        if domains:
            return any(e.rsplit("@", 1)[1].lower() in domains for e in emails)
        return True

    def filter_users_by_claims(self, claims):
        for email in emails_from(claims):
            person = person_for_email(email)
            if person is not None:
                return self.UserModel.objects.filter(pk=person.pk)
        return self.UserModel.objects.none()

    def get_or_create_user(self, access_token, id_token, payload):
        person = super().get_or_create_user(access_token, id_token, payload)
        if person is None:
            claims = self.get_userinfo(access_token, id_token, payload)
            emails = emails_from(claims)
            mark_unknown(self.request, emails[0] if emails else claims.get("sub", ""))
        return person

    def update_user(self, user, claims):
        return user


class SignInStart(OIDCAuthenticationRequestView):
    """«Sign in with the university's account»: off to the provider."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not getattr(settings, "SAPAT_OIDC", None):
            return HttpResponseRedirect(reverse("login"))
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID")
        except ProviderUnavailable:
            logger.exception("OIDC provider unreachable")
            return provider_unavailable(request)
        return super().get(request)


class SignInReturn(OIDCAuthenticationCallbackView):
    """Back from the provider: signed in, or told clearly why not."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        try:
            return super().get(request)
        except ProviderUnavailable:
            logger.exception("OIDC provider unreachable")
            return provider_unavailable(request)
        except (SuspiciousOperation, requests.RequestException):
            logger.exception("OIDC sign-in failed")
            return self.login_failure()

    @property
    def failure_url(self):
        return reverse("login")

    def login_failure(self):
        email = getattr(self.request, "sapat_unknown_email", None)
        if email:
            self.request.session[UNKNOWN_SESSION_KEY] = email
            return HttpResponseRedirect(reverse("accounts:unknown"))
        from django.contrib import messages

        messages.error(self.request, _(
            "The university's sign-in did not confirm who you are. Try again; if it keeps "
            "failing, sign in with your Sapat password or ask the QMS office."))
        return HttpResponseRedirect(self.failure_url)


def provider_unavailable(request):
    return render(request, "accounts/provider_unavailable.html", {
        "title": _("The university's sign-in cannot be reached"),
    }, status=503)
