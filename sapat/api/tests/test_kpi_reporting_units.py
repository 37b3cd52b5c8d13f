"""A KPI's reporting units through the API (issue 12: a KPI is due only from them)."""
from sapat.api.tests.base import ApiTestCase
from sapat.processes.models import Indicator
from sapat.processes.tests.factories import make_indicator, make_process


class ReportingUnitsApiTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.kpi = make_indicator(make_process(self.university), self.university)

    def test_the_qms_office_sets_the_units_a_kpi_is_due_from(self):
        self.as_token(self.qms)
        url = f"/api/v1/indicators/{self.kpi.pk}/"
        body = self.client.get(url).json()
        self.assertEqual(body["reporting_units"], [])
        response = self.client.patch(url, {"version": body["version"],
                                           "reporting_units": ["dep-a1", "dep-b1"]},
                                     format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(sorted(response.json()["reporting_units"]), ["dep-a1", "dep-b1"])
        self.assertEqual(
            sorted(Indicator.objects.get().reporting_units.values_list("code", flat=True)),
            ["dep-a1", "dep-b1"])

    def test_a_unit_outside_the_owner_unit_is_refused(self):
        kpi = make_indicator(self.kpi.process, self.inst_a, code="inst")
        self.as_token(self.qms)
        url = f"/api/v1/indicators/{kpi.pk}/"
        response = self.client.patch(url, {"version": 1, "reporting_units": ["dep-b1"]},
                                     format="json")
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("reporting_units", response.json()["errors"])
