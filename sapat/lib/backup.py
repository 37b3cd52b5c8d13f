"""Back up and restore the whole database and the uploaded files, across databases.

A backup is one zip file:

    manifest.json   format version, when, from which database, rows per model, files
    data.json       every record (Django's serializer, natural keys for auth/contenttypes)
    files/…         every uploaded file, read through Django's storage API

Records are serialised by Django, not dumped by the database's own tool, so a backup made
on SQLite restores into PostgreSQL and back.
"""
import datetime
import hashlib
import io
import json
import logging
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
logger = logging.getLogger(__name__)


class _LosslessEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)

# Tables that are rebuilt by migrations or hold nothing worth keeping.
EXCLUDED = {"contenttypes", "auth.permission", "sessions", "admin.logentry", "axes",
            # Background jobs and their queue are work in passing, not records; their
            # files (downloads/) are made again on demand.
            "jobs", "django_tasks_db"}
TRANSIENT_FOLDERS = ("downloads/",)


class BackupError(Exception):
    """The file is not a Sapat backup, or the database is not ready to take it."""


@dataclass
class BackupSummary:
    rows: dict
    files: int


def _models():
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED:
            continue
        if meta.proxy or not meta.managed:
            continue
        yield model


def _walk(storage, folder=""):
    try:
        dirs, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in dirs:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


@contextmanager
def _one_snapshot():
    """Every read inside sees the database as it was at one moment, whatever others write.

    PostgreSQL: one read-only REPEATABLE READ transaction. SQLite: one read transaction
    (a plain, deferred BEGIN: with WAL it reads one snapshot and lets writers go on; the
    project's IMMEDIATE mode would hold the write lock for the whole backup). Already
    inside a transaction (a test's, a caller's), the reads share that one.
    """
    if connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        mode, connection.transaction_mode = connection.transaction_mode, None
        try:
            with transaction.atomic():
                connection.transaction_mode = mode
                yield
        finally:
            connection.transaction_mode = mode
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def backup(path: str | Path, *, progress=None) -> BackupSummary:
    """Write every record and uploaded file to the zip file at `path`.

    The records are one consistent snapshot (`_one_snapshot`): rows written while the
    backup runs are either all in it or all left out, so counts and keys agree.
    `progress(done, total)`, when given, hears the records written (a job's bar)."""
    rows = {}
    data = io.StringIO()
    with _one_snapshot():
        objects = []
        for model in _models():
            qs = model._base_manager.order_by("pk")
            rows[model._meta.label] = qs.count()
            objects.append(qs)
        data.write("[")
        first = True
        done, total = 0, sum(rows.values())
        for qs in objects:
            for chunk in _chunks(qs):
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
                text = serializers.serialize("json", chunk, use_natural_foreign_keys=True,
                                             cls=_LosslessEncoder)
                inner = text.strip()[1:-1].strip()
                if not inner:
                    continue
                if not first:
                    data.write(",")
                data.write(inner)
                first = False
        data.write("]")
    files = sorted(name for name in _walk(default_storage)
                   if not name.startswith(TRANSIENT_FOLDERS))
    manifest = {
        "format": FORMAT, "created": timezone.now().isoformat(), "vendor": connection.vendor,
        "rows": rows, "files": {},
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", data.getvalue())
        for name in files:
            with default_storage.open(name, "rb") as fh:
                content = fh.read()
            manifest["files"][name] = hashlib.sha256(content).hexdigest()
            archive.writestr(f"files/{name}", content)
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    return BackupSummary(rows=rows, files=len(files))


def _chunks(qs, size=2000):
    batch = []
    for obj in qs.iterator(chunk_size=size):
        batch.append(obj)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _database_is_fresh() -> bool:
    """No units and no people: nothing but what migrations seed (default scales, say)."""
    from sapat.org.models import Person, Unit

    return not Unit.objects.exists() and not Person.objects.exists()


def restore(path: str | Path, *, replace: bool = False) -> BackupSummary:
    """Load the backup at `path` into the (migrated) database, all or nothing.

    The database must be fresh (migrated, with no units and no people) unless `replace` is
    true; either way its records are replaced by the backup's, and the backup's files are
    written to the storage.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, FileNotFoundError, IsADirectoryError) as exc:
        raise BackupError(_("%(path)s is not a Sapat backup: %(error)s") % {
            "path": path, "error": exc}) from exc
    with archive:
        names = set(archive.namelist())
        if not {"manifest.json", "data.json"} <= names:
            raise BackupError(_("%(path)s is not a Sapat backup (no manifest or data).") % {
                "path": path})
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(_("Unknown backup format %(format)s.") % {
                "format": repr(manifest.get("format"))})
        if not replace and not _database_is_fresh():
            raise BackupError(_(
                "The database already holds records; restore into an empty database "
                "or pass --replace to overwrite it."
            ))
        # Every file is checked before the database is touched: a damaged backup must
        # leave the database it would have replaced.
        for name, digest in manifest["files"].items():
            try:
                content = archive.read(f"files/{name}")
            except KeyError as exc:
                raise BackupError(_("The backup has no copy of %(name)s.") % {
                    "name": name}) from exc
            if hashlib.sha256(content).hexdigest() != digest:
                raise BackupError(_("The backup's copy of %(name)s is damaged.") % {
                    "name": name})
        with tempfile.TemporaryDirectory() as tmp:
            fixture = Path(tmp) / "sapat-backup.json"
            fixture.write_bytes(archive.read("data.json"))
            sequences = _sequences()
            try:
                # The backup holds the history rows themselves; the history app must not
                # add new ones while the records are loaded (it would for many-to-many
                # fields).
                with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
                    # Rows seeded by migrations are in the backup too, with their own keys.
                    _delete_everything()
                    call_command("loaddata", str(fixture), verbosity=0)
                    _check_counts(manifest["rows"])
            except BaseException:
                _put_back_sequences(sequences)
                raise
        for name in manifest["files"]:
            if default_storage.exists(name):
                default_storage.delete(name)
            default_storage.save(name, ContentFile(archive.read(f"files/{name}")))
    return BackupSummary(rows=manifest["rows"], files=len(manifest["files"]))


def _sequences() -> dict[str, int]:
    """Where PostgreSQL's sequences stand (other databases have none to worry about)."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
            "FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
        return dict(cursor.fetchall())


def _put_back_sequences(before: dict[str, int]) -> None:
    """Loading resets the sequences to the backup's numbers, and a rollback does not undo
    that: after a failed restore, a sequence left below the rows that are back would make
    the next insert collide. Move each back up to where it stood; never down."""
    if not before:
        return
    try:
        now = _sequences()
        with connection.cursor() as cursor:
            for name, last in before.items():
                if now.get(name, 0) < last:
                    cursor.execute("SELECT setval(%s, %s)", [name, last])
    except DatabaseError:
        # The database is the reason the restore failed; its error is the one to report.
        logger.exception("Could not put the sequences back after a failed restore")


def _delete_everything() -> None:
    with connection.constraint_checks_disabled():
        for model in reversed(list(_models())):
            model._base_manager.all()._raw_delete(model._base_manager.db)


def _check_counts(expected: dict) -> None:
    for label, count in expected.items():
        model = apps.get_model(label)
        found = model._base_manager.count()
        if found != count:
            raise BackupError(_("%(label)s: %(found)s rows after restore, %(count)s in the "
                                "backup.") % {"label": label, "found": found, "count": count})
