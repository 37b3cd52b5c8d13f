"""Sign-in with the university's LDAP directory or Active Directory (django-auth-ldap).

The service account binds and searches for the login typed (uid, sAMAccountName or
e-mail), the person's own password is checked by binding as them, and their e-mail
attribute finds the Sapat person the HR import created. Nobody is created here: a person
the directory knows and Sapat does not gets the "ask the QMS office" page.

Groups can grant roles (`SAPAT_LDAP_ROLE_GROUPS`): a mapped role is the directory's to
give and take; roles that are not mapped stay as the HR file and the QMS office set them.
"""
from __future__ import annotations

import logging

import ldap
from django.conf import settings
from django.db import transaction
from django_auth_ldap.backend import LDAPBackend
from django_auth_ldap.config import (
    GroupOfNamesType,
    LDAPSearch,
    LDAPSettings,
    NestedActiveDirectoryGroupType,
    PosixGroupType,
)

from sapat.org.access import RULES, Reach, forget
from sapat.org.models import Role, RoleAssignment, Unit

from .matching import mark_unknown, person_for_email

logger = logging.getLogger("sapat.accounts")

GROUP_TYPES = {
    "groupofnames": (GroupOfNamesType, "(objectClass=groupOfNames)"),
    "posix": (PosixGroupType, "(objectClass=posixGroup)"),
    "ad": (NestedActiveDirectoryGroupType, "(objectClass=group)"),
}


def ldap_settings(config: dict) -> LDAPSettings:
    """django-auth-ldap's settings built from `SAPAT_LDAP` (see `config.ldap_from_env`)."""
    timeout = config.get("timeout", 5)
    values = {
        "SERVER_URI": config["uri"],
        "BIND_DN": config.get("bind_dn", ""),
        "BIND_PASSWORD": config.get("bind_password", ""),
        "START_TLS": config.get("start_tls", False),
        "USER_SEARCH": LDAPSearch(config["user_base"], ldap.SCOPE_SUBTREE,
                                  config.get("user_filter") or "(uid=%(user)s)"),
        "CONNECTION_OPTIONS": {
            ldap.OPT_NETWORK_TIMEOUT: timeout,
            ldap.OPT_TIMEOUT: timeout,
            ldap.OPT_REFERRALS: 0,  # Active Directory's referrals lead nowhere useful
        },
        # People are matched, never created, and populated by this module only.
        "ALWAYS_UPDATE_USER": False,
        "NO_NEW_USERS": False,
    }
    if config.get("role_groups"):
        kind = GROUP_TYPES.get(config.get("group_type", "groupOfNames").lower(),
                               GROUP_TYPES["groupofnames"])
        values["GROUP_TYPE"] = kind[0]()
        values["GROUP_SEARCH"] = LDAPSearch(
            config.get("group_base") or config["user_base"], ldap.SCOPE_SUBTREE, kind[1])
    # A prefix nothing in settings.py uses: every value comes from SAPAT_LDAP.
    return LDAPSettings("SAPAT_LDAP_FROM_DICT_", values)


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap, configured from `settings.SAPAT_LDAP`, matching by e-mail."""

    @property
    def settings(self):
        return ldap_settings(settings.SAPAT_LDAP)

    @settings.setter
    def settings(self, value):  # django-auth-ldap's API has a setter; ours reads settings
        pass

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not getattr(settings, "SAPAT_LDAP", None) or not username or not password:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_or_build_user(self, username, ldap_user):
        config = settings.SAPAT_LDAP
        values = (ldap_user.attrs or {}).get(config.get("email_attr", "mail"), [])
        email = values[0] if values else ""
        person = person_for_email(email)
        if person is None:
            mark_unknown(ldap_user._request, email or username)
            raise ldap_user.AuthenticationFailed("no Sapat person with this e-mail")
        return person, False

    def authenticate_ldap_user(self, ldap_user, password):
        person = super().authenticate_ldap_user(ldap_user, password)
        if person is None:
            return None
        config = settings.SAPAT_LDAP
        name_attr = config.get("name_attr")
        if name_attr:
            names = (ldap_user.attrs or {}).get(name_attr, [])
            if names and names[0] and names[0] != person.full_name:
                person.full_name = names[0]
                person.save(update_fields=["full_name"])
        if config.get("role_groups"):
            try:
                group_dns = {dn.lower() for dn in ldap_user.group_dns}
            except ldap.LDAPError:
                logger.warning("Could not read the groups of %s", ldap_user.dn)
            else:
                sync_roles(person, config["role_groups"], group_dns)
        return person


@transaction.atomic
def sync_roles(person, role_groups: dict[str, str], group_dns: set[str]) -> None:
    """Give and take the mapped roles by the person's groups.

    A role that reaches the whole university is held in the university; the others in the
    person's own unit (a person with no unit gets no unit role from a group).
    """
    unit = person.unit
    for role, group_dn in role_groups.items():
        if role not in Role.values:
            logger.warning("SAPAT_LDAP_ROLE_GROUPS names an unknown role %r", role)
            continue
        member = group_dn.lower() in group_dns
        held = RoleAssignment.objects.filter(person=person, role=role)
        if member and not held.exists() and unit is not None:
            where = unit
            if RULES[role].reach == Reach.UNIVERSITY:
                where = Unit.objects.get(path=unit.root_path)
            RoleAssignment.objects.create(person=person, role=role, unit=where)
        elif not member:
            for assignment in held:
                assignment.delete()
    forget(person)
