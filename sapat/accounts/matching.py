"""The one rule for a first sign-in through the university's accounts: the person the HR
import (or the QMS office) created, found by e-mail. Never a second account.

Backends leave what they learned on the request, for the sign-in views to say clearly:
`request.sapat_unknown_email` (the directory knows the person, Sapat does not) and
`request.sapat_directory_down` (the directory could not be asked).
"""
from __future__ import annotations

from django.contrib.auth import get_user_model

UNKNOWN_SESSION_KEY = "sapat_unknown_signin"


def person_for_email(email: str):
    """The one active person with this e-mail (any case), or None.

    Two people with one address match nobody: signing in must never pick one at random.
    """
    email = (email or "").strip()
    if not email:
        return None
    people = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
    return people[0] if len(people) == 1 else None


def mark_unknown(request, email: str) -> None:
    if request is not None:
        request.sapat_unknown_email = email or "?"


def mark_directory_down(request) -> None:
    if request is not None:
        request.sapat_directory_down = True
