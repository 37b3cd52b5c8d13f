"""The uploaded HR file kept between the preview and the commit.

Through Django's storage API (any worker, any shared store), under a random token that only
the person who uploaded it can name: the session remembers which token is theirs.
"""
from __future__ import annotations

import datetime
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "imports"
SESSION_KEY = "sapat_org_import"


def keep(request, files: list[tuple[str, bytes]]) -> str:
    _drop_stale()
    token = uuid.uuid4().hex
    names = []
    for index, (name, content) in enumerate(files):
        stored = default_storage.save(f"{FOLDER}/org-{token}-{index}.bin", ContentFile(content))
        names.append((name[:200], stored))
    request.session[SESSION_KEY] = {"token": token, "files": names}
    return token


def take(request, token: str) -> list[tuple[str, bytes]] | None:
    """The files kept under `token` for this person's session, or None."""
    kept = request.session.get(SESSION_KEY) or {}
    if not token or kept.get("token") != token:
        return None
    files = []
    for name, stored in kept["files"]:
        if not default_storage.exists(stored):
            return None
        with default_storage.open(stored, "rb") as f:
            files.append((name, f.read()))
    return files


def drop(request) -> None:
    kept = request.session.pop(SESSION_KEY, None) or {}
    for _name, stored in kept.get("files", []):
        default_storage.delete(stored)


def _drop_stale() -> None:
    """Previews never saved leave their files behind: drop those older than a day."""
    try:
        _dirs, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - datetime.timedelta(days=1)
    for name in files:
        if not name.startswith("org-"):
            continue
        try:
            if default_storage.get_modified_time(f"{FOLDER}/{name}") < cutoff:
                default_storage.delete(f"{FOLDER}/{name}")
        except (FileNotFoundError, NotImplementedError):
            continue
