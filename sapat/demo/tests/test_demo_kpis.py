from django.test import TestCase

from sapat.demo.loader import load_demo
from sapat.processes.models import Indicator, Measurement, QualityObjective


class DemoKpiTests(TestCase):
    def test_the_monitoring_areas_have_three_years_of_values_and_load_twice_cleanly(self):
        load_demo(with_people=True)
        codes = set(Indicator.objects.values_list("code", flat=True))
        self.assertTrue({"learning-outcomes", "student-satisfaction", "employer-satisfaction",
                         "graduate-employment", "publications"} <= codes)
        years = Measurement.objects.filter(indicator__code="publications").count()
        self.assertEqual(years, 3)
        self.assertEqual(QualityObjective.objects.count(), 3)
        history = Measurement.history.count() + Indicator.history.count()
        report = load_demo(with_people=True)
        self.assertFalse(report.changed_anything, report.updated)
        self.assertEqual(Measurement.history.count() + Indicator.history.count(), history)
