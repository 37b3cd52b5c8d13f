"""The review endpoints ask the screens' questions."""
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from sapat.reviews import services
from sapat.reviews.models import AnnualReport, ManagementReview, ReviewOutput

from .base import ReviewTestCase


class ReviewApiTests(ReviewTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        review = services.review_create(university=cls.university, year=cls.this_year,
                                        by=cls.qms)
        cls.review = services.review_hold(review=review, by=cls.rector,
                                          held_on=timezone.localdate(),
                                          expected_version=review.version)
        cls.output = services.output_add(review=cls.review, by=cls.rector, kind="change",
                                         text="Өзгөртүү", unit=cls.dep_a1, due_date=None)

    def client_for(self, person):
        client = APIClient()
        client.force_authenticate(person)
        return client

    def test_the_rector_reads_the_frozen_inputs(self):
        data = self.client_for(self.rector).get(
            f"/api/v1/management-reviews/{self.review.pk}/").json()
        self.assertEqual(data["snapshot_sha256"], self.review.snapshot_sha256)
        self.assertEqual([s["key"] for s in data["inputs"]][:3], ["a", "b", "c1"])

    def test_a_head_sees_no_reviews_but_their_units_outputs(self):
        client = self.client_for(self.head)
        self.assertEqual(client.get("/api/v1/management-reviews/").json()["count"], 0)
        self.assertEqual(client.get("/api/v1/annual-qms-reports/").json()["count"], 0)
        self.assertEqual(client.get("/api/v1/review-outputs/").json()["count"], 1)
        self.assertEqual(self.client_for(self.head2).get(
            f"/api/v1/review-outputs/{self.output.pk}/").status_code, 404)

    def test_the_head_completes_the_output(self):
        response = self.client_for(self.head).post(
            f"/api/v1/review-outputs/{self.output.pk}/complete/",
            {"version": self.output.version, "result": "Аткарылды"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "done")
        response = self.client_for(self.staff).post(
            f"/api/v1/review-outputs/{self.output.pk}/complete/",
            {"version": self.output.version + 1}, format="json")
        self.assertEqual(response.status_code, 403)


class ReviewApiWriteTests(ReviewTestCase):
    """Opening, holding, recording outputs and the annual report through the API: the
    screens' services and questions, the same refusals."""

    def client_for(self, person, language="ky"):
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        client.force_authenticate(person)
        return client

    def open_review(self):
        response = self.client_for(self.qms).post(
            "/api/v1/management-reviews/",
            {"year": self.this_year.start.year, "planned_on": str(self.this_year.end)},
            format="json")
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()

    def test_the_qms_office_opens_a_review_for_the_year(self):
        data = self.open_review()
        self.assertEqual(data["state"], "preparation")
        self.assertEqual(data["period_start"], str(self.this_year.start))
        self.assertEqual(data["period_end"], str(self.this_year.end))
        review = ManagementReview.objects.get(pk=data["id"])
        self.assertEqual((review.university, review.created_by), (self.university, self.qms))
        self.assertEqual(review.history.count(), 1)

    def test_others_may_not_open_reviews(self):
        for person in (self.rector, self.head, self.staff, self.council, self.outsider):
            response = self.client_for(person).post("/api/v1/management-reviews/", {},
                                                    format="json")
            self.assertEqual(response.status_code, 403, person)
        self.assertFalse(ManagementReview.objects.exists())

    def test_a_bad_period_is_400_in_the_callers_language(self):
        body = {"period_start": str(self.this_year.end), "period_end": str(self.this_year.start)}
        for language in ("ru", "ky"):
            with translation.override(language):
                expected = gettext("The period must end after it starts.")
            response = self.client_for(self.qms, language).post(
                "/api/v1/management-reviews/", body, format="json")
            self.assertEqual(response.status_code, 400, response.content)
            self.assertEqual(response.json()["errors"]["period_end"], [expected])
        response = self.client_for(self.qms, "ru").post(
            "/api/v1/management-reviews/", {"year": 1950}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("year", response.json()["errors"])

    def test_the_rector_holds_the_review_and_no_one_else(self):
        data = self.open_review()
        url = f"/api/v1/management-reviews/{data['id']}/hold/"
        body = {"version": data["version"], "held_on": str(timezone.localdate()),
                "minutes": "Талкууланды"}
        for person in (self.qms, self.council, self.head):
            response = self.client_for(person).post(url, body, format="json")
            self.assertEqual(response.status_code, 403 if person != self.head else 404,
                             person)
        response = self.client_for(self.rector).post(url, body, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        held = response.json()
        self.assertEqual((held["state"], held["chair"]), ("held", str(self.rector)))
        self.assertEqual(len(held["snapshot_sha256"]), 64)
        self.assertEqual([s["key"] for s in held["inputs"]][:2], ["a", "b"])
        # Held already: a 400 that says so, and a stale version is a 409.
        response = self.client_for(self.rector).post(
            url, {**body, "version": held["version"]}, format="json")
        self.assertEqual(response.status_code, 400)
        review = ManagementReview.objects.get(pk=data["id"])
        self.assertEqual(review.snapshot_sha256, held["snapshot_sha256"])

    def test_a_stale_hold_is_409(self):
        data = self.open_review()
        review = ManagementReview.objects.get(pk=data["id"])
        services.review_update_minutes(review=review, by=self.qms,
                                       expected_version=review.version, attendees="…",
                                       minutes="")
        response = self.client_for(self.rector).post(
            f"/api/v1/management-reviews/{data['id']}/hold/",
            {"version": data["version"], "held_on": str(timezone.localdate())}, format="json")
        self.assertEqual(response.status_code, 409, response.content)
        self.assertEqual(response.json()["current"]["version"], data["version"] + 1)

    def test_the_rector_records_an_output_of_a_held_review(self):
        data = self.open_review()
        url = f"/api/v1/management-reviews/{data['id']}/outputs/"
        body = {"kind": "resource", "text": "Лаборатория жабдуу", "text_ru": "Оснастить "
                "лабораторию", "unit": self.dep_a1.code, "responsible_people": ["head"],
                "due_date": str(self.this_year.end)}
        response = self.client_for(self.rector, "ru").post(url, body, format="json")
        self.assertEqual(response.status_code, 400)  # not held yet
        review = ManagementReview.objects.get(pk=data["id"])
        services.review_hold(review=review, by=self.rector, held_on=timezone.localdate(),
                             expected_version=review.version)
        self.assertEqual(self.client_for(self.council).post(url, body, format="json")
                         .status_code, 403)
        response = self.client_for(self.rector).post(
            url, {**body, "unit": self.other_dep.code}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("unit", response.json()["errors"])
        response = self.client_for(self.rector).post(url, body, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        output = response.json()
        self.assertEqual((output["number"], output["kind"], output["unit"], output["status"]),
                         (1, "resource", "dep-a1", "planned"))
        self.assertEqual(output["responsible_people"], ["head"])
        self.assertEqual(ReviewOutput.objects.get(pk=output["id"]).text_ru,
                         "Оснастить лабораторию")
        # The head it is assigned to sees it.
        self.assertEqual(self.client_for(self.head).get(
            f"/api/v1/review-outputs/{output['id']}/").status_code, 200)

    def test_the_annual_report_is_generated_and_edited(self):
        url = "/api/v1/annual-qms-reports/"
        for person in (self.rector, self.council, self.head):
            self.assertEqual(self.client_for(person).post(url, {}, format="json").status_code,
                             403)
        response = self.client_for(self.qms).post(url, {}, format="json")  # the current year
        self.assertEqual(response.status_code, 201, response.content)
        report = response.json()
        self.assertEqual(report["year"], str(self.this_year))
        self.assertIsNotNone(report["generated_at"])
        detail = f"{url}{report['id']}/"
        self.assertEqual(self.client_for(self.rector).patch(
            detail, {"version": report["version"], "texts": {"a": "…"}}, format="json")
            .status_code, 403)
        response = self.client_for(self.qms).patch(
            detail, {"version": report["version"], "texts": {"summary": "Жыйынтык",
                                                             "c3": "KPI аткарылды"}},
            format="json")
        self.assertEqual(response.status_code, 200, response.content)
        edited = response.json()
        self.assertEqual(edited["texts"], {"summary": "Жыйынтык", "c3": "KPI аткарылды"})
        self.assertEqual(edited["version"], report["version"] + 1)
        # Only the keys sent change; an empty text removes one.
        response = self.client_for(self.qms).patch(
            detail, {"version": edited["version"], "texts": {"c3": ""}}, format="json")
        self.assertEqual(response.json()["texts"], {"summary": "Жыйынтык"})
        # A stale version: 409 with the report as it is now, nothing overwritten.
        response = self.client_for(self.qms).patch(
            detail, {"version": report["version"], "texts": {"summary": "Эски"}},
            format="json")
        self.assertEqual(response.status_code, 409, response.content)
        self.assertEqual(response.json()["code"], "stale")
        self.assertEqual(response.json()["current"]["texts"], {"summary": "Жыйынтык"})
        self.assertEqual(AnnualReport.objects.get(pk=report["id"]).texts,
                         {"summary": "Жыйынтык"})
        # An unknown section is a 400; PUT is not offered.
        current = AnnualReport.objects.get(pk=report["id"]).version
        response = self.client_for(self.qms).patch(
            detail, {"version": current, "texts": {"zz": "…"}}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.client_for(self.qms).put(detail, {}, format="json").status_code,
                         405)
        # Generating again keeps the texts (200: it existed).
        response = self.client_for(self.qms).post(
            url, {"year": self.this_year.start.year}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["texts"], {"summary": "Жыйынтык"})
