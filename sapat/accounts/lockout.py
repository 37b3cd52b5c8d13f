"""What django-axes does not count as a failed password: see `AXES_WHITELIST_CALLABLE`.

Lockout guards passwords against guessing. Two failures are not guesses:
- the university's directory could not be asked (down, slow, misconfigured): the person
  typed their password and nobody checked it; counting it would lock them out, and with
  them a local account of the same name, for the directory's fault;
- a sign-in through the OpenID provider, where Sapat sees no password at all.
A local account (one with a usable password) is still counted while the directory is down,
so that nobody can guess local passwords while the directory is away.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model


def not_a_password_guess(request, credentials=None) -> bool:
    credentials = credentials or {}
    if not credentials.get("password"):
        return True
    if getattr(request, "sapat_directory_down", False):
        username = credentials.get("username") or ""
        local = get_user_model().objects.filter(username=username).first()
        return local is None or not local.has_usable_password()
    return False
