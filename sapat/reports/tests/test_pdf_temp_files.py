"""Temporary PDF folders hold a register's HTML and PDF: private to the server's user while
they exist, and removed at start when a killed worker left them behind (issue 11)."""

import os
import stat
import tempfile
import time
from pathlib import Path

from django.test import SimpleTestCase

from sapat.reports import pdf


class PdfTempFileTests(SimpleTestCase):
    def setUp(self):
        self.tmp = self.enterContext(tempfile.TemporaryDirectory())
        old, tempfile.tempdir = tempfile.tempdir, self.tmp
        self.addCleanup(setattr, tempfile, "tempdir", old)

    def mode(self, path) -> int:
        return stat.S_IMODE(os.stat(path).st_mode)

    def test_the_html_is_written_0600_whatever_the_umask(self):
        old = os.umask(0o022)
        self.addCleanup(os.umask, old)
        path = Path(self.tmp) / "document.html"
        pdf.write_private(path, "Тобокелдик".encode())
        self.assertEqual(self.mode(path), 0o600)
        self.assertEqual(path.read_text(encoding="utf-8"), "Тобокелдик")

    def test_a_printed_pdf_leaves_no_folder_and_its_folder_was_private(self):
        if not pdf.chromium_binary():
            self.skipTest("no Chromium here")
        seen = []
        real = pdf.write_private

        def spy(path, data):  # records the real folder's and file's modes as they are
            real(path, data)
            seen.append((self.mode(path.parent), self.mode(path)))

        pdf.write_private = spy
        self.addCleanup(setattr, pdf, "write_private", real)
        result = pdf._chromium_pdf("<html><body><p>Сапат</p></body></html>")
        self.assertTrue(result and result.startswith(b"%PDF"))
        self.assertEqual(seen, [(0o700, 0o600)])
        self.assertEqual(list(Path(self.tmp).glob("sapat-pdf-*")), [])

    def test_stale_folders_are_removed_at_start_fresh_ones_kept(self):
        stale = Path(tempfile.mkdtemp(prefix="sapat-pdf-"))
        (stale / "document.html").write_text("register")
        fresh = Path(tempfile.mkdtemp(prefix="sapat-pdf-"))
        other = Path(tempfile.mkdtemp(prefix="other-"))
        old = time.time() - pdf.STALE_SECONDS - 60
        for folder in (stale, other):
            os.utime(folder, (old, old))
        self.assertEqual(pdf.clean_stale_folders(), 1)
        self.assertFalse(stale.exists())
        self.assertTrue(fresh.exists())
        self.assertTrue(other.exists())

    def test_the_app_cleans_at_start(self):
        from django.apps import apps

        stale = Path(tempfile.mkdtemp(prefix="sapat-pdf-"))
        old = time.time() - pdf.STALE_SECONDS - 60
        os.utime(stale, (old, old))
        apps.get_app_config("reports").ready()
        self.assertFalse(stale.exists())
