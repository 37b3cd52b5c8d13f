""""Does it answer?" — the QMS office's checks of the directory and the provider, with the
answer in words (never a traceback)."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass
class Check:
    ok: bool
    message: str


def check_directory(login: str) -> Check:
    config = getattr(settings, "SAPAT_LDAP", None)
    if not config:
        return Check(False, _("Sign-in through a directory is not configured."))
    try:
        import ldap

        from .directory import ldap_settings
    except ImportError:
        return Check(False, _("The LDAP library is not installed on the server."))
    values = ldap_settings(config)
    try:
        connection = ldap.initialize(values.SERVER_URI, bytes_mode=False)
        for option, value in values.CONNECTION_OPTIONS.items():
            connection.set_option(option, value)
        if values.START_TLS:
            connection.start_tls_s()
        connection.simple_bind_s(values.BIND_DN, values.BIND_PASSWORD)
        if not login:
            return Check(True, _("The directory answers and the service account signs in."))
        found = values.USER_SEARCH.execute(connection, {"user": login})
    except ldap.INVALID_CREDENTIALS:
        return Check(False, _("The directory refuses the service account's password "
                              "(SAPAT_LDAP_BIND_DN, SAPAT_LDAP_BIND_PASSWORD)."))
    except ldap.LDAPError as exc:
        return Check(False, _("The directory cannot be reached: %(error)s") % {
            "error": _ldap_message(exc)})
    if not found:
        return Check(False, _("The directory answers, but finds nobody with the login "
                              "“%(login)s”.") % {"login": login})
    _dn, attrs = found[0]
    emails = attrs.get(config.get("email_attr", "mail"), [])
    from .matching import person_for_email

    person = person_for_email(emails[0]) if emails else None
    if person is None:
        return Check(False, _("The directory finds “%(login)s” with the e-mail %(email)s, "
                              "but no active person in Sapat has it.") % {
            "login": login, "email": emails[0] if emails else "—"})
    return Check(True, _("“%(login)s” is found and signs in as %(person)s.") % {
        "login": login, "person": person})


def _ldap_message(exc) -> str:
    info = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
    return info.get("desc") or str(exc)


def check_provider() -> Check:
    config = getattr(settings, "SAPAT_OIDC", None)
    if not config:
        return Check(False, _("Sign-in through an OpenID Connect provider is not configured."))
    from .oidc import ProviderUnavailable, oidc_setting

    try:
        endpoint = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        oidc_setting("OIDC_OP_JWKS_ENDPOINT")
    except ProviderUnavailable as exc:
        return Check(False, _("The provider cannot be reached: %(error)s") % {"error": exc})
    except Exception as exc:  # noqa: BLE001 — a configuration gap, said in words
        return Check(False, str(exc))
    return Check(True, _("The provider answers; people are sent to %(url)s.") % {
        "url": endpoint})
