"""Every list and retrieve costs the same number of queries at 10 rows and at 1,000."""
import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sapat.org.models import Period, Position
from sapat.org.services import academic_year_create
from sapat.processes.models import Indicator, Measurement, Process
from sapat.risks.models import Assessment, Measure, Opportunity, Risk

from .base import ApiTestCase

ENDPOINTS = [
    "/api/v1/risks/", "/api/v1/risks/?band=high&ordering=-level", "/api/v1/opportunities/",
    "/api/v1/measures/", "/api/v1/assessments/", "/api/v1/measurements/",
    "/api/v1/indicators/", "/api/v1/processes/", "/api/v1/people/", "/api/v1/units/",
    "/api/v1/positions/", "/api/v1/integrated/",
]


class QueryCountTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        year = academic_year_create(start=datetime.date(2025, 9, 1), is_current=True)
        cls.quarters = list(Period.objects.filter(year=year, kind="quarter"))
        cls.process = Process.objects.create(code="education", name="Окуу",
                                             unit=cls.university)
        cls.post = Position.objects.create(code="head-a1", name="Башчы", unit=cls.dep_a1,
                                           holder=cls.head)

    def make_rows(self, n, tag):
        risks = Risk.objects.bulk_create([
            Risk(unit=self.dep_a1, process=self.process, title=f"Риск {i}",
                 likelihood=1 + i % 5, consequences=1 + (i * 3) % 5)
            for i in range(n)
        ])
        Risk.responsible_positions.through.objects.bulk_create([
            Risk.responsible_positions.through(risk=r, position=self.post) for r in risks
        ])
        Assessment.objects.bulk_create([
            Assessment(risk=r, by=self.head, new_likelihood=r.likelihood,
                       new_consequences=r.consequences) for r in risks
        ])
        opps = Opportunity.objects.bulk_create([
            Opportunity(unit=self.dep_a1, process=self.process, title=f"Мүмкүнчүлүк {i}")
            for i in range(n)
        ])
        Measure.objects.bulk_create(
            [Measure(risk=r, text=f"Чара {r.pk}") for r in risks]
            + [Measure(opportunity=o, text=f"Чара {o.pk}") for o in opps]
        )
        indicators = Indicator.objects.bulk_create([
            Indicator(code=f"kpi-{tag}-{i}", name=f"KPI {i}", process=self.process,
                      owner_unit=self.dep_a1, target=Decimal(50), frequency="quarter")
            for i in range(max(1, n // 10))
        ])
        Measurement.objects.bulk_create([
            Measurement(indicator=ind, period=q, unit=self.dep_a1, value=Decimal(40 + j))
            for j, ind in enumerate(indicators) for q in self.quarters
        ])
        Position.objects.bulk_create([
            Position(code=f"post-{tag}-{i}", name=f"Пост {i}", unit=self.dep_a1) for i in range(n)
        ])

    def counts(self):
        self.as_token(self.qms)
        self.client.get("/api/v1/units/")  # the token's "last used" is written once
        result = {}
        for url in ENDPOINTS:
            sep = "&" if "?" in url else "?"
            with CaptureQueriesContext(connection) as ctx:
                response = self.client.get(f"{url}{sep}page_size=1000")
            self.assertEqual(response.status_code, 200, url)
            result[url] = len(ctx.captured_queries)
        risk = Risk.objects.order_by("pk").last()
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(f"/api/v1/risks/{risk.pk}/").status_code, 200)
        result["risk detail"] = len(ctx.captured_queries)
        return result

    def test_same_number_of_queries_at_10_and_1000_rows(self):
        self.make_rows(10, "a")
        small = self.counts()
        self.make_rows(990, "b")
        self.assertGreaterEqual(Risk.objects.count(), 1000)
        large = self.counts()
        self.assertEqual(small, large)
        # A list is a handful of queries: token, grants, count, rows, bands, prefetches
        # (the integrated table reads processes, KPIs, risks, opportunities, measures).
        for url, count in large.items():
            self.assertLessEqual(count, 16 if "integrated" in url else 8, url)
