"""`sapat backup` and `sapat restore` give back every record and file."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from sapat.demo.loader import load_demo
from sapat.lib.backup import BackupError, backup, restore

ROOT = Path(__file__).resolve().parents[3]


def records(path) -> list:
    """The backup's records, in a stable order, for comparison."""
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("data.json"))
    return sorted(data, key=lambda r: (r["model"], str(r["pk"])))


class BackupRestoreTests(TransactionTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.media = override_settings(MEDIA_ROOT=str(self.tmp / "media"))
        self.media.enable()
        self.addCleanup(self.media.disable)
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_round_trip_gives_back_every_record_and_file(self):
        load_demo(with_people=True)
        default_storage.save("evidence/акт-2026.pdf", ContentFile(b"%PDF-1.4 evidence"))
        first = self.tmp / "first.zip"
        summary = backup(first)
        self.assertGreater(summary.rows["org.Unit"], 10)
        # The demo's own files (documents, minutes) and the one saved here.
        self.assertGreaterEqual(summary.files, 2)

        call_command("flush", interactive=False, verbosity=0)
        default_storage.delete("evidence/акт-2026.pdf")
        restore(first)

        second = self.tmp / "second.zip"
        backup(second)
        self.assertEqual(records(first), records(second))
        with default_storage.open("evidence/акт-2026.pdf", "rb") as fh:
            self.assertEqual(fh.read(), b"%PDF-1.4 evidence")

    def test_restore_refuses_a_database_that_holds_records(self):
        load_demo(with_people=True)
        path = self.tmp / "b.zip"
        backup(path)
        with self.assertRaises(BackupError):
            restore(path)

    def test_restore_with_replace_overwrites_and_keeps_nothing_else(self):
        from sapat.org.models import Unit

        load_demo(with_people=True)
        path = self.tmp / "b.zip"
        backup(path)
        Unit.objects.create(code="added-later", kind="department", name="x",
                            parent=Unit.objects.get(code="jasu"))
        restore(path, replace=True)
        self.assertFalse(Unit.objects.filter(code="added-later").exists())

    def test_a_file_that_is_not_a_backup_is_refused_clearly(self):
        path = self.tmp / "not-a-backup.zip"
        path.write_bytes(b"hello")
        with self.assertRaises(CommandError) as ctx:
            call_command("restore", str(path), "--lang", "en")
        self.assertIn("not a Sapat backup", str(ctx.exception))


def _sapat(args, database_url, cwd):
    env = dict(os.environ, DATABASE_URL=database_url, SAPAT_DATA_DIR=str(cwd))
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


class CrossDatabaseTests(TransactionTestCase):
    """SQLite → PostgreSQL → SQLite: the same records at every step.

    It makes its own SQLite files and PostgreSQL database whatever the suite runs on, so the
    PostgreSQL pass of CI would only repeat it (two minutes of three migrations)."""

    def setUp(self):
        if connection.vendor != "sqlite":
            self.skipTest("runs in the SQLite pass; it brings its own PostgreSQL database")

    def test_backup_from_sqlite_restores_into_postgresql_and_back(self):
        import psycopg

        tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, tmp, True)
        name = f"sapat_restore_{os.getpid()}"
        admin = "postgresql://postgres@127.0.0.1:5432/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.addCleanup(self._drop, admin, name)

        sqlite_url = f"sqlite:///{tmp / 'a.sqlite3'}"
        pg_url = f"postgres://postgres@127.0.0.1:5432/{name}"
        _sapat(["migrate", "-v0"], sqlite_url, tmp)
        _sapat(["load_demo", "--quiet-logins"], sqlite_url, tmp)
        _sapat(["backup", str(tmp / "from-sqlite.zip")], sqlite_url, tmp)
        _sapat(["restore", str(tmp / "from-sqlite.zip")], pg_url, tmp)
        _sapat(["backup", str(tmp / "from-pg.zip")], pg_url, tmp)
        back_url = f"sqlite:///{tmp / 'b.sqlite3'}"
        _sapat(["restore", str(tmp / "from-pg.zip")], back_url, tmp)
        _sapat(["backup", str(tmp / "back.zip")], back_url, tmp)

        original = records(tmp / "from-sqlite.zip")
        self.assertGreater(len(original), 50)
        self.assertEqual(original, records(tmp / "from-pg.zip"))
        self.assertEqual(original, records(tmp / "back.zip"))

    @staticmethod
    def _drop(admin, name):
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class LosslessTimestampTests(TransactionTestCase):
    def test_microseconds_survive_the_round_trip(self):
        import datetime

        from django.utils import timezone

        from sapat.org.models import Person

        tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, tmp, True)
        when = timezone.now().replace(microsecond=123)
        Person.objects.create_user("p", password="x-long-password-1", date_joined=when)
        backup(tmp / "b.zip")
        restore(tmp / "b.zip", replace=True)
        self.assertEqual(Person.objects.get(username="p").date_joined, when)
        self.assertIsInstance(when, datetime.datetime)
