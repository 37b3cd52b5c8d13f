"""Inviting people by e-mail: one link each, used once, expiring.

    invitations_send(people=[…], by=qms_officer, base_url="https://qms.jasu.kg")
    invitation_for(token)         # the open invitation a link names, or None
    invitation_accept(invitation=…, password="…")

Each e-mail is written in the person's own language. A newer invitation replaces the
person's older ones; the link carries a random token of which only a hash is stored.
"""
from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Invitation, token_hash

logger = logging.getLogger("sapat.accounts")


def invitation_days() -> int:
    return int(getattr(settings, "SAPAT_INVITATION_DAYS", 14))


def university_signin() -> dict:
    """How this Sapat signs people in besides passwords, for pages and e-mails."""
    oidc = getattr(settings, "SAPAT_OIDC", None)
    return {
        "directory": bool(getattr(settings, "SAPAT_LDAP", None)),
        "provider": bool(oidc),
        "provider_label": (oidc or {}).get("label", ""),
    }


@dataclass
class SendResult:
    sent: int = 0
    skipped: int = 0  # no e-mail, or not active


@transaction.atomic
def invitation_create(*, person, by) -> tuple[Invitation, str]:
    """A new invitation for `person`, replacing their open ones; returns it and its token."""
    now = timezone.now()
    Invitation.objects.open().filter(person=person).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        person=person, email=person.email, token_hash=token_hash(token), created_by=by,
        created_at=now, expires_at=now + datetime.timedelta(days=invitation_days()),
    )
    invitation.full_clean()
    invitation.save()
    return invitation, token


def invitations_send(*, people, by, base_url: str) -> SendResult:
    """Invite each active person with an e-mail; one SMTP connection for all of them.

    A plain function, so that a background job can send thousands: each invitation is
    saved before its e-mail leaves, and an e-mail that fails is logged, not retried.
    """
    result = SendResult()
    with get_connection() as connection:
        for person in people:
            if not person.is_active or not person.email:
                result.skipped += 1
                continue
            invitation, token = invitation_create(person=person, by=by)
            message = _invitation_message(person, invitation, token, base_url)
            message.connection = connection
            try:
                message.send()
            except OSError:
                logger.exception("The invitation to %s could not be sent", person.email)
                result.skipped += 1
                continue
            result.sent += 1
    return result


def _invitation_message(person, invitation, token: str, base_url: str):
    link = base_url.rstrip("/") + reverse("accounts:invitation", args=[token])
    with translation.override(person.language or settings.LANGUAGE_CODE):
        context = {
            "person": person, "link": link, "expires": invitation.expires_at,
            "days": invitation_days(), "university": getattr(
                settings, "SAPAT_UNIVERSITY_NAME", ""), **university_signin(),
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        text = render_to_string("accounts/email/invitation.txt", context)
        html = render_to_string("accounts/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, to=[person.email])
    message.attach_alternative(html, "text/html")
    return message


def invitation_for(token: str) -> Invitation | None:
    """The open invitation a link's token names (unused, not replaced, not expired)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.open().select_related("person").filter(
        token_hash=token_hash(token), person__is_active=True
    ).first()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str):
    """Set the person's password from their invitation and use the invitation up."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.state != Invitation.State.OPEN:
        raise ValidationError("invitation no longer open")
    person = get_user_model().objects.get(pk=locked.person_id)
    validate_password(password, person)
    person.set_password(password)
    person.save(update_fields=["password"])
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    return person


def invitation_use_for_signin(*, invitation: Invitation) -> None:
    """The person chose the university's sign-in: the link is used up all the same."""
    Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=timezone.now())
