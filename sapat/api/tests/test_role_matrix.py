"""The role matrix against the API: the same answers as the screens' `org.access`.

Anonymous → 401; out of scope → 404; read-only roles writing → 403; allowed → 2xx.
"""
from sapat.risks.models import Risk

from .base import ApiTestCase


class ApiRoleMatrixTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.risk_a1 = Risk.objects.create(unit=cls.dep_a1, title="Риск А1", likelihood=4,
                                          consequences=5)
        cls.risk_b1 = Risk.objects.create(unit=cls.dep_b1, title="Риск Б1", likelihood=2,
                                          consequences=2)

    def request(self, person, method, url, data=None):
        self.client.logout()
        if person is not None:
            self.as_token(person)
        else:
            self.client.credentials()
        return getattr(self.client, method)(url, data, format="json")

    def patch_body(self, risk):
        risk.refresh_from_db()
        return {"version": risk.version, "cause": "жаңы себеп"}

    def test_anonymous_gets_401_everywhere(self):
        for url in ("/api/v1/risks/", f"/api/v1/risks/{self.risk_a1.pk}/", "/api/v1/units/",
                    "/api/v1/people/", "/api/v1/measures/", "/api/v1/scales/"):
            with self.subTest(url=url):
                self.assertEqual(self.request(None, "get", url).status_code, 401)
        response = self.request(None, "post", "/api/v1/risks/", {"title": "x"})
        self.assertEqual(response.status_code, 401)

    def test_reading_a_risk_follows_the_scope_of_each_role(self):
        # (person, risk, expected status)
        cases = [
            (self.head, self.risk_a1, 200), (self.head, self.risk_b1, 404),
            (self.head2, self.risk_a1, 404), (self.head2, self.risk_b1, 200),
            (self.director, self.risk_a1, 200), (self.director, self.risk_b1, 404),
            (self.qms, self.risk_b1, 200), (self.rector, self.risk_b1, 200),
            (self.council, self.risk_a1, 200), (self.auditor, self.risk_a1, 200),
            (self.auditor, self.risk_b1, 404), (self.staff, self.risk_a1, 200),
            (self.staff, self.risk_b1, 404), (self.service, self.risk_a1, 404),
            (self.outsider, self.risk_a1, 404),
        ]
        for person, risk, expected in cases:
            with self.subTest(person=person.username, risk=risk.title):
                response = self.request(person, "get", f"/api/v1/risks/{risk.pk}/")
                self.assertEqual(response.status_code, expected)

    def test_lists_hold_only_what_each_role_may_read(self):
        cases = [
            (self.head, {"Риск А1"}), (self.head2, {"Риск Б1"}),
            (self.qms, {"Риск А1", "Риск Б1"}), (self.rector, {"Риск А1", "Риск Б1"}),
            (self.staff, {"Риск А1"}), (self.service, set()), (self.outsider, set()),
        ]
        for person, titles in cases:
            with self.subTest(person=person.username):
                response = self.request(person, "get", "/api/v1/risks/")
                self.assertEqual(response.status_code, 200)
                self.assertEqual({r["title"] for r in response.json()["results"]}, titles)

    def test_updating_a_risk_follows_the_role(self):
        cases = [
            (self.head, self.risk_a1, 200), (self.director, self.risk_a1, 200),
            (self.qms, self.risk_a1, 200), (self.head2, self.risk_a1, 404),
            (self.rector, self.risk_a1, 403), (self.council, self.risk_a1, 403),
            (self.auditor, self.risk_a1, 403), (self.staff, self.risk_a1, 403),
            (self.outsider, self.risk_a1, 404), (self.service, self.risk_a1, 404),
        ]
        for person, risk, expected in cases:
            with self.subTest(person=person.username):
                response = self.request(person, "patch", f"/api/v1/risks/{risk.pk}/",
                                        self.patch_body(risk))
                self.assertEqual(response.status_code, expected, response.content)

    def test_creating_a_risk_follows_the_role(self):
        body = {"unit": "dep-a1", "title": "Жаңы риск", "likelihood": 3, "consequences": 4}
        cases = [
            (self.head, 201), (self.director, 201), (self.qms, 201),
            (self.rector, 403), (self.council, 403), (self.auditor, 403), (self.staff, 403),
            # Out of reach: the unit is unknown to them.
            (self.head2, 400), (self.service, 400), (self.outsider, 403),
        ]
        for person, expected in cases:
            with self.subTest(person=person.username):
                response = self.request(person, "post", "/api/v1/risks/", body)
                self.assertEqual(response.status_code, expected, response.content)

    def test_deleting_a_risk_archives_it_for_those_allowed(self):
        cases = [(self.staff, 403), (self.rector, 403), (self.head2, 404), (self.head, 204)]
        for person, expected in cases:
            with self.subTest(person=person.username):
                response = self.request(person, "delete", f"/api/v1/risks/{self.risk_a1.pk}/")
                self.assertEqual(response.status_code, expected)
        self.risk_a1.refresh_from_db()
        self.assertTrue(self.risk_a1.is_archived)
        response = self.request(self.head, "get", f"/api/v1/risks/{self.risk_a1.pk}/")
        self.assertEqual(response.status_code, 404)

    def test_units_are_read_in_scope_and_written_by_the_qms_office_only(self):
        response = self.request(self.head, "get", "/api/v1/units/")
        self.assertEqual({u["code"] for u in response.json()["results"]}, {"dep-a1", "pck-a1"})
        self.assertEqual(
            self.request(self.head, "get", f"/api/v1/units/{self.dep_b1.pk}/").status_code, 404
        )
        body = {"code": "new-dep", "name": "Жаңы кафедра", "kind": "department",
                "parent": "inst-a"}
        self.assertEqual(self.request(self.director, "post", "/api/v1/units/", body).status_code,
                         403)
        self.assertEqual(self.request(self.qms, "post", "/api/v1/units/", body).status_code,
                         201)
        self.assertEqual(
            self.request(self.qms, "get", f"/api/v1/units/{self.other_dep.pk}/").status_code, 404
        )

    def test_people_are_read_only(self):
        self.assertEqual(self.request(self.qms, "get", "/api/v1/people/").status_code, 200)
        response = self.request(self.qms, "post", "/api/v1/people/", {"username": "x"})
        self.assertEqual(response.status_code, 405)
        response = self.request(self.head, "get", "/api/v1/people/")
        self.assertEqual({p["username"] for p in response.json()["results"]}, {"head", "staff"})

    def test_scale_is_read_by_all_and_edited_by_the_qms_office(self):
        from sapat.risks.models import RiskScale

        scale = RiskScale.objects.create(name="Шкала")
        self.assertEqual(self.request(self.staff, "get", "/api/v1/scales/").status_code, 200)
        body = {"version": scale.version, "name": "Жаңы шкала"}
        url = f"/api/v1/scales/{scale.pk}/"
        self.assertEqual(self.request(self.head, "patch", url, body).status_code, 403)
        self.assertEqual(self.request(self.qms, "patch", url, body).status_code, 200)
