"""Personal API tokens: a person creates one on their profile page, sees it once, revokes it.

Only a SHA-256 hash of the token is stored. Tokens are 256 random bits, so a fast hash is
enough (nobody can guess one to compare), and lookup stays one indexed query.
"""
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "sapat_"
# Writing `last_used` on every request would turn every read into a write; once a minute
# is precise enough for "when did this script last run".
LAST_USED_PRECISION_SECONDS = 60


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token; the key itself is shown once and never stored."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100,
        help_text=_("What the token is for, e.g. “AVN import script”."),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    # The first characters of the key, so the person can tell their tokens apart.
    prefix = models.CharField(_("starts with"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def new_key() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def touch(self) -> None:
        """Note that the token was used now (at most one write a minute)."""
        now = timezone.now()
        if self.last_used_at and (now - self.last_used_at).total_seconds() < (
            LAST_USED_PRECISION_SECONDS
        ):
            return
        self.last_used_at = now
        type(self).objects.filter(pk=self.pk).update(last_used_at=now)
