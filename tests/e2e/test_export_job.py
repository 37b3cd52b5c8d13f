"""The QMS office exports the consolidated register of a generated university as PDF: the
export goes to a background worker, the page shows its progress bar, and the file is then
downloaded from "My downloads".

The small scale (250 risks and opportunities) takes the same path as the large one: over
SAPAT_EXPORT_JOB_ROWS the download view queues a job, a worker (the database queue's loop,
here in a thread of the test) builds the PDF through Chromium, the file lands on storage.
"""
import re
import subprocess
import threading

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import login, screenshot


@pytest.fixture
def university(transactional_db, settings):
    settings.SAPAT_EXPORT_JOB_ROWS = 100
    call_command("generate", scale="small", password="bench", force=True, verbosity=0)


class WorkerThread(threading.Thread):
    """A real worker loop (`sapat worker`'s database queue) in a thread of the test."""

    def __init__(self):
        from django_tasks_db.management.commands.db_worker import Worker

        super().__init__(daemon=True)
        self.loop = Worker(queue_names=["default"], interval=0.5, batch=False,
                           backend_name="default", startup_delay=False, max_tasks=None,
                           worker_id="e2e", excluded_queue_names=[])

    def run(self):
        from django.db import connection

        try:
            self.loop.run()
        finally:
            connection.close()

    def stop(self):
        # The in-memory SQLite of the tests locks whole tables: a polling worker would
        # make the pages that follow wait, so it stops once its job is done.
        self.loop.running = False
        if self.is_alive():
            self.join(timeout=60)


@pytest.fixture
def worker(university):
    thread = WorkerThread()
    yield thread
    thread.stop()


def test_consolidated_register_as_pdf_through_my_downloads(page, worker, tmp_path):
    login(page, "bench-qms", password="bench", language="ky")
    page.goto(page.base_url + "/risks/consolidated/")
    page.locator("[data-testid=exports] a", has_text="PDF").click()
    page.wait_for_url("**/jobs/*/")
    bar = page.locator("[data-testid=job-progress]")
    assert bar.is_visible()
    expect(page.locator("[data-testid=job-status][data-state=queued]")).to_have_count(1)
    screenshot(page, "jobs-export-waiting-ky")

    worker.start()
    # On a quiet machine the export can finish between two polls of the page, so the
    # running state is looked at when it is seen, and the test goes on to the download.
    page.wait_for_selector(
        "[data-testid=job-status][data-state=running], [data-testid=job-download]", timeout=60000
    )
    if page.locator("[data-testid=job-status][data-state=running]").count():
        assert page.locator("[data-testid=job-progress]").is_visible()
        screenshot(page, "jobs-export-running-ky")
    page.wait_for_selector("[data-testid=job-download]", timeout=120000)
    worker.stop()
    screenshot(page, "jobs-export-ready-ky")

    page.locator("a[href='/jobs/']").first.click()  # "My downloads" in the menu
    page.wait_for_url("**/jobs/")
    row = page.locator("[data-testid=download-row][data-state=done]")
    expect(row).to_have_count(1)
    screenshot(page, "jobs-my-downloads-ky")
    with page.expect_download() as info:
        row.locator("[data-testid=download-link]").click()
    download = info.value
    assert download.suggested_filename == "consolidated-ky.pdf"
    # On a phone, and in Russian: the download button is still there.
    page.set_viewport_size({"width": 360, "height": 780})
    page.context.add_cookies([{"name": "sapat_language", "value": "ru",
                               "url": page.base_url}])
    page.reload()
    assert "Мои загрузки" in page.inner_text("h1")
    screenshot(page, "jobs-my-downloads-ru-360")
    assert page.locator("[data-testid=download-row] a", has_text="Скачать").is_visible()
    path = tmp_path / "consolidated-ky.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert int(pages.split("Pages:")[1].split()[0]) > 5
    from sapat.risks.models import Risk

    some = Risk.objects.order_by("unit__path", "pk").values_list("title", flat=True)[:3]
    # Cells wrap and long words break at hyphenation points (a soft hyphen Chromium keeps in
    # its text layer, a printed hyphen at the line end): read the text with those removed.
    squashed = re.sub(r"[\s\u00ad\u2010]", "", text)
    for title in some:  # look for the title's first word
        assert title.split()[0] in squashed, title
