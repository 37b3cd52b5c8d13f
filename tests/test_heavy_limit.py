"""Heavy work done in the request counts against the same per-person limit as heavy jobs
(SAPAT_JOBS_PER_PERSON, issue 11): the HR import's preview and save (screen and API), a
register import's preview and in-request save, the KPI values import, a PDF or Word export
small enough to be built in the request.
A person at the limit is told so (in their language) and nothing is read or built; while
one of these runs, a heavy job is refused too; once it ends, the place is free."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from sapat.jobs.models import Job
from sapat.jobs.services import JobLimitReached, heavy_work, job_start
from sapat.org.models import Person
from sapat.org.tests.hr_files import PEOPLE_RU, workbook
from sapat.reports.tests.files import KY_PASSPORT_HEADERS, xlsx_file
from sapat.test import SapatTestCase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIMIT_RU = "долг"  # "long operation(s)": work in the request, not only files


def hr_file() -> SimpleUploadedFile:
    content = workbook(Сотрудники=[PEOPLE_RU, ["501", "Асан Үсөнов", "asan@jasu.kg",
                                               "dep-a1", ""]])
    return SimpleUploadedFile("hr.xlsx", content, XLSX)


@override_settings(SAPAT_JOBS_PER_PERSON=1)
class HeavyWorkLimitTests(SapatTestCase):
    def busy(self, person):
        """One heavy job waiting for `person` (no worker runs in these tests)."""
        return Job.objects.create(kind="export", owner=person, heavy=True,
                                  params={"table": "register", "fmt": "pdf"})

    def test_the_hr_import_preview_and_save_wait_for_the_persons_jobs(self):
        self.client.force_login(self.qms)
        preview = self.client.post("/org/import/", {"files": hr_file()},
                                   HTTP_ACCEPT_LANGUAGE="ru")
        token = preview.context["token"]
        self.assertTrue(token)
        job = self.busy(self.qms)
        refused = self.client.post("/org/import/", {"files": hr_file()},
                                   HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(refused.status_code, 200)
        self.assertIsNone(refused.context["plan"])  # the file was not read
        self.assertContains(refused, LIMIT_RU)
        saved = self.client.post("/org/import/save/", {"token": token},
                                 HTTP_ACCEPT_LANGUAGE="ru", follow=True)
        self.assertContains(saved, LIMIT_RU)
        self.assertFalse(Person.objects.filter(email="asan@jasu.kg").exists())
        # The job done, the same stashed file is saved.
        Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
        response = self.client.post("/org/import/save/", {"token": token})
        self.assertRedirects(response, "/org/import/done/")
        self.assertTrue(Person.objects.filter(email="asan@jasu.kg").exists())

    def test_a_heavy_job_waits_while_an_hr_import_runs(self):
        with heavy_work(self.qms):
            with translation.override("ky"), self.assertRaises(JobLimitReached):
                job_start(kind="export", owner=self.qms, params={
                    "table": "register", "fmt": "pdf", "filters": {}})
            # A second request of the same person (another tab) is refused too.
            self.client.force_login(self.qms)
            refused = self.client.post("/org/import/", {"files": hr_file()},
                                       HTTP_ACCEPT_LANGUAGE="ru")
            self.assertContains(refused, LIMIT_RU)
            # Someone else is not held back.
            job_start(kind="export", owner=self.head, params={
                "table": "register", "fmt": "pdf", "filters": {}})
        # Released when the work ends, even by an error.
        with self.assertRaises(ZeroDivisionError), heavy_work(self.qms):
            1 / 0  # noqa: B018
        job_start(kind="export", owner=self.qms, params={
            "table": "register", "fmt": "pdf", "filters": {}})

    def test_a_register_import_and_a_pdf_export_wait_too(self):
        self.busy(self.head)
        self.client.force_login(self.head)
        rows = [[1, "Импорттолгон тобокелдик", 2, 3, "", "Кафедра башчысы", "Чара"]]
        preview = self.client.post("/reports/import/", {
            "kind": "passport", "unit": self.dep_a1.pk,
            "file": SimpleUploadedFile("p.xlsx", xlsx_file(KY_PASSPORT_HEADERS, rows)),
        }, HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(preview.status_code, 200)
        self.assertIsNone(preview.context["plan"])
        self.assertContains(preview, LIMIT_RU)
        export = self.client.get("/reports/export/register.pdf?lang=ru",
                                 HTTP_ACCEPT_LANGUAGE="ru")
        self.assertRedirects(export, "/jobs/", fetch_redirect_response=False)
        # A spreadsheet is light: built at once.
        xlsx = self.client.get("/reports/export/register.xlsx?lang=ru")
        self.assertEqual(xlsx.status_code, 200)

    def test_the_hr_import_api_and_the_kpi_import_wait_too(self):
        from rest_framework.test import APIClient

        from sapat.api.tokens import token_create

        self.busy(self.qms)
        _token, key = token_create(person=self.qms, name="limit")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        answer = api.post("/api/v1/org/import/", {"file": [hr_file()]}, format="multipart",
                          HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(answer.status_code, 429, answer.content[:300])
        self.assertEqual(answer.json()["code"], "job_limit")
        self.assertFalse(Person.objects.filter(email="asan@jasu.kg").exists())
        self.client.force_login(self.qms)
        kpis = self.client.post("/processes/kpis/import/", {
            "file": SimpleUploadedFile("kpi.xlsx", xlsx_file(["a"], [["1"]]), XLSX)},
            HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(kpis.status_code, 200)
        self.assertContains(kpis, LIMIT_RU)


@override_settings(SAPAT_JOBS_PER_PERSON=2)
class HeavyWorkCountTests(SapatTestCase):
    def test_a_job_and_a_place_held_in_any_slot_fill_a_limit_of_two(self):
        """Whichever slot the running operation holds, a job plus it is the limit."""
        from django.core.cache import cache

        cache.add(f"sapat:heavy:{self.qms.pk}:1", 1, 60)  # another request holds slot 1
        self.addCleanup(cache.delete, f"sapat:heavy:{self.qms.pk}:1")
        Job.objects.create(kind="export", owner=self.qms, heavy=True,
                           params={"table": "register", "fmt": "pdf"})
        with self.assertRaises(JobLimitReached), heavy_work(self.qms):
            pass
