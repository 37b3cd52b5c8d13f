"""Responsible people: an editor may name only people of the units they may read, on the
screens' pickers and in the API; a user name from elsewhere reads as unknown, so it cannot
reveal that person's full name (issue 11)."""
from django.core.cache import cache
from rest_framework.test import APIClient

from sapat.api.tokens import token_create
from sapat.org.models import Person
from sapat.risks.models import Measure, Risk
from sapat.risks.permissions import assignable_people
from sapat.test import SapatTestCase


class AssignablePeopleTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.far = Person.objects.create_user(
            "far-away", password="x-long-password-1", full_name="Алыскы Адам", unit=cls.dep_b1
        )
        cls.risk = Risk.objects.create(unit=cls.dep_a1, title="Тобокелдик", likelihood=3,
                                       consequences=3)

    def setUp(self):
        super().setUp()
        cache.clear()
        self.api = APIClient()
        _token, key = token_create(person=self.head, name="t")
        self.api.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")

    def test_the_rule(self):
        mine = set(assignable_people(self.head))
        self.assertIn(self.staff, mine)
        self.assertIn(self.head, mine)
        self.assertNotIn(self.far, mine)
        self.assertNotIn(self.head2, mine)
        self.assertIn(self.far, set(assignable_people(self.qms)))
        self.assertEqual(set(assignable_people(self.outsider)), set())

    def test_the_api_refuses_someone_the_editor_may_not_assign_without_naming_them(self):
        response = self.api.post("/api/v1/risks/", {
            "unit": "dep-a1", "title": "Жаңы", "likelihood": 2, "consequences": 2,
            "responsible_people": ["far-away"],
        }, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("Алыскы", response.content.decode())
        self.assertEqual(response.json()["errors"]["responsible_people"],
                         ["Object with username=far-away does not exist."])
        response = self.api.patch(f"/api/v1/risks/{self.risk.pk}/", {
            "version": self.risk.version, "responsible_people": ["far-away"],
        }, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.risk.responsible_people.exists())

    def test_someone_already_named_stays_when_the_record_is_edited(self):
        self.risk.responsible_people.set([self.far])
        response = self.api.patch(f"/api/v1/risks/{self.risk.pk}/", {
            "version": self.risk.version, "responsible_people": ["far-away", "staff"],
        }, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(set(self.risk.responsible_people.all()), {self.far, self.staff})

    def test_the_pickers_offer_only_people_the_editor_may_assign(self):
        self.client.force_login(self.head)
        measure = Measure.objects.create(risk=self.risk, text="Чара")
        for url in (f"/risks/passport/{self.dep_a1.code}/add/", f"/risks/{self.risk.pk}/edit/",
                    f"/risks/{self.risk.pk}/measures/add/", f"/risks/measures/{measure.pk}/edit/"):
            with self.subTest(url=url):
                page = self.client.get(url)
                self.assertEqual(page.status_code, 200)
                self.assertNotContains(page, "Алыскы Адам")
        # The page carries only the chosen people; the pickers' search offers the rest.
        found = self.client.get("/risks/people/search/", {"q": "staff"}).json()["results"]
        self.assertIn(self.staff.pk, [row["id"] for row in found])
        found = self.client.get("/risks/people/search/", {"q": "алыскы"}).json()["results"]
        self.assertEqual(found, [])
        page = self.client.post(f"/risks/passport/{self.dep_a1.code}/add/", {
            "title": "Жаңы", "likelihood": 2, "consequences": 2,
            "responsible_people": [self.far.pk],
        })
        self.assertEqual(page.status_code, 200)
        self.assertFalse(Risk.objects.filter(title="Жаңы").exists())
