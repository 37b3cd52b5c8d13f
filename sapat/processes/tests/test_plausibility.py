"""A value far from the KPI's history must be confirmed, on the form and in the API
(issue 12): one rule, `sapat.processes.plausibility`."""
from decimal import Decimal

from django.urls import reverse

from sapat.api.tests.base import ApiTestCase
from sapat.processes import plausibility
from sapat.processes.models import Measurement

from .factories import make_indicator, make_process, make_years


class PlausibilityTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.process = make_process(self.university)
        self.kpi = make_indicator(self.process, self.university)  # per cent, target 75
        self.periods = make_years(first=2020, count=5)
        for period, value in zip(self.periods[:3], ("71", "74", "78"), strict=True):
            Measurement.objects.create(indicator=self.kpi, period=period, unit=self.dep_a1,
                                       value=Decimal(value))
        self.period = self.periods[3]
        self.url = reverse("processes:kpi", args=[self.kpi.pk])

    def test_the_rule(self):
        def flagged(value, unit=None):
            return plausibility.unusual(self.kpi, unit or self.dep_a1, self.period,
                                        Decimal(value)) is not None

        # Range 71–78 (spread 7.8, a tenth of 78, is larger than 7): 47.6 … 101.4.
        self.assertEqual([flagged(v) for v in ("55", "79.5", "99", "47", "102", "7.95")],
                         [False, False, False, True, True, True])
        # Another department with no values of its own is compared with the KPI's.
        self.assertTrue(flagged("5", self.dep_a2))
        # Fewer than two values: nothing to compare with.
        other = make_indicator(self.process, self.university, code="new")
        self.assertIsNone(plausibility.unusual(other, self.dep_a1, self.period, Decimal("1")))
        found = plausibility.unusual(self.kpi, self.dep_a1, self.period, Decimal("7.95"))
        self.assertEqual(found.previous, [Decimal("71"), Decimal("74"), Decimal("78")])

    def post(self, value, **extra):
        return self.client.post(self.url, {
            "period": self.period.pk, "unit": self.dep_a1.pk, "value": value, "comment": "",
            "seen_version": 0, **extra}, format="multipart")

    def test_the_form_asks_to_confirm_and_saves_when_ticked(self):
        self.client.cookies["sapat_language"] = "ru"
        self.client.force_login(self.head)
        response = self.post("7,95")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "далеко от предыдущих (71; 74; 78)")
        self.assertContains(response, 'type="checkbox" name="confirm_unusual"')
        self.assertFalse(Measurement.objects.filter(period=self.period).exists())
        response = self.post("7,95", confirm_unusual="on")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Measurement.objects.get(period=self.period).value, Decimal("7.95"))

    def test_a_percentage_above_100_is_refused_even_when_confirmed(self):
        self.client.force_login(self.head)
        response = self.post("795", confirm_unusual="on")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Measurement.objects.filter(period=self.period).exists())

    def test_the_api_answers_400_with_the_previous_values_unless_confirmed(self):
        self.as_token(self.head)
        body = {"indicator": "kpi", "period": self.period.pk, "unit": "dep-a1",
                "value": "7.95"}
        response = self.client.post("/api/v1/measurements/", body, format="json")
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("71; 74; 78", str(response.json()["errors"]["value"]))
        self.assertFalse(Measurement.objects.filter(period=self.period).exists())
        response = self.client.post("/api/v1/measurements/", {**body, "confirm": True},
                                    format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertNotIn("confirm", response.json())
        # A usual value needs no confirmation.
        body.update(period=self.periods[4].pk, value="80")
        self.assertEqual(self.client.post("/api/v1/measurements/", body,
                                          format="json").status_code, 201)
