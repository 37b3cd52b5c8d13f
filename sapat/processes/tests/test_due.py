"""Which KPI values are due, and of whom (issue 12): after the period and its grace days,
only from the units the KPI applies to."""
import datetime
from decimal import Decimal

from sapat.org.models import Period
from sapat.processes import due
from sapat.processes.models import Indicator, Measurement, MonitoringSettings
from sapat.processes.tests.factories import make_indicator, make_process, make_years
from sapat.test import SapatTestCase


class DueTests(SapatTestCase):
    def setUp(self):
        self.years = make_years(first=2024, count=3)  # 2024–25, 2025–26, 2026–27
        self.process = make_process(self.university)
        self.kpi = make_indicator(self.process, self.university)  # each unit reports

    def late(self, today, **kw):
        return [(d.indicator.code, str(d.period), d.missing)
                for d in due.due([self.kpi], today, **kw)]

    def test_a_year_is_due_after_it_ends_and_the_grace_days_pass(self):
        units = sorted([self.dep_a1.pk, self.pck_a1.pk, self.dep_a2.pk, self.dep_b1.pk])
        # 1 December 2025: the year 2025–26 began in September and is asked of nobody.
        self.assertEqual(self.late(datetime.date(2025, 12, 1)),
                         [("kpi", "2024–2025", units)])
        # 31 August 2026 ends it; 14 days later (the default) it is still not late…
        self.assertEqual(self.late(datetime.date(2026, 9, 14))[0][1], "2024–2025")
        # …and the day after, it is.
        self.assertEqual(self.late(datetime.date(2026, 9, 15))[0][1], "2025–2026")

    def test_the_qms_office_sets_the_grace_days(self):
        MonitoringSettings.objects.create(grace_days=30)
        self.assertEqual(self.late(datetime.date(2026, 9, 15))[0][1], "2024–2025")
        self.assertEqual(self.late(datetime.date(2026, 10, 1))[0][1], "2025–2026")

    def test_within_the_grace_days_a_head_is_told_the_deadline(self):
        rows = due.due([self.kpi], datetime.date(2026, 9, 5), unit=self.dep_a1,
                       include_open=True)
        self.assertEqual([(str(d.period), d.deadline) for d in rows], [
            ("2024–2025", datetime.date(2025, 9, 14)), ("2025–2026", datetime.date(2026, 9, 14))])

    def test_only_the_units_it_applies_to_are_asked(self):
        today = datetime.date(2025, 12, 1)
        self.assertEqual(due.due([self.kpi], today, unit=self.digital), [])
        self.assertFalse(due.applies_to(self.kpi, self.digital))
        self.assertTrue(due.applies_to(self.kpi, self.pck_a1))
        self.kpi.reporting_units.set([self.dep_a1, self.digital])
        self.assertEqual(self.late(today)[0][2], sorted([self.dep_a1.pk, self.digital.pk]))
        self.assertFalse(due.applies_to(self.kpi, self.dep_a2))
        own = make_indicator(self.process, self.apd, code="own", per_unit=False)
        self.assertEqual([d.missing for d in due.due([own], today)], [[self.apd.pk]])

    def test_an_entered_value_is_no_longer_missing(self):
        today = datetime.date(2025, 12, 1)
        period = Period.objects.get(pk=self.years[0].pk)
        for unit in (self.dep_a1, self.pck_a1, self.dep_a2):
            Measurement.objects.create(indicator=self.kpi, period=period, unit=unit,
                                       value=Decimal("80"))
        self.assertEqual(self.late(today)[0][2], [self.dep_b1.pk])
        Measurement.objects.create(indicator=self.kpi, period=period, unit=self.dep_b1,
                                   value=Decimal("80"))
        self.assertEqual(self.late(today), [])

    def test_a_fixed_number_of_queries_for_any_number_of_kpis(self):
        today = datetime.date(2025, 12, 1)
        with self.assertNumQueries(5):
            due.due([self.kpi], today)
        kpis = [self.kpi] + [make_indicator(self.process, self.university, code=f"k{i}")
                             for i in range(5)]
        with self.assertNumQueries(5):
            due.due(kpis, today)

    def test_the_qms_office_edits_the_grace_days_and_no_one_else(self):
        from django.urls import reverse

        url = reverse("processes:kpi_settings")
        self.login(self.head)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.qms)
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"grace_days": "30", "version": ""})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(MonitoringSettings.load().grace_days, 30)
        response = self.client.post(url, {"grace_days": "21", "version": "1"})
        self.assertEqual(MonitoringSettings.load().grace_days, 21)
        response = self.client.post(url, {"grace_days": "-1", "version": "2"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(MonitoringSettings.load().grace_days, 21)

    def test_every_screen_counts_by_the_same_rule(self):
        """The QMS office's list, each unit's own list (a head's home) and each head's
        inbox name the same missing values, whatever the KPI's reporting units."""
        from sapat.inbox import registry

        own = make_indicator(self.process, self.dep_a1, code="own", per_unit=False)
        listed = make_indicator(self.process, self.university, code="listed")
        listed.reporting_units.set([self.dep_a1, self.digital])
        Measurement.objects.create(indicator=listed, period=self.years[0], unit=self.dep_a1,
                                   value=Decimal("80"))
        kpis = Indicator.objects.live()
        for today in (datetime.date(2025, 12, 1), datetime.date(2026, 9, 5),
                      datetime.date(2026, 9, 20)):
            everyone = {(d.indicator.pk, d.period.pk, u)
                        for d in due.due(kpis, today) for u in d.missing}
            each = set()
            for unit in (self.university, self.inst_a, self.dep_a1, self.pck_a1, self.dep_a2,
                         self.dep_b1, self.digital, self.apd):
                each |= {(d.indicator.pk, d.period.pk, unit.pk)
                         for d in due.due(kpis, today, unit=unit)}
            with self.subTest(today=today):
                self.assertEqual(everyone, each)
                self.assertIn(own.pk, {i for i, _p, _u in everyone})
                self.assertNotIn(self.apd.pk, {u for _i, _p, u in everyone})
                self.assertNotIn(self.dep_a1.pk, {u for i, _p, u in everyone
                                                  if i == listed.pk and _p == self.years[0].pk})
            # The head of dep-a1 is asked in the inbox for exactly the late ones…
            registry.forget(self.head)
            inbox = [i for i in registry.items_for(self.head, today)
                     if i.urgency == registry.Urgency.OVERDUE and "/kpi" in i.url]
            late = [k for k in everyone if k[2] == self.dep_a1.pk]
            self.assertEqual(len(inbox), len(late), today)
            # …and within the grace days told of the period just ended, by its deadline.
            soon = due.due(kpis, today, unit=self.dep_a1, include_open=True)
            self.assertEqual(
                sorted(str(i.due) for i in registry.items_for(self.head, today)
                       if "/kpi" in i.url),
                sorted(str(d.deadline) for d in soon))

    def test_the_qms_office_home_and_kpi_list_show_the_same_count(self):
        from django.urls import reverse
        from django.utils import timezone

        today = timezone.localdate()
        make_indicator(self.process, self.digital, code="own", per_unit=False)
        expected = len(due.due(Indicator.objects.live(), today))
        self.assertGreater(expected, 0)
        self.login(self.qms)
        home = self.client.get(reverse("home"))
        panel = next(p for p in home.context["panels"] if p.level == "qms")
        listing = self.client.get(reverse("processes:kpis"))
        self.assertEqual(len(panel.data["missing"]), expected)
        self.assertEqual(listing.context["missing_count"], expected)
        self.assertEqual(len([s for s in listing.context["states"] if s.missing]), expected)
        self.assertContains(listing, 'data-testid="kpi-missing"', count=expected)
