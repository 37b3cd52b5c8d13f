"""Validation errors as JSON naming the field, in the request's language; 409 when stale."""
from sapat.risks.models import Risk

from .base import ApiTestCase


class ErrorTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.risk = Risk.objects.create(unit=cls.dep_a1, title="Риск", likelihood=2,
                                       consequences=3)

    def test_out_of_range_score_is_named_in_structured_json(self):
        self.as_token(self.head)
        response = self.client.post("/api/v1/risks/", {
            "unit": "dep-a1", "title": "Жаңы", "likelihood": 7, "consequences": 2,
        }, format="json")
        self.assertEqual(response.status_code, 400)
        body = response.json()
        self.assertEqual(body["code"], "invalid")
        self.assertIn("likelihood", body["errors"])
        self.assertNotIn("consequences", body["errors"])

    def test_errors_come_in_the_language_of_accept_language(self):
        self.as_token(self.head)
        body = {"unit": "dep-a1", "likelihood": 2, "consequences": 2}
        messages = {}
        for language in ("en", "ru"):
            response = self.client.post("/api/v1/risks/", body, format="json",
                                        HTTP_ACCEPT_LANGUAGE=language)
            self.assertEqual(response.status_code, 400)
            self.assertEqual(response["Content-Language"], language)
            messages[language] = response.json()["errors"]["title"][0]
        self.assertEqual(messages["en"], "This field is required.")
        self.assertNotEqual(messages["ru"], messages["en"])

    def test_model_rules_come_back_as_field_errors(self):
        # Residual above inherent: the model's clean() rule, reported on its field.
        self.as_token(self.head)
        response = self.client.post("/api/v1/risks/", {
            "unit": "dep-a1", "title": "Жаңы", "likelihood": 2, "consequences": 2,
            "residual_score": 10,
        }, format="json", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        self.assertIn("residual_score", response.json()["errors"])
        self.assertFalse(Risk.objects.filter(title="Жаңы").exists())

    def test_level_and_band_sent_by_a_client_are_ignored(self):
        self.as_token(self.head)
        response = self.client.post("/api/v1/risks/", {
            "unit": "dep-a1", "title": "Жаңы", "likelihood": 4, "consequences": 5,
            "level": 1, "band": "low",
        }, format="json")
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["level"], 20)
        self.assertEqual(response.json()["band"], "high")

    def test_update_without_version_is_refused(self):
        self.as_token(self.head)
        response = self.client.patch(f"/api/v1/risks/{self.risk.pk}/", {"cause": "x"},
                                     format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("version", response.json()["errors"])


class OptimisticLockingTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.risk = Risk.objects.create(unit=cls.dep_a1, title="Риск", likelihood=2,
                                       consequences=3)

    def test_stale_version_gets_409_with_the_current_record_and_writes_nothing(self):
        self.as_token(self.head)
        url = f"/api/v1/risks/{self.risk.pk}/"
        loaded = self.client.get(url).json()
        first = self.client.patch(url, {"version": loaded["version"], "likelihood": 4},
                                  format="json")
        self.assertEqual(first.status_code, 200)
        self.assertEqual(first.json()["version"], loaded["version"] + 1)
        second = self.client.patch(url, {"version": loaded["version"], "cause": "менин"},
                                   format="json")
        self.assertEqual(second.status_code, 409)
        body = second.json()
        self.assertEqual(body["code"], "stale")
        self.assertEqual(body["current"]["likelihood"], 4)
        self.assertEqual(body["current"]["version"], loaded["version"] + 1)
        self.risk.refresh_from_db()
        self.assertEqual(self.risk.cause, "")

    def test_change_of_scores_is_kept_as_a_reassessment(self):
        self.as_token(self.head)
        url = f"/api/v1/risks/{self.risk.pk}/"
        self.client.patch(url, {"version": 1, "likelihood": 5, "reason": "Жаңы маалымат"},
                          format="json")
        history = self.client.get(f"/api/v1/assessments/?risk={self.risk.pk}").json()
        self.assertEqual(history["results"][-1]["new_level"], 15)
        self.assertEqual(history["results"][-1]["reason"], "Жаңы маалымат")
