"""Passport and "my measures" cost the same number of queries at 10 and at 1,000 risks."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sapat.org.models import Position
from sapat.risks.models import Measure, Opportunity, Risk
from sapat.test import SapatTestCase


class QueryCountTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.post = Position.objects.create(code="post", unit=cls.dep_a1, name="Post",
                                           holder=cls.staff)

    def fill(self, n: int) -> None:
        Risk.objects.all().delete()
        risks = Risk.objects.bulk_create(
            Risk(unit=self.dep_a1, title=f"risk {i}", likelihood=i % 5 + 1,
                 consequences=(i // 5) % 5 + 1, residual_score=1) for i in range(n)
        )
        measures = Measure.objects.bulk_create(
            Measure(risk=r, text=f"measure {r.pk}", rhythm_text="yearly") for r in risks
        )
        through_people = Measure.responsible_people.through
        through_people.objects.bulk_create(
            through_people(measure_id=m.pk, person_id=self.staff.pk) for m in measures
        )
        through_posts = Measure.responsible_positions.through
        through_posts.objects.bulk_create(
            through_posts(measure_id=m.pk, position_id=self.post.pk) for m in measures[::2]
        )
        Risk.responsible_positions.through.objects.bulk_create(
            Risk.responsible_positions.through(risk_id=r.pk, position_id=self.post.pk)
            for r in risks
        )
        opp = Opportunity.objects.create(unit=self.dep_a1, title="opp")
        Measure.objects.create(opportunity=opp, text="opp measure")

    def count(self, person, url) -> int:
        self.client.force_login(person)
        self.client.get(url)  # warm up: session, translations
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_passport_queries_do_not_grow_with_risks(self):
        # The last page: the one that shows risks and the opportunity at either size.
        url = reverse("risks:passport", args=[self.dep_a1.code])
        self.fill(10)
        small = self.count(self.head, url)
        self.fill(1010)
        large = self.count(self.head, url + "?page=21")  # rows 1001–1010 and the opportunity
        self.assertEqual(small, large)
        self.assertLessEqual(small, 20)
        print(f"passport: {small} queries at 10 and at 1010 risks")

    def test_my_measures_queries_do_not_grow_with_measures(self):
        url = reverse("risks:my_measures")
        self.fill(10)
        small = self.count(self.staff, url)
        self.fill(1000)
        large = self.count(self.staff, url)
        self.assertEqual(small, large)
        self.assertLessEqual(small, 12)
        print(f"my measures: {small} queries at 10 and at 1000 measures")

    def test_risk_page_queries_do_not_grow_with_measures(self):
        self.fill(1)
        risk = Risk.objects.get()
        Measure.objects.bulk_create(Measure(risk=risk, text=f"m{i}") for i in range(50))
        url = reverse("risks:risk_detail", args=[risk.pk])
        small = {p: self.count(p, url) for p in (self.head, self.staff)}
        Measure.objects.bulk_create(Measure(risk=risk, text=f"n{i}") for i in range(300))
        self.assertEqual({p: self.count(p, url) for p in (self.head, self.staff)}, small)
