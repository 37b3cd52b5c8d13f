"""The KPI chart: round y-axis ticks and a legend that never cuts a unit's name (issue 12)."""
import re
from decimal import Decimal

from sapat.processes.chart import nice_ticks, trend_svg
from sapat.processes.models import Measurement
from sapat.test import SapatTestCase

from .factories import make_indicator, make_process, make_years


class ChartTests(SapatTestCase):
    def test_ticks_are_round_numbers_around_the_values(self):
        self.assertEqual(nice_ticks(64.3, 83), [60, 65, 70, 75, 80, 85])
        self.assertEqual(nice_ticks(1.8, 3), [1.5, 2, 2.5, 3])
        self.assertEqual(nice_ticks(610, 800), [600, 650, 700, 750, 800])
        self.assertEqual(nice_ticks(75, 75), [74, 74.5, 75, 75.5, 76])

    def test_the_chart_has_round_ticks_and_whole_unit_names(self):
        kpi = make_indicator(make_process(self.university), self.university)
        years = make_years(first=2022, count=3)
        long_name = self.dep_a1.name + " жана эсептөө техникасы кафедрасы (кошумча)"
        self.dep_a1.name = long_name
        self.dep_a1.save()
        for unit, values in ((self.dep_a1, ("71", "74", "78.3")),
                             (self.dep_a2, ("64.3", "69", "83"))):
            for period, value in zip(years, values, strict=True):
                Measurement.objects.create(indicator=kpi, period=period, unit=unit,
                                           value=Decimal(value))
        svg = trend_svg(kpi, list(kpi.measurements.select_related("period__year", "unit")))
        ticks = re.findall(r'text-anchor="end" font-size="11" fill="#5a6b7d">([^<]+)<', svg)
        self.assertEqual(ticks, ["60", "65", "70", "75", "80", "85"])
        self.assertIn(f">{long_name}<title>", svg)
        # Each legend entry has its own row: no name runs into the next.
        rows = re.findall(r'<rect x="(\d+)" y="([\d.]+)" width="10"', svg)
        self.assertEqual(len({y for _x, y in rows}), 2)

    def test_the_legend_names_values_target_and_tolerance_band_in_words(self):
        from django.urls import reverse
        from django.utils import translation

        kpi = make_indicator(make_process(self.university), self.university,
                             target="80", tolerance="5")
        years = make_years(first=2022, count=2)
        for period, value in zip(years, ("76.5", "81"), strict=True):
            Measurement.objects.create(indicator=kpi, period=period, unit=self.dep_a1,
                                       value=Decimal(value))
        svg = trend_svg(kpi, list(kpi.measurements.select_related("period__year", "unit")),
                        legend_inside=False, described_by="l")
        self.assertIn('aria-describedby="l"', svg)
        self.assertIn('data-band="tolerance"', svg)
        self.login(self.rector)
        expected = {
            "ky": ["Максаттуу мааниси: 80\u00a0%", "75\u00a0% – 80\u00a0%",
                   "максаттык деңгээлде", "Сары зона"],
            "ru": ["Целевое значение: 80\u00a0%", "75\u00a0% – 80\u00a0%", "на уровне цели",
                   "Жёлтая зона"],
            "en": ["Target: 80\u00a0%", "75\u00a0% – 80\u00a0%", "on target"],
        }
        for lang, words in expected.items():
            self.rector.language = lang
            self.rector.save(update_fields=["language"])
            with self.subTest(lang=lang), translation.override(lang):
                html = self.client.get(reverse("processes:kpi", args=[kpi.pk]),
                                       HTTP_ACCEPT_LANGUAGE=lang).content.decode()
                legend = html.split('data-testid="kpi-chart-legend">')[1].split("</ul>")[0]
                self.assertIn('aria-describedby="kpi-chart-legend"', html)
                for word in words:
                    self.assertIn(word, legend)
                # The swatches are decoration; each entry is read as its words.
                self.assertEqual(legend.count('aria-hidden="true"'), legend.count("<li>"))
