"""The results page: sign-in, states, grouping, links, and a fixed number of queries."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sapat.processes.models import Process
from sapat.risks.models import Measure, Risk
from sapat.risks.tests.registers_fixtures import make_measure, make_risk
from sapat.search import index
from sapat.test import SapatTestCase

URL = reverse("search:results")


class ResultsPageTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.risk = make_risk(cls.dep_a1, "Окуу планынын тобокелдиги",
                             title_ru="Риск учебного плана")
        make_measure(cls.risk, "Окуу планын жаңыртуу")
        cls.process = Process.objects.create(code="edu", name="Билим берүү процесси",
                                             name_ru="Образовательный процесс", unit=cls.university)
        index.rebuild()

    def test_it_requires_sign_in(self):
        response = self.client.get(URL, {"q": "план"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])

    def test_empty_query_shows_the_hint(self):
        self.login(self.head)
        response = self.client.get(URL)
        self.assertContains(response, 'data-testid="search-empty"')

    def test_no_hits_says_so(self):
        self.login(self.head)
        response = self.client.get(URL, {"q": "жоктугу"})
        self.assertContains(response, 'data-testid="search-none"')

    def test_hits_are_grouped_and_linked(self):
        self.login(self.head)
        response = self.client.get(URL, {"q": "планы"})
        self.assertContains(response, 'data-testid="search-group-risk"')
        self.assertContains(response, 'data-testid="search-group-measure"')
        self.assertContains(response, f'href="/risks/{self.risk.pk}/"')

    def test_process_found_by_everyone_in_the_university(self):
        self.login(self.staff)
        response = self.client.get(URL, {"q": "процесстин"})
        self.assertContains(response, f'href="/processes/{self.process.pk}/"')

    def test_head_of_another_department_finds_no_risk(self):
        self.login(self.head2)
        response = self.client.get(URL, {"q": "тобокелдик"})
        self.assertNotContains(response, "Окуу планынын тобокелдиги")

    def test_the_header_box_is_on_every_page(self):
        self.login(self.staff)
        response = self.client.get(reverse("home"))
        self.assertContains(response, 'role="search"')
        self.assertContains(response, 'for="topsearch-q"')

    def test_a_saved_record_is_indexed_when_its_transaction_commits(self):
        with self.captureOnCommitCallbacks(execute=True):
            make_risk(self.dep_a1, "Жаңы тобокелдик: суу ташкыны")
        self.assertIn("Жаңы тобокелдик: суу ташкыны",
                      [h.title for g in index.search(self.head, "ташкындын") for h in g.hits])

    def _count(self, person, query):
        self.login(person)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(URL, {"q": query})
        self.assertEqual(response.status_code, 200)
        return len(ctx)

    def test_queries_do_not_grow_with_the_hits(self):
        small = self._count(self.qms, "тобокелдик")
        risks = Risk.objects.bulk_create(
            Risk(unit=self.dep_a1, title=f"Тобокелдик {i}", likelihood=2, consequences=2)
            for i in range(200))
        Measure.objects.bulk_create(Measure(risk=r, text=f"Тобокелдикти азайтуу {r.pk}")
                                    for r in risks)
        index.rebuild()
        self.assertEqual(self._count(self.qms, "тобокелдик"), small)
        self.assertEqual(self._count(self.head, "тобокелдик"),
                         self._count(self.head, "тобокелдиктер"))
