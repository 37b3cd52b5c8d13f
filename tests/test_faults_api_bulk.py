"""An API bulk creation refused by the database half-way saves nothing and names the item."""
from django.db import connection

from sapat.api.tests.base import ApiTestCase
from sapat.risks.models import Risk

from .faults import AllOrNothingMixin, WriteFault, changed_tables, snapshot


class BulkRefused(Exception):
    def __init__(self, response):
        super().__init__(response.status_code)
        self.response = response


def risk(title, **extra):
    return {"unit": "dep-a1", "title": title, "likelihood": 3, "consequences": 4,
            "responsible_text": "Кафедра башчысы", **extra}


ITEMS = [risk("Биринчи тобокелдик"), risk("Экинчи тобокелдик", cause="Себеп"),
         risk("Үчүнчү тобокелдик", residual_score=6)]


class BulkFaultTests(AllOrNothingMixin, ApiTestCase):
    def setUp(self):
        super().setUp()
        # Signed in without a token: a token's "last used" write is not the bulk's.
        self.client.force_authenticate(self.head)

    def bulk(self):
        response = self.client.post("/api/v1/risks/bulk/", ITEMS, format="json",
                                    HTTP_ACCEPT_LANGUAGE="en")
        if response.status_code != 201:
            raise BulkRefused(response)
        return response

    def names_one_item(self, exc):
        response = exc.response
        self.assertEqual(response.status_code, 400, response.content)
        body = response.json()
        self.assertEqual(body["code"], "invalid")
        refused = [i for i, e in enumerate(body["errors"]) if e]
        self.assertEqual(len(refused), 1, body)
        self.assertIn("The database refused this record",
                      body["errors"][refused[0]]["non_field_errors"][0])

    def test_refused_at_any_write_saves_no_item(self):
        writes = self.assert_all_or_nothing(self.bulk, expected=BulkRefused,
                                            check=self.names_one_item)
        self.assertGreaterEqual(writes, 9)  # per risk: the risk, its history, its assessment

    def test_the_item_refused_is_the_one_named(self):
        before = snapshot()
        # Writes 1–3 are the first risk (risk, history, assessment); 4 is the second risk.
        fault = WriteFault(fail_at=4)
        with connection.execute_wrapper(fault):
            response = self.client.post("/api/v1/risks/bulk/", ITEMS, format="json")
        self.assertTrue(fault.refused_sql.startswith(f'INSERT INTO "{Risk._meta.db_table}"'),
                        fault.refused_sql)
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        self.assertEqual((errors[0], errors[2]), ({}, {}))
        self.assertIn("non_field_errors", errors[1])
        self.assertEqual(changed_tables(before, snapshot()), {})

    def test_the_same_request_creates_every_item_when_nothing_fails(self):
        self.assertEqual(len(self.bulk().json()), 3)
        self.assertEqual(Risk.objects.count(), 3)
