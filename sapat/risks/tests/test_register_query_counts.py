"""The registers and the heat map cost the same number of queries at 10 and 1,000 risks."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sapat.org.models import Position
from sapat.test import SapatTestCase

from .registers_fixtures import bulk_risks, make_opportunity


class QueryCountTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        position = Position.objects.create(code="p", name="Проректор", unit=cls.rectorate,
                                           holder=cls.director)
        for risk in bulk_risks(cls.dep_a1, 10, escalated=True):
            risk.responsible_positions.add(position)
        make_opportunity(cls.dep_a2, "Opportunity")

    def queries(self, url, params=None):
        self.login(self.qms)
        self.client.get(url, params)  # warm the session and the language
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def assert_same_at_10_and_1000(self, name, params=None):
        url = reverse(name)
        small = self.queries(url, params)
        bulk_risks(self.dep_a2, 990, escalated=True, start=100)
        large = self.queries(url, params)
        self.assertEqual(small, large, f"{name}: {small} queries at 10 risks, {large} at 1000")
        return small

    def test_university_register(self):
        self.assert_same_at_10_and_1000("risks:register")

    def test_consolidated_register(self):
        self.assert_same_at_10_and_1000("risks:consolidated")

    def test_consolidated_register_sorted_and_filtered(self):
        self.assert_same_at_10_and_1000(
            "risks:consolidated",
            {"sort": "-level", "band": "high", "overdue": "on", "unit": "inst-a",
             "responsible": f"person-{self.director.pk}"},
        )

    def test_heat_map(self):
        self.assert_same_at_10_and_1000("risks:heatmap", {"unit": "inst-a"})
