"""Jobs end to end on the real queue: start from a view, a worker runs, the owner downloads."""
import datetime
import io

from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from sapat.jobs import registry
from sapat.jobs.models import Job
from sapat.jobs.registry import JobKind
from sapat.jobs.runner import JobError, run
from sapat.jobs.services import JobLimitReached, job_purge, job_recover_stale, job_start

from .base import JobsTestCase

EXPORT = reverse("reports:export", kwargs={"table": "consolidated", "fmt": "xlsx"})


@override_settings(SAPAT_EXPORT_JOB_ROWS=5)
class ExportAsJobTests(JobsTestCase):
    def test_large_export_runs_as_a_job_and_only_its_owner_downloads_it(self):
        self.login(self.qms)
        response = self.client.get(EXPORT + "?lang=ru")
        job = Job.objects.get()
        self.assertRedirects(response, reverse("jobs:detail", kwargs={"pk": job.pk}))
        self.assertEqual((job.kind, job.status, job.lang), ("export", "queued", "ru"))
        page = self.client.get(reverse("jobs:detail", kwargs={"pk": job.pk}))
        self.assertContains(page, 'hx-trigger="every 1s"')  # polls while waiting
        self.assertNotContains(page, "<script>")  # no inline script (CSP)

        self.run_worker()
        job.refresh_from_db()
        self.assertEqual(job.status, "done", job.error)
        self.assertEqual((job.done, job.total), (12, 12))
        self.assertEqual(job.filename, "consolidated-ru.xlsx")
        self.assertGreater(job.expires_at, timezone.now() + datetime.timedelta(hours=71))
        status = self.client.get(reverse("jobs:status", kwargs={"pk": job.pk}))
        self.assertNotContains(status, "hx-trigger")  # done: stops polling
        self.assertContains(status, reverse("jobs:download", kwargs={"pk": job.pk}))

        download = self.client.get(reverse("jobs:download", kwargs={"pk": job.pk}))
        self.assertEqual(download.status_code, 200)
        self.assertIn("consolidated-ru.xlsx", download["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
        titles = {c.value for row in sheet.iter_rows() for c in row}
        self.assertTrue({f"Тобокелдик №{i}" for i in range(1, 13)} <= titles)

        mine = self.client.get(reverse("jobs:mine"))
        self.assertContains(mine, "consolidated-ru.xlsx")
        # Another person, even the rector who reads every risk, finds nothing there.
        self.login(self.rector)
        for name in ("jobs:detail", "jobs:status", "jobs:download"):
            self.assertEqual(self.client.get(reverse(name, kwargs={"pk": job.pk})).status_code,
                             404, name)
        self.assertNotContains(self.client.get(reverse("jobs:mine")), "consolidated-ru")

    def test_the_table_is_the_one_its_owner_may_read_with_the_screens_filters(self):
        self.login(self.head)  # dep-a1 only: the six risks of dep-a1
        self.client.get(EXPORT + "?lang=en&unit=dep-a1")
        self.run_worker()
        job = Job.objects.get()
        self.assertEqual((job.status, job.total), ("done", 6))

    def test_a_small_export_is_still_answered_at_once(self):
        self.login(self.head)
        response = self.client.get(
            reverse("reports:export", kwargs={"table": "passport", "fmt": "xlsx"})
            + "?unit=dep-a1")
        self.assertEqual(response.status_code, 302)  # six risks > 5: a job
        with override_settings(SAPAT_EXPORT_JOB_ROWS=100):
            response = self.client.get(
                reverse("reports:export", kwargs={"table": "passport", "fmt": "xlsx"})
                + "?unit=dep-a1")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Job.objects.count(), 1)

    def test_a_failure_is_told_in_the_persons_language(self):
        self.login(self.qms)
        with translation.override("ru"):
            job = job_start(kind="export", owner=self.qms, params={
                "table": "consolidated", "fmt": "xlsx", "filters": {"unit": ["no-such"]}})
        self.run_worker()
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        with translation.override("ru"):
            expected = gettext("There is no unit with the code “%(code)s”.") % {
                "code": "no-such"}
        self.assertIn("no-such", expected)
        self.assertNotIn("There is", expected)  # Russian, not the English msgid
        self.assertEqual(job.error, expected)
        page = self.client.get(reverse("jobs:detail", kwargs={"pk": job.pk}))
        self.assertContains(page, expected)
        self.assertContains(page, 'role="alert"')

    def test_double_click_finds_the_same_job_and_the_limit_holds(self):
        self.login(self.qms)
        first = self.client.get(EXPORT)
        again = self.client.get(EXPORT)
        self.assertEqual(first["Location"], again["Location"])
        self.client.get(EXPORT.replace("xlsx", "docx"))
        self.assertEqual(Job.objects.active().count(), 2)
        refused = self.client.get(EXPORT.replace("xlsx", "pdf"), follow=True,
                                  headers={"accept-language": "en"})
        self.assertEqual(Job.objects.count(), 2)
        self.assertContains(refused, "You already have 2 files being prepared")
        self.run_worker()
        # Once they are ready, the next one starts.
        self.client.get(EXPORT.replace("xlsx", "pdf"))
        self.assertEqual(Job.objects.active().count(), 1)


class LeaseTests(JobsTestCase):
    def start(self, **kw):
        return job_start(kind="export", owner=self.qms, params={
            "table": "consolidated", "fmt": "xlsx", "filters": {}}, **kw)

    def test_a_job_whose_worker_died_is_run_again_then_marked_failed(self):
        job = self.start(lang="en")
        # A worker claims attempt 1 and dies: its heartbeat stops.
        Job.objects.filter(pk=job.pk).update(
            status="running", attempt=1,
            heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
        DBTaskResult.objects.filter(id=Job.objects.get(pk=job.pk).task_id).update(
            status="RUNNING")
        self.assertEqual(job_recover_stale(), 1)
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempt), ("queued", 1))
        self.assertEqual(job.stage, "A worker stopped; trying again.")
        # The dead attempt's queue entry does not stay "running" for ever.
        self.assertFalse(DBTaskResult.objects.filter(status="RUNNING").exists())
        self.assertEqual(job_recover_stale(), 0)  # handed on once

        # Attempt 2 also dies: there are no attempts left.
        Job.objects.filter(pk=job.pk).update(
            status="running", attempt=2,
            heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
        job_recover_stale()
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertIn("interrupted", job.error)

    def test_the_retry_runs_and_finishes(self):
        job = self.start()
        Job.objects.filter(pk=job.pk).update(
            status="running", attempt=1,
            heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
        job_recover_stale()
        self.run_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempt, job.total), ("done", 2, 12))

    def test_an_attempt_taken_for_dead_cannot_finish_or_write_progress(self):
        job = self.start()
        self.assertEqual(run(str(job.pk), 1), "done")
        self.assertEqual(run(str(job.pk), 1), "skipped")  # a duplicate delivery
        job2 = self.start(lang="ru")
        Job.objects.filter(pk=job2.pk).update(status="running", attempt=2)
        self.assertEqual(run(str(job2.pk), 2), "skipped")  # attempt 2 is someone else's

    def test_a_page_looking_at_a_dead_job_hands_it_on(self):
        job = self.start()
        Job.objects.filter(pk=job.pk).update(
            status="running", attempt=1,
            heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
        self.login(self.qms)
        self.client.get(reverse("jobs:status", kwargs={"pk": job.pk}))
        job.refresh_from_db()
        self.assertEqual(job.status, "queued")

    def test_no_worker_for_hours_is_said_plainly(self):
        job = self.start(lang="en")
        Job.objects.filter(pk=job.pk).update(
            queued_at=timezone.now() - datetime.timedelta(hours=7))
        job_recover_stale()
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertIn("sapat worker", job.error)


class KeepingTests(JobsTestCase):
    def test_expired_downloads_and_their_files_are_deleted(self):
        job = job_start(kind="export", owner=self.qms, params={
            "table": "register", "fmt": "xlsx", "filters": {}})
        self.run_worker()
        job.refresh_from_db()
        name = job.file.name
        self.assertTrue(default_storage.exists(name))
        self.assertTrue(name.startswith(f"downloads/{self.qms.pk}/"))
        self.assertEqual(job_purge(), 0)
        self.assertEqual(job_purge(now=job.expires_at + datetime.timedelta(seconds=1)), 1)
        self.assertFalse(default_storage.exists(name))
        self.assertFalse(Job.objects.exists())

    def test_removed_by_its_owner(self):
        job = job_start(kind="export", owner=self.qms, params={
            "table": "register", "fmt": "xlsx", "filters": {}})
        self.run_worker()
        job.refresh_from_db()
        name = job.file.name
        self.login(self.head)
        self.assertEqual(
            self.client.post(reverse("jobs:remove", kwargs={"pk": job.pk})).status_code, 404)
        self.login(self.qms)
        self.client.post(reverse("jobs:remove", kwargs={"pk": job.pk}))
        self.assertFalse(Job.objects.exists())
        self.assertFalse(default_storage.exists(name))


class WritingJobTests(JobsTestCase):
    def test_a_writing_job_that_fails_leaves_nothing_written(self):
        from sapat.risks.models import Risk

        def half_then_fail(ctx, *, unit):
            Risk.objects.create(unit_id=unit, title="жарым", likelihood=1, consequences=1)
            ctx.progress(1, 2)
            raise JobError("токтоду")

        registry.register(JobKind("test-half", half_then_fail, title=lambda p: "t",
                                  writes=True))
        try:
            before = Risk.objects.count()
            job = job_start(kind="test-half", owner=self.head, params={"unit": self.dep_a1.pk})
            self.run_worker()
            job.refresh_from_db()
            self.assertEqual((job.status, job.error), ("failed", "токтоду"))
            self.assertEqual(Risk.objects.count(), before)
        finally:
            registry._KINDS.pop("test-half")


class LimitTests(JobsTestCase):
    @override_settings(SAPAT_JOBS_PER_PERSON=1)
    def test_limit_counts_heavy_jobs_only_and_speaks_kyrgyz(self):
        job_start(kind="export", owner=self.qms, params={
            "table": "register", "fmt": "xlsx", "filters": {}})
        with translation.override("ky"):
            with self.assertRaises(JobLimitReached) as caught:
                job_start(kind="export", owner=self.qms, params={
                    "table": "register", "fmt": "pdf", "filters": {}})
        self.assertIn("Сизде", " ".join(caught.exception.messages))
        # Light jobs (the digest) and other people are not held back.
        job_start(kind="reminders", owner=self.qms, params={})
        job_start(kind="export", owner=self.head, params={
            "table": "register", "fmt": "pdf", "filters": {}})


@override_settings(SAPAT_IMPORT_JOB_ROWS=2)
class ImportAsJobTests(JobsTestCase):
    def test_a_long_import_is_saved_by_a_worker_once(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from sapat.reports.tests.files import KY_PASSPORT_HEADERS, xlsx_file
        from sapat.risks.models import Risk

        rows = [[i, f"Импорттолгон тобокелдик {i}", 2, 3, "", "Кафедра башчысы",
                 f"Чара {i}"] for i in range(1, 4)]
        self.login(self.head)
        preview = self.client.post(reverse("reports:import"), {
            "kind": "passport", "unit": self.dep_a1.pk,
            "file": SimpleUploadedFile("p.xlsx", xlsx_file(KY_PASSPORT_HEADERS, rows)),
        })
        self.assertContains(preview, 'name="rows" value="3"')
        token = preview.context["token"]
        before = Risk.objects.count()
        started = self.client.post(reverse("reports:import_commit"), {
            "token": token, "kind": "passport", "unit": self.dep_a1.pk, "rows": "3"})
        job = Job.objects.get(kind="import")
        self.assertRedirects(started, reverse("jobs:detail", kwargs={"pk": job.pk}),
                             fetch_redirect_response=False)
        self.assertEqual(Risk.objects.count(), before)  # nothing saved in the request
        self.run_worker()
        job.refresh_from_db()
        self.assertEqual(job.status, "done", job.error)
        self.assertEqual((job.result["created"], job.total), (3, 3))
        self.assertEqual(Risk.objects.count(), before + 3)
        page = self.client.get(reverse("jobs:detail", kwargs={"pk": job.pk}))
        self.assertContains(page, job.result["message"])
        # A second delivery of the same task (a queue may deliver twice) writes nothing.
        self.assertEqual(run(str(job.pk), 1), "skipped")
        self.assertEqual(Risk.objects.count(), before + 3)
