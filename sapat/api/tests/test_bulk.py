"""Bulk creation of risks in one request: all or nothing."""
from sapat.risks.models import Risk

from .base import ApiTestCase


def risk(title, **extra):
    return {"unit": "dep-a1", "title": title, "likelihood": 3, "consequences": 3, **extra}


class BulkRiskTests(ApiTestCase):
    def test_head_creates_many_risks_in_one_request(self):
        self.as_token(self.head)
        response = self.client.post("/api/v1/risks/bulk/",
                                    [risk(f"Риск {i}") for i in range(5)], format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(len(response.json()), 5)
        self.assertEqual(Risk.objects.count(), 5)

    def test_one_bad_item_saves_nothing_and_names_the_item_and_field(self):
        self.as_token(self.head)
        items = [risk("Биринчи"), risk("Экинчи", likelihood=9), risk("Үчүнчү")]
        response = self.client.post("/api/v1/risks/bulk/", items, format="json")
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        self.assertEqual(errors[0], {})
        self.assertIn("likelihood", errors[1])
        self.assertEqual(Risk.objects.count(), 0)

    def test_a_model_rule_failing_late_rolls_back_the_items_before_it(self):
        self.as_token(self.head)
        items = [risk("Биринчи"), risk("Экинчи", residual_score=20)]
        response = self.client.post("/api/v1/risks/bulk/", items, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("residual_score", response.json()["errors"][1])
        self.assertEqual(Risk.objects.count(), 0)

    def test_unit_out_of_reach_fails_the_whole_request(self):
        self.as_token(self.head)
        items = [risk("Биринчи"), risk("Башка", unit="dep-b1")]
        response = self.client.post("/api/v1/risks/bulk/", items, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("unit", response.json()["errors"][1])
        self.assertEqual(Risk.objects.count(), 0)

    def test_read_only_role_cannot_bulk_create(self):
        self.as_token(self.staff)
        response = self.client.post("/api/v1/risks/bulk/", [risk("x")], format="json")
        self.assertEqual(response.status_code, 403)

    def test_not_a_list_is_a_clear_error(self):
        self.as_token(self.head)
        response = self.client.post("/api/v1/risks/bulk/", risk("x"), format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("non_field_errors", response.json()["errors"])


class BulkOddInputTests(ApiTestCase):
    def test_an_item_that_is_not_an_object_is_named_not_a_server_error(self):
        self.as_token(self.head)
        for url in ("/api/v1/risks/bulk/", "/api/v1/measurements/bulk/"):
            with self.subTest(url=url):
                response = self.client.post(url, [None, 3], format="json")
                self.assertEqual(response.status_code, 400)
                errors = response.json()["errors"]
                self.assertEqual(len(errors), 2)
                self.assertIn("non_field_errors", errors[0])

    def test_a_body_that_is_not_json_is_a_parse_error_with_its_code(self):
        self.as_token(self.head)
        response = self.client.post("/api/v1/risks/bulk/", b"\xbe\xdf",
                                    content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["code"], "parse_error")
