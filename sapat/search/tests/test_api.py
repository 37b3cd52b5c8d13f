"""`/api/v1/search/`: the same scoping as the page."""
from rest_framework.test import APIClient

from sapat.risks.tests.registers_fixtures import make_risk
from sapat.search import index
from sapat.test import SapatTestCase

URL = "/api/v1/search/"


class SearchApiTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_risk(cls.dep_a1, "Китепкананын тобокелдиги")
        make_risk(cls.dep_b1, "Лабораториянын тобокелдиги")
        index.rebuild()

    def get(self, person, **params):
        client = APIClient()
        client.force_authenticate(person)
        return client.get(URL, params)

    def test_it_requires_sign_in(self):
        self.assertEqual(APIClient().get(URL, {"q": "x"}).status_code, 401)

    def test_a_person_with_no_role_is_refused(self):
        self.assertEqual(self.get(self.outsider, q="тобокелдик").status_code, 403)

    def test_head_finds_their_units_risk_only(self):
        data = self.get(self.head, q="тобокелдиктер").json()
        risks = next(g for g in data["groups"] if g["kind"] == "risk")
        self.assertEqual(risks["total"], 1)
        self.assertEqual(risks["hits"][0]["title"], "Китепкананын тобокелдиги")

    def test_kind_filters_and_a_missing_query_is_400(self):
        data = self.get(self.qms, q="тобокелдик", kind="process").json()
        self.assertEqual(data["groups"], [])
        self.assertEqual(self.get(self.qms).status_code, 400)
        self.assertEqual(self.get(self.qms, q="x", kind="nope").status_code, 400)
