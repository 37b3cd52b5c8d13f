"""Query counts: every list and retrieve the same at 10 rows and at 1,000; a create a fixed few."""
import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sapat.api.models import ApiToken
from sapat.org.models import Period, Position
from sapat.org.services import academic_year_create
from sapat.processes.models import Indicator, Measurement, Process
from sapat.risks.models import Assessment, Measure, Opportunity, Risk, RiskCategory

from .base import ApiTestCase

ENDPOINTS = [
    "/api/v1/risks/", "/api/v1/risks/?band=high&ordering=-level", "/api/v1/opportunities/",
    "/api/v1/measures/", "/api/v1/assessments/", "/api/v1/measurements/",
    "/api/v1/indicators/", "/api/v1/processes/", "/api/v1/people/", "/api/v1/units/",
    "/api/v1/positions/", "/api/v1/integrated/",
]


def just_used():
    """The token's "last used" is written at most once a minute: a slow run of the loop
    must not count that write in one request and not in another."""
    ApiToken.objects.update(last_used_at=timezone.now())


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
        result = {}
        for url in ENDPOINTS:
            sep = "&" if "?" in url else "?"
            just_used()
            with CaptureQueriesContext(connection) as ctx:
                response = self.client.get(f"{url}{sep}page_size=1000")
            self.assertEqual(response.status_code, 200, url)
            result[url] = len(ctx.captured_queries)
        risk = Risk.objects.order_by("pk").last()
        just_used()
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


class CreateQueryCountTests(ApiTestCase):
    """A create costs a fixed handful of queries: token, grants, the unit, process and
    category named in the body, the risk, its history row, its first assessment (in a
    savepoint here; BEGIN and COMMIT outside tests) and the bands for the answer."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Process.objects.create(code="education", name="Окуу", unit=cls.university)
        Position.objects.create(code="head-a1", name="Башчы", unit=cls.dep_a1, holder=cls.head)
        cls.category = RiskCategory.objects.order_by("pk").first()

    def setUp(self):
        super().setUp()
        self.as_token(self.qms)

    def create(self, **extra):
        return self.client.post("/api/v1/risks/", {
            "unit": "dep-a1", "process": "education", "category": self.category.code,
            "title": "Риск", "cause": "Себеби", "likelihood": 3, "consequences": 4,
            "responsible_text": "Кафедра башчысы", "deadline_text": "Жыл сайын", **extra,
        }, format="json")

    def test_a_create_costs_eleven_queries(self):
        just_used()
        with self.assertNumQueries(11):
            response = self.create()
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["level"], response.json()["band"]), (12, "high"))

    def test_responsible_positions_and_people_add_a_lookup_and_two_inserts_each(self):
        # Each list: one lookup, the through rows, their copy in the history row.
        just_used()
        with self.assertNumQueries(17):
            response = self.create(responsible_positions=["head-a1"],
                                 responsible_people=["head", "staff"])
        self.assertEqual(response.status_code, 201, response.content)
        risk = Risk.objects.get(pk=response.json()["id"])
        self.assertEqual(list(risk.responsible_people.order_by("username")),
                         [self.head, self.staff])
        self.assertEqual(risk.history.count(), 1)
