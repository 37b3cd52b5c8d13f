from decimal import Decimal

from django.urls import reverse

from sapat.processes.models import Measurement
from sapat.test import SapatTestCase

from .factories import make_indicator, make_process, make_years


class ProcessMapScreenTests(SapatTestCase):
    url = reverse("processes:map")

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_person_without_a_role_sees_no_process(self):
        make_process(self.university)
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'data-testid="process"')

    def test_staff_sees_the_universitys_processes(self):
        make_process(self.university)
        make_process(self.other_university, code="foreign", number=1)
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, "Процесс education")
        self.assertNotContains(response, "Процесс foreign")

    def test_a_red_kpi_is_counted_on_the_map(self):
        process = make_process(self.university)
        kpi = make_indicator(process, self.university)
        period = make_years(count=1)[0]
        Measurement.objects.create(indicator=kpi, period=period, unit=self.dep_a1,
                                   value=Decimal("50"))
        self.login(self.head)
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="kpi-red">1<')

    def _fill(self, n):
        periods = make_years(count=2)
        for i in range(n):
            p = make_process(self.university, code=f"p{i}", number=i)
            k = make_indicator(p, self.university, code=f"k{i}")
            for period in periods:
                Measurement.objects.create(indicator=k, period=period, unit=self.dep_a1,
                                           value=Decimal(60 + i))

    def test_query_count_does_not_grow_with_processes(self):
        self.login(self.qms)
        self._fill(2)
        with self.assertNumQueries(11):
            self.client.get(self.url)
        for i in range(2, 12):
            p = make_process(self.university, code=f"q{i}", number=i)
            make_indicator(p, self.university, code=f"kq{i}")
        with self.assertNumQueries(11):
            self.client.get(self.url)
