"""Dates are typed and shown as dd.mm.yyyy in ky and ru (issue 12), ISO still accepted."""
import datetime

from django.urls import reverse

from sapat.risks.models import Measure, Risk
from sapat.test import SapatTestCase


class DateInputTests(SapatTestCase):
    def setUp(self):
        self.risk = Risk.objects.create(unit=self.dep_a1, title="R", likelihood=2,
                                        consequences=3)
        self.url = reverse("risks:measure_create", args=[self.risk.pk])

    def test_a_date_typed_dd_mm_yyyy_or_iso_is_the_date_meant(self):
        self.login(self.head)
        for language, typed in (("ru", "05.01.2027"), ("ky", "05.01.2027"),
                                ("ky", "2027-01-05")):
            with self.subTest(language=language, typed=typed):
                Measure.objects.all().delete()
                self.client.cookies["sapat_language"] = language
                response = self.client.post(self.url, {"text": "Чара", "due_date": typed})
                self.assertEqual(response.status_code, 302, response.content[:2000])
                self.assertEqual(Measure.objects.get().due_date, datetime.date(2027, 1, 5))

    def test_the_input_is_text_with_the_languages_format(self):
        measure = Measure.objects.create(risk=self.risk, text="Чара",
                                         due_date=datetime.date(2027, 1, 5))
        self.login(self.head)
        self.client.cookies["sapat_language"] = "ru"
        page = self.client.get(reverse("risks:measure_edit", args=[measure.pk])).content.decode()
        self.assertIn('value="05.01.2027"', page)
        self.assertIn('placeholder="дд.мм.гггг"', page)
        self.assertNotIn('type="date"', page)
