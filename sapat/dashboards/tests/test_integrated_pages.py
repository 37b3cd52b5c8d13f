"""The integrated table's screen shows it a page at a time, in the order of the whole table."""
from decimal import Decimal

from django.urls import reverse

from sapat.processes.models import Measurement
from sapat.processes.tests.factories import make_indicator, make_process, make_years
from sapat.reports import integrated
from sapat.reports.integrated import integrated_page, integrated_rows
from sapat.risks.models import Measure, Opportunity, Risk
from sapat.test import SapatTestCase


class IntegratedPagesTests(SapatTestCase):
    url = reverse("dashboards:integrated")

    def setUp(self):
        period = make_years(count=1)[0]
        self.education = make_process(self.university, code="education", number=3,
                                      inputs="Стандарттар")
        self.research = make_process(self.university, code="research", number=4)
        self.empty = make_process(self.university, code="empty", number=5)
        kpi = make_indicator(self.education, self.university)
        Measurement.objects.create(indicator=kpi, period=period, unit=self.dep_a1,
                                   value=Decimal("80"))
        # 70 risks and 10 opportunities of education, 30 risks of research, a process
        # with none, and one risk without a process: 112 rows.
        for i in range(70):
            r = Risk.objects.create(unit=self.dep_a1 if i % 2 else self.dep_b1,
                                    process=self.education, title=f"Билим тобокелдиги {i}",
                                    likelihood=1 + i % 5, consequences=2)
            Measure.objects.create(risk=r, text=f"Чара {i}")
        for i in range(10):
            Opportunity.objects.create(unit=self.dep_a2, process=self.education,
                                       title=f"Мүмкүнчүлүк {i}")
        for i in range(30):
            Risk.objects.create(unit=self.dep_a2, process=self.research,
                                title=f"Илим тобокелдиги {i}", likelihood=3, consequences=3)
        Risk.objects.create(unit=self.dep_a1, title="Процесссиз тобокелдик", likelihood=2,
                            consequences=2)

    @staticmethod
    def keys(rows):
        return [(r.kind, r.process.pk if r.process else None,
                 r.record.pk if r.record else None) for r in rows]

    def test_the_pages_together_are_the_whole_table_in_its_order(self):
        whole = integrated_rows(person=self.qms, params={})
        self.assertEqual(len(whole), 112)
        paged = []
        for number in (1, 2, 3):
            page, rows = integrated_page(person=self.qms, params={}, page=number)
            self.assertEqual(page.paginator.count, 112)
            paged += rows
        self.assertEqual(self.keys(paged), self.keys(whole))
        self.assertEqual([r.cells for r in paged], [r.cells for r in whole])

    def test_a_process_cut_by_a_page_shows_its_card_cells_again(self):
        _page, first = integrated_page(person=self.qms, params={}, page=1)
        _page, second = integrated_page(person=self.qms, params={}, page=2)
        self.assertEqual(len(first), integrated.PAGE_SIZE)
        self.assertEqual(first[0].span, integrated.PAGE_SIZE)  # education fills page 1
        self.assertEqual(second[0].process, self.education)
        self.assertEqual(second[0].span, 80 - integrated.PAGE_SIZE)
        self.assertEqual(second[0].kpis[0].status, "green")
        research = next(r for r in second if r.process == self.research)
        self.assertEqual(research.span, 20)  # 30 research rows: 20 here, 10 on page 3

    def test_filters_apply_before_the_pages(self):
        page, rows = integrated_page(person=self.qms, params={"unit": "dep-a2"}, page=1)
        self.assertEqual(page.paginator.count, 40)  # 10 opportunities, 30 research risks
        self.assertNotIn("process", [r.kind for r in rows])
        page, rows = integrated_page(person=self.head, params={}, page=1)
        # The head's 35 risks and the stray one; research and the empty process as cards.
        self.assertEqual(page.paginator.count, 38)
        self.assertEqual([r.process for r in rows if r.kind == "process"],
                         [self.research, self.empty])
        self.assertTrue(all(r.unit == self.dep_a1 for r in rows if r.record))

    def test_the_screen_pages_and_keeps_the_filters_in_its_links(self):
        self.login(self.qms)
        response = self.client.get(self.url, {"process": "education", "page": 2})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="integrated-row"', count=30)
        self.assertContains(response, 'href="?process=education&amp;page=1"')
        self.assertNotContains(response, "page=3")
        # Downloads take the whole table, with the filters but not the page.
        self.assertContains(response, "integrated.xlsx?process=education&amp;lang=")

    def test_a_page_out_of_range_shows_the_last_one(self):
        self.login(self.qms)
        response = self.client.get(self.url, {"page": 99})
        self.assertContains(response, "Процесссиз тобокелдик")

    def test_a_page_costs_the_same_queries_whatever_the_size_of_the_table(self):
        self.login(self.qms)
        with self.assertNumQueries(22):
            self.client.get(self.url, {"page": 2})
        for i in range(200):
            Risk.objects.create(unit=self.dep_a1, process=self.research, title=f"R{i}",
                                likelihood=2, consequences=4)
        with self.assertNumQueries(22):
            self.client.get(self.url, {"page": 2})
