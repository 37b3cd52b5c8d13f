"""Responsible positions and people come back in lists and records, in the model's order."""
from sapat.org.models import Position
from sapat.risks.models import Risk

from .base import ApiTestCase


class ResponsibleListTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.second = Position.objects.create(code="b-post", name="Экинчи", unit=cls.dep_a1,
                                             order=2)
        cls.first = Position.objects.create(code="a-post", name="Биринчи", unit=cls.dep_a1,
                                            order=1, holder=cls.head)
        cls.risk = Risk.objects.create(unit=cls.dep_a1, title="Риск", likelihood=3,
                                       consequences=3)
        cls.risk.responsible_positions.set([cls.second, cls.first])
        cls.risk.responsible_people.set([cls.staff])
        cls.bare = Risk.objects.create(unit=cls.dep_a1, title="Жооптуусуз", likelihood=1,
                                       consequences=1)

    def test_list_and_record_name_positions_and_people(self):
        self.as_token(self.head)
        rows = {r["title"]: r for r in self.client.get("/api/v1/risks/").json()["results"]}
        self.assertEqual(rows["Риск"]["responsible_positions"], ["a-post", "b-post"])
        self.assertEqual(rows["Риск"]["responsible_people"], ["staff"])
        self.assertEqual(rows["Риск"]["responsible"], "Биринчи; Экинчи; Staff")
        self.assertEqual(rows["Жооптуусуз"]["responsible_positions"], [])
        one = self.client.get(f"/api/v1/risks/{self.risk.pk}/").json()
        self.assertEqual(one["responsible"], "Биринчи; Экинчи; Staff")

    def test_changing_positions_shows_the_new_ones(self):
        self.as_token(self.head)
        url = f"/api/v1/risks/{self.risk.pk}/"
        response = self.client.patch(url, {"version": 1, "responsible_positions": ["b-post"]},
                                     format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["responsible_positions"], ["b-post"])
