import datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from sapat.org.models import Period
from sapat.org.services import academic_year_create
from sapat.processes.models import Measurement, QualityPolicy
from sapat.processes.tests.factories import make_indicator, make_process
from sapat.risks.models import Measure, Opportunity, Risk
from sapat.test import SapatTestCase


class HomeDashboardTests(SapatTestCase):
    url = reverse("home")

    def setUp(self):
        today = timezone.localdate()
        start = today.year if today.month >= 9 else today.year - 1
        academic_year_create(start=datetime.date(start, 9, 1), is_current=True)
        # A year long over (its grace days too): its values are due; the current one's not.
        past = academic_year_create(start=datetime.date(start - 2, 9, 1))
        self.period = Period.objects.get(year=past, kind="year")
        self.process = make_process(self.university)
        self.kpi = make_indicator(self.process, self.university)  # each department reports
        QualityPolicy.objects.create(version=1, text="Саясат", unit=self.university,
                                     approved_on=datetime.date(2025, 8, 29))

    def add_risks(self, n, unit):
        for i in range(n):
            risk = Risk.objects.create(unit=unit, process=self.process, title=f"R{i}",
                                       likelihood=4, consequences=4)
            Measure.objects.create(risk=risk, text=f"M{i}", due_date=datetime.date(2020, 1, 1))
            Opportunity.objects.create(unit=unit, process=self.process, title=f"O{i}")

    def test_anonymous_is_sent_to_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_rector_sees_the_university_dashboard(self):
        self.add_risks(2, self.dep_a1)
        self.login(self.rector)
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="dashboard-university"')
        self.assertContains(response, 'data-testid="heatmap-university"')
        self.assertContains(response, 'data-testid="greeting"')
        self.assertContains(response, 'data-testid="roles"')
        self.assertEqual(response.context["panels"][0].data["high_count"], 2)

    def test_director_sees_only_their_institute(self):
        self.add_risks(1, self.dep_a1)
        self.add_risks(3, self.dep_b1)
        self.login(self.director)
        panel = self.client.get(self.url).context["panels"][0]
        self.assertEqual((panel.level, panel.unit), ("institute", self.inst_a))
        self.assertEqual(panel.data["high_count"], 1)
        self.assertEqual([r["unit"] for r in panel.data["overdue"]["rows"]], [self.dep_a1])

    def test_overdue_lists_the_worst_units_and_links_to_all(self):
        from sapat.dashboards.home import LIST_LIMIT
        from sapat.org.models import Unit
        from sapat.test import make_unit

        units = [make_unit(f"dep-x{i}", Unit.Kind.DEPARTMENT, self.inst_a, f"Кафедра X{i}")
                 for i in range(LIST_LIMIT + 2)]
        for i, unit in enumerate(units):
            self.add_risks(1 + i % 3, unit)
        self.login(self.rector)
        response = self.client.get(self.url)
        overdue = response.context["panels"][0].data["overdue"]
        self.assertEqual(overdue["units"], LIST_LIMIT + 2)
        self.assertEqual(len(overdue["rows"]), LIST_LIMIT)
        counts = [r["count"] for r in overdue["rows"]]
        self.assertEqual(counts, sorted(counts, reverse=True))
        self.assertEqual(counts[0], 3)
        self.assertContains(response, 'data-testid="overdue-all"')
        self.assertContains(response, f"({LIST_LIMIT + 2} ")

    def test_head_sees_kpis_to_enter_until_the_value_is_in(self):
        self.login(self.head)
        panel = self.client.get(self.url).context["panels"][0]
        self.assertEqual(panel.level, "department")
        self.assertEqual([k["indicator"] for k in panel.data["to_enter"]], [self.kpi])
        Measurement.objects.create(indicator=self.kpi, period=self.period, unit=self.dep_a1,
                                   value=Decimal("50"))
        response = self.client.get(self.url)
        panel = response.context["panels"][0]
        self.assertEqual(panel.data["to_enter"], [])
        self.assertEqual(panel.data["kpis"][0]["red"], 1)
        self.assertContains(response, 'data-testid="dash-kpi-red"')

    def test_the_opportunity_count_agrees_with_its_number(self):
        self.login(self.head)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        self.add_risks(1, self.dep_a1)
        self.assertContains(self.client.get(self.url), "1 возможность")
        self.add_risks(4, self.dep_a1)
        self.assertContains(self.client.get(self.url), "5 возможностей")

    def test_qms_office_sees_units_without_risks_and_missing_kpis(self):
        self.add_risks(1, self.dep_a1)
        self.login(self.qms)
        panel = self.client.get(self.url).context["panels"][0]
        self.assertEqual(panel.level, "qms")
        empty = [e["unit"] for e in panel.data["empty"]]
        self.assertIn(self.dep_b1, empty)
        self.assertNotIn(self.dep_a1, empty)
        self.assertEqual([m["indicator"] for m in panel.data["missing"]], [self.kpi])
        # Asked of the departments and the commission, not of the IT centre.
        self.assertEqual(panel.data["missing"][0]["units"], 4)

    def test_the_qms_office_and_the_heads_count_the_same_missing_values(self):
        """A KPI is missing for the QMS office exactly when some head is asked for it."""
        from sapat.dashboards.home import kpis_to_enter, qms_office

        own = make_indicator(self.process, self.dep_b1, code="own", per_unit=False)
        today = timezone.localdate()
        Measurement.objects.create(indicator=own, period=self.period, unit=self.dep_b1,
                                   value=Decimal("90"))
        for unit in (self.dep_a1, self.dep_a2, self.pck_a1):
            Measurement.objects.create(indicator=self.kpi, period=self.period, unit=unit,
                                       value=Decimal("80"))
        heads = {u: [k["indicator"] for k in kpis_to_enter(u, today) if k["late"]]
                 for u in (self.dep_a1, self.dep_a2, self.pck_a1, self.dep_b1, self.digital)}
        self.assertEqual(heads, {self.dep_a1: [], self.dep_a2: [], self.pck_a1: [],
                                 self.dep_b1: [self.kpi], self.digital: []})
        missing = qms_office(self.qms).data["missing"]
        self.assertEqual([(m["indicator"], m["missing"]) for m in missing], [(self.kpi, 1)])
        Measurement.objects.create(indicator=self.kpi, period=self.period, unit=self.dep_b1,
                                   value=Decimal("80"))
        self.assertEqual(qms_office(self.qms).data["missing"], [])
        self.assertEqual(kpis_to_enter(self.dep_b1, today), [])

    def test_staff_sees_their_measures_and_the_policy_reminder(self):
        risk = Risk.objects.create(unit=self.dep_a1, title="R", likelihood=2, consequences=2)
        measure = Measure.objects.create(risk=risk, text="Менин ишим")
        measure.responsible_people.add(self.staff)
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, "Менин ишим")
        # The policy to read is an item of the inbox the page starts with.
        self.assertContains(response, "Сапат саясатын окуңуз")

    def _count(self, person):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login(person)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get(self.url)
        return len(ctx)

    def test_every_dashboard_costs_the_same_queries_at_small_and_large_data(self):
        people = [self.rector, self.qms, self.director, self.head, self.staff]
        self.add_risks(1, self.dep_a1)
        small = {p.username: self._count(p) for p in people}
        self.add_risks(20, self.dep_a1)
        self.add_risks(20, self.dep_b1)
        for i in range(10):
            p = make_process(self.university, code=f"p{i}", number=10 + i)
            k = make_indicator(p, self.university, code=f"k{i}")
            Measurement.objects.create(indicator=k, period=self.period, unit=self.dep_a1,
                                       value=1)
        large = {p.username: self._count(p) for p in people}
        self.assertEqual(small, large)

    def test_the_grace_days_are_read_once_a_page(self):
        """The inbox and the KPI panel both ask for the QMS office's grace days; the page
        reads the setting once (sapat.lib.request_memo)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for person in (self.head, self.qms):
            self.login(person)
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            reads = [q["sql"] for q in ctx.captured_queries
                     if "processes_monitoringsettings" in q["sql"]]
            self.assertEqual(len(reads), 1, person.username)
