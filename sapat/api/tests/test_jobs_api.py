"""Exports through the API run as background jobs, under the same per-person limit as
the screens: the third heavy job of a person is refused with 429 and the reason in the
request's language; the job and its file are its owner's alone."""
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from sapat.jobs.models import Job
from sapat.jobs.tests.base import JobsTestCase

from .base import ApiTestCase

LIMIT = ("You already have %(count)s file being prepared. Wait until it is ready (see "
         "“My downloads”), then start the next one.",
         "You already have %(count)s files being prepared. Wait until one of them is "
         "ready (see “My downloads”), then start the next one.")


def limit_message(lang: str, count: int) -> str:
    with translation.override(lang):
        return ngettext(*LIMIT, count) % {"count": count}


@override_settings(SAPAT_JOBS_PER_PERSON=2)
class ExportLimitTests(ApiTestCase):
    def export(self, fmt, lang="ky", **body):
        return self.client.post("/api/v1/exports/", {"table": "register", "format": fmt,
                                                     **body},
                                format="json", headers={"accept-language": lang})

    def test_the_third_heavy_job_is_refused_with_429_in_the_persons_language(self):
        self.as_token(self.council)  # the read-only council account of the report
        for fmt in ("pdf", "docx"):
            answer = self.export(fmt)
            self.assertEqual(answer.status_code, 202, answer.content)
            self.assertEqual(answer.json()["status"], "queued")
            self.assertEqual(answer["Location"], f"/api/v1/jobs/{answer.json()['id']}/")
        for lang in ("ky", "ru", "en"):
            with self.subTest(lang=lang):
                answer = self.export("xlsx", lang=lang)
                self.assertEqual(answer.status_code, 429)
                self.assertEqual(answer.json(), {"detail": limit_message(lang, 2),
                                                 "code": "job_limit"})
        self.assertNotEqual(limit_message("ky", 2), limit_message("en", 2))
        self.assertNotEqual(limit_message("ru", 2), limit_message("en", 2))
        self.assertEqual(Job.objects.filter(owner=self.council).count(), 2)
        # The same export asked again finds the first job; another person is not held back.
        self.assertEqual(self.export("pdf").status_code, 202)
        self.as_token(self.head)
        self.assertEqual(self.export("pdf").status_code, 202)

    def test_a_bad_table_or_format_is_400_with_nothing_queued(self):
        self.as_token(self.qms)
        for body in ({"table": "nothing"}, {"format": "exe"}, {"filters": {"unit": "dep-it"}}):
            answer = self.export("pdf", **body)
            self.assertEqual((answer.status_code, answer.json()["code"]), (400, "invalid"))
        self.assertFalse(Job.objects.exists())

    def test_a_person_without_a_role_may_not_export(self):
        self.as_token(self.outsider)
        self.assertEqual(self.export("pdf").status_code, 403)
        self.assertFalse(Job.objects.exists())

    def test_a_job_is_its_owners_alone(self):
        self.as_token(self.qms)
        job_id = self.export("pdf").json()["id"]
        self.assertEqual(self.client.get(f"/api/v1/jobs/{job_id}/").status_code, 200)
        self.assertEqual([j["id"] for j in self.client.get("/api/v1/jobs/").json()["results"]],
                         [job_id])
        self.as_token(self.head)
        self.assertEqual(self.client.get(f"/api/v1/jobs/{job_id}/").status_code, 404)
        self.assertEqual(self.client.get(f"/api/v1/jobs/{job_id}/download/").status_code, 404)
        self.assertEqual(self.client.get("/api/v1/jobs/").json()["results"], [])


@override_settings(SAPAT_JOBS_PER_PERSON=1, SAPAT_EXPORT_JOB_ROWS=-1)
class ScreenLimitTests(ApiTestCase):
    def test_the_screen_says_why_in_kyrgyz_and_russian(self):
        self.login(self.qms)
        url = reverse("reports:export", kwargs={"table": "register", "fmt": "pdf"})
        self.client.get(url + "?lang=ky")
        self.assertEqual(Job.objects.count(), 1)
        for lang in ("ky", "ru"):
            with self.subTest(lang=lang):
                self.client.cookies["sapat_language"] = lang
                page = self.client.get(url.replace("pdf", "xlsx"), follow=True)
                self.assertEqual(page.status_code, 200)
                self.assertContains(page, limit_message(lang, 1))
        self.assertEqual(Job.objects.count(), 1)


class ExportThroughTheApiTests(JobsTestCase):
    def test_an_export_queued_through_the_api_is_made_and_downloaded(self):
        from rest_framework.test import APIClient

        from sapat.api.tokens import token_create

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(person=self.qms, name='t')[1]}")
        answer = client.post("/api/v1/exports/", {"table": "consolidated", "format": "xlsx"},
                             format="json")
        self.assertEqual(answer.status_code, 202, answer.content)
        self.run_worker()
        job = client.get(answer["Location"]).json()
        self.assertEqual((job["status"], job["percent"]), ("done", 100), job)
        file = client.get(job["download"])
        self.assertEqual(file.status_code, 200)
        self.assertTrue(b"".join(file.streaming_content).startswith(b"PK"))
