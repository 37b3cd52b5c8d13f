"""A big unit's passport shows its rows a page at a time (risks, then opportunities, as
the document lists them), numbered across the pages."""
import re

from django.urls import reverse

from sapat.risks.models import Opportunity, Risk
from sapat.risks.views import PASSPORT_PAGE_SIZE
from sapat.test import SapatTestCase


class PassportPagesTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Risk.objects.bulk_create(
            Risk(unit=cls.dep_a1, title=f"Тобокелдик №{i:03d}", likelihood=1 + i % 5,
                 consequences=2) for i in range(1, 2 * PASSPORT_PAGE_SIZE + 21))
        Opportunity.objects.create(unit=cls.dep_a1, title="Дуалдык билим берүү")
        cls.url = reverse("risks:passport", args=[cls.dep_a1.code])

    def rows(self, response) -> list[tuple[str, str]]:
        """(number, title) of each risk row."""
        return re.findall(r'<td class="num">(\d+)</td>\s*<td><a href="[^"]+">Тобокелдик №(\d+)',
                          response.content.decode())

    def test_the_first_page_holds_the_first_risks(self):
        self.login(self.head)
        response = self.client.get(self.url)
        rows = self.rows(response)
        self.assertEqual(len(rows), PASSPORT_PAGE_SIZE)
        self.assertEqual(rows[0], ("1", "001"))
        self.assertNotContains(response, "Дуалдык билим берүү")
        self.assertContains(response, 'href="?page=2"')

    def test_the_last_page_numbers_on_and_ends_with_the_opportunities(self):
        self.login(self.head)
        response = self.client.get(self.url, {"page": 3})
        rows = self.rows(response)
        self.assertEqual(len(rows), 20)
        self.assertEqual(rows[0], (str(2 * PASSPORT_PAGE_SIZE + 1), "101"))
        self.assertEqual(rows[-1], ("120", "120"))
        self.assertContains(response, "Дуалдык билим берүү")
        self.assertNotContains(response, "page=4")

    def test_a_page_of_opportunities_only_has_no_empty_risk_table(self):
        Opportunity.objects.bulk_create(
            Opportunity(unit=self.dep_a1, title=f"Мүмкүнчүлүк {i}") for i in range(40))
        self.login(self.head)
        response = self.client.get(self.url, {"page": 4})  # rows 151–161: opportunities
        self.assertEqual(self.rows(response), [])
        self.assertNotContains(response, 'data-testid="passport-table"')
        self.assertContains(response, 'data-testid="opportunities-table"')
        self.assertContains(response, '<td class="num">31</td>')  # numbered on from page 3

    def test_every_risk_is_on_exactly_one_page(self):
        self.login(self.staff)
        seen = []
        for page in (1, 2, 3):
            seen += [title for _n, title in self.rows(self.client.get(self.url, {"page": page}))]
        self.assertEqual(seen, [f"{i:03d}" for i in range(1, 121)])

    def test_the_export_keeps_the_whole_passport(self):
        from sapat.reports.export import export_table

        result = export_table("passport", "xlsx", person=self.head, lang="ky",
                              params={"unit": self.dep_a1.code})
        from io import BytesIO

        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(result.content)).active
        titles = [c.value for row in sheet.iter_rows() for c in row
                  if isinstance(c.value, str) and c.value.startswith("Тобокелдик №")]
        self.assertEqual(len(titles), 120)
