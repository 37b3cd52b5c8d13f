"""The integrated table through the API: the screen's rows and filters, the caller's scope."""
from sapat.processes.models import Process
from sapat.risks.models import Risk

from .base import ApiTestCase


class IntegratedApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.process = Process.objects.create(code="education", name="Окуу",
                                             unit=cls.university, goal="Сапаттуу билим")
        Risk.objects.create(unit=cls.dep_a1, process=cls.process, title="Жогорку риск",
                            likelihood=4, consequences=5)
        Risk.objects.create(unit=cls.dep_a1, process=cls.process, title="Төмөн риск",
                            likelihood=1, consequences=2)
        Risk.objects.create(unit=cls.dep_b1, process=cls.process, title="Б риски",
                            likelihood=5, consequences=5)

    def test_anonymous_gets_401(self):
        self.assertEqual(self.client.get("/api/v1/integrated/").status_code, 401)

    def test_head_sees_own_risks_with_the_nine_columns_and_filters_by_band(self):
        self.as_token(self.head)
        rows = self.client.get("/api/v1/integrated/").json()["results"]
        self.assertEqual({r["record_id"] for r in rows if r["kind"] == "risk"},
                         set(Risk.objects.filter(unit=self.dep_a1).values_list("pk", flat=True)))
        high = self.client.get("/api/v1/integrated/?band=high").json()["results"]
        self.assertEqual(len(high), 1)
        self.assertIn("Жогорку риск", high[0]["cells"]["item"])
        row = high[0]
        self.assertEqual(row["kind"], "risk")
        self.assertEqual(row["band"], "high")
        self.assertEqual(row["process"], "education")
        self.assertEqual(row["cells"]["goal"] is not None, True)
        self.assertEqual(set(row["cells"]), {"item", "goal", "inputs_outputs", "indicators",
                                             "likelihood", "consequences", "responsible",
                                             "measures", "mark"})

    def test_qms_office_filters_by_unit_subtree(self):
        self.as_token(self.qms)
        rows = self.client.get("/api/v1/integrated/?unit=inst-b").json()["results"]
        self.assertEqual(len(rows), 1)
        self.assertIn("Б риски", rows[0]["cells"]["item"])
        self.assertEqual(rows[0]["unit"], "dep-b1")
