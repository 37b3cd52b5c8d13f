"""The main screens work on generated data, for every benchmark login."""
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from sapat.org.models import Person
from sapat.processes.models import Indicator
from sapat.risks.models import Risk

BENCH = ["bench-rector", "bench-qms", "bench-director", "bench-head", "bench-service",
         "bench-staff"]


class PagesOnGeneratedDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("generate", scale="small", seed=11, verbosity=0)
        cls.people = {p.username: p for p in Person.objects.filter(username__in=BENCH)}
        cls.unit = cls.people["bench-head"].unit
        cls.risk = Risk.objects.live().filter(unit=cls.unit).order_by("pk").first()
        cls.kpi = Indicator.objects.order_by("pk").first()

    def get(self, username, url):
        self.client.force_login(self.people[username])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, f"{username} {url}")
        return response

    def test_home_works_for_every_bench_login(self):
        for username in BENCH:
            self.get(username, reverse("home"))

    def test_the_heads_passport_shows_its_risks(self):
        url = reverse("risks:passport", args=[self.unit.code])
        for username in ("bench-rector", "bench-qms", "bench-director", "bench-head",
                         "bench-staff"):
            self.assertContains(self.get(username, url), self.risk.title)

    def test_registers_integrated_table_and_heat_map(self):
        for username in BENCH:
            for name in ("risks:consolidated", "risks:register", "dashboards:integrated",
                         "risks:heatmap", "risks:my_measures", "processes:map"):
                self.get(username, reverse(name))

    def test_the_university_register_lists_the_escalated_risks(self):
        response = self.get("bench-qms", reverse("risks:register"))
        for risk in Risk.objects.escalated()[:3]:
            self.assertContains(response, risk.title)

    def test_a_risk_page_and_a_kpi_page(self):
        self.assertContains(self.get("bench-head", reverse("risks:risk_detail",
                                                           args=[self.risk.pk])),
                            self.risk.title)
        self.assertContains(self.get("bench-qms", reverse("processes:kpi", args=[self.kpi.pk])),
                            self.kpi.name)

    def test_the_service_head_cannot_read_the_heads_passport(self):
        self.client.force_login(self.people["bench-service"])
        url = reverse("risks:passport", args=[self.unit.code])
        self.assertEqual(self.client.get(url).status_code, 404)
