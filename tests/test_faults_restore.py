"""A restore that fails half-way leaves the database (and the uploaded files) it replaced."""
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.test import override_settings
from django.utils import translation

from sapat.lib.backup import BackupError, backup, restore
from sapat.org.models import Unit
from sapat.reports.tests.base import ReportsTestCase
from sapat.risks import services
from sapat.risks.models import Risk

from .faults import AllOrNothingMixin, changed_tables, snapshot


def spread(total: int, count: int = 12) -> list[int]:
    """`count` write positions spread over 1..total, first and last included."""
    step = max(1, (total - 1) // (count - 1))
    return sorted({*range(1, total + 1, step), total})


def rewrite(path: Path, replace: dict[str, bytes]):
    """Rewrite the zip at `path` with some members' bytes replaced."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members.update(replace)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


class RestoreFaultTests(AllOrNothingMixin, ReportsTestCase):
    def setUp(self):
        tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, tmp, True)
        media = override_settings(MEDIA_ROOT=str(tmp / "media"))
        media.enable()
        self.addCleanup(media.disable)
        default_storage.save("evidence/act.pdf", ContentFile(b"%PDF-1.4 the backup's copy"))
        self.path = tmp / "backup.zip"
        backup(self.path)
        # Since the backup: a new unit and risk, a changed risk and a changed file. A failed
        # restore must leave exactly this.
        unit = Unit.objects.create(code="new-dep", kind=Unit.Kind.DEPARTMENT,
                                   parent=self.inst_b, name="Жаңы кафедра")
        services.risk_create(by=self.qms, unit=unit, title="Кийин кошулган", likelihood=2,
                             consequences=2)
        Risk.objects.filter(pk=self.r2.pk).update(title="Кийин өзгөртүлгөн")
        default_storage.delete("evidence/act.pdf")
        default_storage.save("evidence/act.pdf", ContentFile(b"%PDF-1.4 today's copy"))

    def file_now(self) -> bytes:
        with default_storage.open("evidence/act.pdf", "rb") as fh:
            return fh.read()

    def test_refused_at_a_spread_of_writes_leaves_the_database_it_replaced(self):
        writes = self.assert_all_or_nothing(
            lambda: restore(self.path, replace=True), expected=IntegrityError, at=spread)
        self.assertGreater(writes, 100)  # every table emptied, every record loaded

    def test_a_damaged_file_in_the_backup_is_found_before_the_database_is_touched(self):
        rewrite(self.path, {"files/evidence/act.pdf": b"not what the manifest says"})
        before = snapshot()
        with self.assertRaisesMessage(BackupError, "damaged"), translation.override("en"):
            restore(self.path, replace=True)
        self.assertEqual(changed_tables(before, snapshot()), {})
        self.assertEqual(self.file_now(), b"%PDF-1.4 today's copy")

    def test_counts_that_do_not_match_roll_back_and_new_records_can_still_be_added(self):
        with zipfile.ZipFile(self.path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
        manifest["rows"]["org.Unit"] += 1
        rewrite(self.path, {"manifest.json": json.dumps(manifest).encode()})
        before = snapshot()
        with self.assertRaisesMessage(BackupError, "org.Unit"), translation.override("en"):
            restore(self.path, replace=True)
        self.assertEqual(changed_tables(before, snapshot()), {})
        self.assertEqual(self.file_now(), b"%PDF-1.4 today's copy")
        # The database numbers new records after its own, not after the backup's (on
        # PostgreSQL the loading moved the sequences, which a rollback does not undo).
        Unit.objects.create(code="after-failed-restore", kind=Unit.Kind.DEPARTMENT,
                            parent=self.inst_b, name="Дагы бир кафедра")
        services.risk_create(by=self.qms, unit=self.dep_b1, title="Дагы бири", likelihood=1,
                             consequences=1)

    def test_without_a_fault_the_backup_comes_back(self):
        restore(self.path, replace=True)
        self.assertFalse(Unit.objects.filter(code="new-dep").exists())
        self.assertEqual(Risk.objects.get(pk=self.r2.pk).title, self.r2.title)
        self.assertEqual(self.file_now(), b"%PDF-1.4 the backup's copy")
