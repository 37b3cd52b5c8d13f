"""Sign-in configuration from the environment, read by `sapat.settings` (no Django imports
here: settings load it before apps are ready).

    SAPAT_LDAP  — None, or how to reach the university's LDAP / Active Directory
    SAPAT_OIDC  — None, or the university's OpenID Connect provider (Entra ID, Google
                  Workspace, Keycloak…): its issuer URL and this client's id and secret
    backends(SAPAT_LDAP, SAPAT_OIDC) — AUTHENTICATION_BACKENDS for that configuration

Local passwords always stay (Argon2, axes lockout), for people without a directory account.
"""
from __future__ import annotations

AXES = "axes.backends.AxesStandaloneBackend"
DIRECTORY = "sapat.accounts.directory.DirectoryBackend"
OIDC = "sapat.accounts.oidc.UniversityOIDCBackend"
LOCAL = "django.contrib.auth.backends.ModelBackend"

# Finds a person by their uid (OpenLDAP), sAMAccountName (Active Directory) or e-mail.
DEFAULT_USER_FILTER = "(|(uid=%(user)s)(sAMAccountName=%(user)s)(mail=%(user)s))"


def _flag(env, name: str, default: str = "0") -> bool:
    return env.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def role_groups(text: str) -> dict[str, str]:
    """«qms=cn=qms,ou=groups,dc=jasu,dc=kg; auditor=cn=auditors,…» → {role: group DN}."""
    result = {}
    for part in text.split(";"):
        role, sep, dn = part.strip().partition("=")
        if sep and dn.strip():
            result[role.strip()] = dn.strip()
    return result


def ldap_from_env(env) -> dict | None:
    uri = env.get("SAPAT_LDAP_URI", "").strip()
    if not uri:
        return None
    return {
        "uri": uri,
        "bind_dn": env.get("SAPAT_LDAP_BIND_DN", ""),
        "bind_password": env.get("SAPAT_LDAP_BIND_PASSWORD", ""),
        "user_base": env.get("SAPAT_LDAP_USER_BASE", ""),
        "user_filter": env.get("SAPAT_LDAP_USER_FILTER", DEFAULT_USER_FILTER),
        "email_attr": env.get("SAPAT_LDAP_EMAIL_ATTR", "mail"),
        "name_attr": env.get("SAPAT_LDAP_NAME_ATTR", ""),
        "start_tls": _flag(env, "SAPAT_LDAP_START_TLS"),
        "timeout": float(env.get("SAPAT_LDAP_TIMEOUT", "5")),
        "group_base": env.get("SAPAT_LDAP_GROUP_BASE", ""),
        "group_type": env.get("SAPAT_LDAP_GROUP_TYPE", "groupOfNames"),
        "role_groups": role_groups(env.get("SAPAT_LDAP_ROLE_GROUPS", "")),
    }


def oidc_from_env(env) -> dict | None:
    client_id = env.get("SAPAT_OIDC_CLIENT_ID", "").strip()
    if not client_id:
        return None
    return {
        "issuer": env.get("SAPAT_OIDC_ISSUER", "").rstrip("/"),
        "client_id": client_id,
        "client_secret": env.get("SAPAT_OIDC_CLIENT_SECRET", ""),
        "label": env.get("SAPAT_OIDC_LABEL", ""),
        "scopes": env.get("SAPAT_OIDC_SCOPES", "openid email profile"),
        "email_claims": [c.strip() for c in env.get(
            "SAPAT_OIDC_EMAIL_CLAIMS", "email,upn,preferred_username").split(",") if c.strip()],
        "allowed_domains": [d.strip().lower().lstrip("@") for d in env.get(
            "SAPAT_OIDC_ALLOWED_DOMAINS", "").split(",") if d.strip()],
        "sign_algo": env.get("SAPAT_OIDC_SIGN_ALGO", "RS256"),
        # Endpoints come from the issuer's discovery document unless given one by one.
        "authorization_endpoint": env.get("SAPAT_OIDC_AUTHORIZATION_ENDPOINT", ""),
        "token_endpoint": env.get("SAPAT_OIDC_TOKEN_ENDPOINT", ""),
        "userinfo_endpoint": env.get("SAPAT_OIDC_USERINFO_ENDPOINT", ""),
        "jwks_uri": env.get("SAPAT_OIDC_JWKS_URI", ""),
        "timeout": float(env.get("SAPAT_OIDC_TIMEOUT", "10")),
    }


def backends(ldap: dict | None, oidc: dict | None) -> list[str]:
    """Axes first (it refuses a locked-out name before anything is asked), the directory,
    the OpenID provider, then Sapat's own passwords."""
    result = [AXES]
    if ldap:
        result.append(DIRECTORY)
    if oidc:
        result.append(OIDC)
    result.append(LOCAL)
    return result
