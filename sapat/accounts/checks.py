"""System checks: sign-in configured in the environment but not installable or incomplete."""
from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def signin_configuration(app_configs, **kwargs):
    errors = []
    ldap = getattr(settings, "SAPAT_LDAP", None)
    if ldap:
        try:
            import django_auth_ldap  # noqa: F401
        except ImportError:
            errors.append(Error(
                "SAPAT_LDAP_URI is set but django-auth-ldap is not installed.",
                hint="pip install 'sapat[ldap]' (Debian: apt-get install libldap2-dev "
                     "libsasl2-dev first), or unset SAPAT_LDAP_URI.",
                id="sapat.E101",
            ))
        if not ldap.get("user_base"):
            errors.append(Error("SAPAT_LDAP_URI is set but SAPAT_LDAP_USER_BASE is not.",
                                hint="The DN under which people are searched, e.g. "
                                     "ou=people,dc=jasu,dc=kg.", id="sapat.E102"))
    oidc = getattr(settings, "SAPAT_OIDC", None)
    if oidc and not oidc.get("issuer") and not (
        oidc.get("authorization_endpoint") and oidc.get("token_endpoint")
        and oidc.get("jwks_uri")
    ):
        errors.append(Error(
            "SAPAT_OIDC_CLIENT_ID is set but neither SAPAT_OIDC_ISSUER nor the endpoints are.",
            hint="Set SAPAT_OIDC_ISSUER to the provider's issuer URL (its "
                 "/.well-known/openid-configuration is read from there).",
            id="sapat.E103",
        ))
    return errors
