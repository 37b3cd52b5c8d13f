"""Creating and revoking personal API tokens (called by the profile page and the API)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, hash_key

MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def token_create(*, person, name: str) -> tuple[ApiToken, str]:
    """Create a token for `person`; return it with the key, which is never shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. “AVN import”.")})
    if ApiToken.objects.active().filter(person=person).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {"name": _("You have too many active tokens; revoke one you no longer use.")}
        )
    key = ApiToken.new_key()
    token = ApiToken(person=person, name=name, key_hash=hash_key(key), prefix=key[:12])
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token at once; requests with it fail from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def person_for_key(key: str):
    """The active token for a raw key with its person, or None (one query)."""
    # get() on the unique hash: no ORDER BY to build (first() would add one).
    try:
        return ApiToken.objects.active().select_related("person").get(key_hash=hash_key(key))
    except ApiToken.DoesNotExist:
        return None
