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

    def create(self, **lists):
        return self.client.post("/api/v1/risks/", {
            "unit": "dep-a1", "title": "Жаңы", "likelihood": 2, "consequences": 2, **lists,
        }, format="json", HTTP_ACCEPT_LANGUAGE="en")

    def test_a_create_names_its_positions_and_people_as_sent(self):
        self.as_token(self.head)
        response = self.create(responsible_positions=["b-post", "a-post"],
                               responsible_people=["staff", "head", "staff"])
        self.assertEqual(response.status_code, 201, response.content)
        risk = Risk.objects.get(pk=response.json()["id"])
        self.assertEqual(set(risk.responsible_positions.all()), {self.first, self.second})
        self.assertEqual(set(risk.responsible_people.all()), {self.staff, self.head})
        self.assertEqual(response.json()["responsible_positions"], ["a-post", "b-post"])

    def test_an_unknown_code_in_a_list_is_named_and_nothing_is_saved(self):
        self.as_token(self.head)
        before = Risk.objects.count()
        response = self.create(responsible_positions=["a-post", "no-such-post"])
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"]["responsible_positions"],
                         ["Object with code=no-such-post does not exist."])
        response = self.create(responsible_people=["STAFF"])
        self.assertEqual(response.json()["errors"]["responsible_people"],
                         ["Object with username=STAFF does not exist."])
        self.assertEqual(Risk.objects.count(), before)

    def test_a_list_that_is_not_a_list_of_codes_gets_the_usual_errors(self):
        self.as_token(self.head)
        for value in ("a-post", [{"code": "a-post"}], 5):
            with self.subTest(value=value):
                response = self.create(responsible_positions=value)
                self.assertEqual(response.status_code, 400)
                self.assertIn("responsible_positions", response.json()["errors"])
