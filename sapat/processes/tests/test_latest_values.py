"""A KPI's status reads only its latest values, chosen in the database, with the same
result as choosing them from all its values (kpi_status.latest)."""
from decimal import Decimal

from sapat.processes import kpi_status
from sapat.processes.health import latest_indicators
from sapat.processes.models import Measurement
from sapat.processes.tests.factories import make_indicator, make_process, make_years
from sapat.test import SapatTestCase


class LatestValuesTests(SapatTestCase):
    def setUp(self):
        self.y2023, self.y2024, self.y2025 = make_years(first=2023, count=3)
        process = make_process(self.university)
        self.kpi = make_indicator(process, self.university)
        self.other = make_indicator(process, self.inst_b, code="other", per_unit=False)
        for period, unit, value in [
            (self.y2023, self.dep_a1, "50"), (self.y2024, self.dep_a1, "60"),
            (self.y2025, self.dep_a1, "90"), (self.y2025, self.dep_a2, "70"),
            (self.y2023, self.dep_b1, "40"), (self.y2024, self.inst_b, "80"),
        ]:
            Measurement.objects.create(indicator=self.kpi, period=period, unit=unit,
                                       value=Decimal(value))
        Measurement.objects.create(indicator=self.other, period=self.y2024, unit=self.inst_b,
                                   value=Decimal("10"))

    def latest(self, **filters) -> dict:
        return {i.code: sorted((m.period.start.year, m.unit.code, m.value)
                               for m in i.measurements.all())
                for i in latest_indicators(**filters)}

    def test_the_latest_period_of_each_kpi(self):
        self.assertEqual(self.latest(), {
            "kpi": [(2025, "dep-a1", Decimal("90")), (2025, "dep-a2", Decimal("70"))],
            "other": [(2024, "inst-b", Decimal("10"))],
        })

    def test_a_units_branch_has_its_own_latest_period(self):
        # Department B1 last reported in 2023; its institute (above it) in 2024.
        self.assertEqual(self.latest(unit=self.dep_b1)["kpi"],
                         [(2024, "inst-b", Decimal("80"))])
        self.assertEqual(self.latest(unit=self.dep_a2)["kpi"],
                         [(2025, "dep-a2", Decimal("70"))])
        self.assertEqual(self.latest(unit=self.dep_a1)["other"], [])

    def test_a_period_keeps_that_periods_values(self):
        self.assertEqual(self.latest(period=self.y2023)["kpi"],
                         [(2023, "dep-a1", Decimal("50")), (2023, "dep-b1", Decimal("40"))])
        self.assertEqual(self.latest(unit=self.dep_b1, period=self.y2023)["kpi"],
                         [(2023, "dep-b1", Decimal("40"))])

    def test_the_status_is_the_one_all_values_give(self):
        for unit in (None, self.dep_a1, self.dep_b1, self.inst_b):
            for indicator in latest_indicators(unit=unit):
                rows = list(Measurement.objects.filter(indicator=indicator))
                if unit is not None:
                    rows = [m for m in rows
                            if m.unit.is_within(unit) or unit.is_within(m.unit)]
                expected = kpi_status.latest(indicator, rows)
                got = kpi_status.latest(indicator, indicator.measurements.all())
                self.assertEqual((got.period, got.value, got.status),
                                 (expected.period, expected.value, expected.status))

    def test_three_queries_whatever_the_number_of_values(self):
        # The indicators, the periods, the chosen values.
        with self.assertNumQueries(3):
            list(latest_indicators())
        for period in (self.y2023, self.y2024):
            for unit in (self.dep_a2, self.pck_a1, self.digital):
                Measurement.objects.create(indicator=self.kpi, period=period, unit=unit,
                                           value=Decimal("1"))
        with self.assertNumQueries(3):
            list(latest_indicators())
