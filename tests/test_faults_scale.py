"""The scale edit that re-bands every risk, refused by the database at any write, leaves the
scale, its bands, its levels and their history as they were: no risk changes band."""
from django.db import IntegrityError
from django.urls import reverse

from sapat.risks import scoring
from sapat.risks.models import RiskBand, RiskScale
from sapat.risks.tests.registers_fixtures import make_risk
from sapat.risks.tests.test_scale_screen import form_data
from sapat.test import SapatTestCase

from .faults import AllOrNothingMixin

URL = reverse("risks:scale")


class ScaleFaultTests(AllOrNothingMixin, SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_risk(cls.dep_a1, "Twelve", 3, 4)
        make_risk(cls.dep_b1, "Twenty", 4, 5)

    def setUp(self):
        self.login(self.qms)
        scale = RiskScale.active()
        # Medium reaches 12, high starts at 13, and a description changes: the bands, a
        # level and the scale's version are written, each with its history.
        self.data = form_data(scale, **{
            "band-medium-max_level": 12, "band-high-min_level": 13,
            "level-likelihood-3-description_ru": "Средняя",
        })
        preview = self.client.post(URL, self.data)
        self.data["confirmed"] = preview.context["meta"].initial["confirmed"]

    def save(self):
        response = self.client.post(URL, self.data)
        self.assertRedirects(response, URL, fetch_redirect_response=False)

    def band_of_twelve(self):
        return scoring.load_bands().for_level(12).code

    def test_refused_at_any_write_changes_no_band_and_no_history(self):
        self.assertEqual(self.band_of_twelve(), "high")
        writes = self.assert_all_or_nothing(self.save, expected=IntegrityError)
        self.assertGreaterEqual(writes, 6)
        self.assertEqual(self.band_of_twelve(), "high")
        self.assertEqual(RiskBand.objects.get(code="medium").max_level, 10)

    def test_without_a_fault_the_risks_move_band(self):
        self.save()
        self.assertEqual(self.band_of_twelve(), "medium")
