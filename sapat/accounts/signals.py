"""The directory's errors, told apart: a directory that cannot be asked is not a wrong
password (see `directory.py`)."""
from __future__ import annotations

import logging

logger = logging.getLogger("sapat.accounts")

try:
    import ldap
    from django_auth_ldap.backend import ldap_error
except ImportError:  # LDAP sign-in is an extra: pip install "sapat[ldap]"
    ldap = ldap_error = None

if ldap_error is not None:
    from django.dispatch import receiver

    from .matching import mark_directory_down

    @receiver(ldap_error)
    def directory_unreachable(sender, context, user, request=None, exception=None, **kwargs):
        # Any LDAP error reaching here happened outside the person's own bind (a wrong
        # password is not reported through this signal): the server is down, slow, or the
        # service account cannot bind. None of it is the person's fault.
        logger.warning("Directory unavailable %s: %r", context, exception)
        mark_directory_down(request)
