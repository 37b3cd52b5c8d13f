"""A backup taken while people work is one moment of the database: its manifest agrees
with its records, every key in it points at a record in it, and it restores.

Someone adds a unit, a risk with its measure, and archives a risk — in another connection,
committed — while the backup is half-way through its tables (between two of its reads).
PostgreSQL: the test database itself, the writer in a thread of its own. SQLite: the
test's in-memory database shares its cache between connections (one reader locks the
writers out), so there the test copies it to a file in WAL mode, as the server runs it,
and both the backup and the writer use that file.
"""
import json
import shutil
import sqlite3
import tempfile
import threading
import zipfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, connections
from django.test import TransactionTestCase, override_settings

from sapat.lib.backup import backup, restore
from sapat.org.models import Person, Role, RoleAssignment, Unit
from sapat.risks import services
from sapat.risks.models import Measure, Risk


class BackupUnderWritesTests(TransactionTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, True)
        media = override_settings(MEDIA_ROOT=str(self.tmp / "media"))
        media.enable()
        self.addCleanup(media.disable)
        university = Unit.objects.create(code="jasu", kind=Unit.Kind.UNIVERSITY, name="ЖАМУ")
        self.dep = Unit.objects.create(code="dep-a1", kind=Unit.Kind.DEPARTMENT,
                                       parent=university, name="Кафедра А1")
        self.qms = Person.objects.create_user("qms", password="password-for-tests",
                                              full_name="QMS", unit=self.dep)
        RoleAssignment.objects.create(person=self.qms, role=Role.QMS, unit=university)
        self.risks = []
        for i in range(5):
            risk = services.risk_create(by=self.qms, unit=self.dep, title=f"Тобокелдик {i}",
                                        likelihood=3, consequences=3)
            services.measure_create(by=self.qms, risk=risk, text=f"Чара {i}")
            self.risks.append(risk)
        self.file = None
        if connection.vendor == "sqlite":
            self.file = self.tmp / "db.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    @contextmanager
    def database(self):
        """The database the backup and the writer use, in this thread."""
        if self.file is None:
            yield
            return
        own = connections.create_connection("default")
        own.settings_dict = {**own.settings_dict, "NAME": str(self.file)}
        mine = connections["default"]
        connections["default"] = own
        try:
            yield
        finally:
            own.close()
            connections["default"] = mine

    def write_meanwhile(self):
        """What other people save while the backup runs, committed in their connection."""
        errors = []

        def work():
            try:
                with self.database():
                    qms = Person.objects.get(pk=self.qms.pk)
                    unit = Unit.objects.create(code="new-dep", kind=Unit.Kind.DEPARTMENT,
                                               parent=Unit.objects.get(code="jasu"),
                                               name="Жаңы кафедра")
                    risk = services.risk_create(by=qms, unit=unit, title="Кийин кошулган",
                                                likelihood=2, consequences=2)
                    services.measure_create(by=qms, risk=risk, text="Кийин кошулган чара")
                    services.risk_archive(risk=Risk.objects.get(pk=self.risks[0].pk), by=qms)
            except Exception as exc:  # noqa: BLE001 — reported by the test
                errors.append(repr(exc))
            finally:
                connections.close_all()

        thread = threading.Thread(target=work)
        thread.start()
        thread.join(60)
        self.assertFalse(thread.is_alive(), "the writer hung")
        self.assertEqual(errors, [])

    def test_a_backup_taken_during_writes_is_one_moment_and_restores(self):
        path = self.tmp / "backup.zip"
        calls = []

        def progress(done, total):
            calls.append(done)
            if len(calls) == 1:  # after the first table's records, before the others
                self.write_meanwhile()

        with self.database():
            backup(path, progress=progress)
            written = (Risk.objects.count(), Measure.objects.count(),
                       Risk.objects.archived().count())
        self.assertGreater(len(calls), 3, "the writes came before the backup's last table")
        self.assertEqual(written, (6, 6, 1), "the writer did not write")

        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            records = json.loads(archive.read("data.json"))
        found = Counter(r["model"] for r in records)
        for label, count in manifest["rows"].items():
            self.assertEqual(found[label.lower()], count, label)
        # The moment before the writes: five live risks with their measures.
        self.assertEqual(manifest["rows"]["risks.Risk"], 5)
        self.assertEqual(manifest["rows"]["risks.Measure"], 5)
        risks = {r["pk"]: r for r in records if r["model"] == "risks.risk"}
        self.assertTrue(all(r["fields"]["archived_at"] is None for r in risks.values()))
        for m in (r for r in records if r["model"] == "risks.measure"):
            self.assertIn(m["fields"]["risk"], risks)

        restore(path, replace=True)
        self.assertEqual(Risk.objects.live().count(), 5)
        self.assertEqual(Measure.objects.count(), 5)
        self.assertFalse(Unit.objects.filter(code="new-dep").exists())
