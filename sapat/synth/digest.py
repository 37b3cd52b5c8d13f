"""A fingerprint of every row in the database, to show that a seed gives the same data.

    python manage.py shell -c "from sapat.synth.digest import digest; print(digest())"
"""
import datetime
import hashlib

from django.apps import apps
from django.utils import timezone


def _plain(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat() if timezone.is_aware(value) \
            else value.isoformat()
    return repr(value)


def digest(skip: tuple[str, ...] = ()) -> str:
    """SHA-256 over every table (models and many-to-many tables), rows by primary key;
    `skip` names tables to leave out."""
    sha = hashlib.sha256()
    models = sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.db_table)
    for model in models:
        if model._meta.db_table in skip:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        sha.update(f"\n#{model._meta.db_table}\n".encode())
        for row in model._base_manager.order_by("pk").values_list(*fields).iterator(2000):
            sha.update("|".join(_plain(v) for v in row).encode())
            sha.update(b"\n")
    return sha.hexdigest()
