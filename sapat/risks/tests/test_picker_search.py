"""The responsible-people and positions pickers search on the server (issue 12: 3,000
people): the forms carry only the chosen ones, the endpoints answer only what the editor
may assign, in a fixed number of queries whatever the number of people."""
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sapat.org.models import Person, Position
from sapat.risks.models import Measure, Risk
from sapat.test import SapatTestCase

PEOPLE = "/risks/people/search/"
POSITIONS = "/risks/positions/search/"


class PickerSearchTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.aigul = Person.objects.create_user("aigul", password="x-long-password-1",
                                               full_name="Айгүл Токтосунова", unit=cls.dep_a1)
        cls.far = Person.objects.create_user("far", password="x-long-password-1",
                                             full_name="Айгүл Алыскы", unit=cls.dep_b1)
        cls.chair = Position.objects.create(code="chair-a1", name="Кафедра башчысы",
                                            name_ru="Заведующий кафедрой", unit=cls.dep_a1)
        cls.risk = Risk.objects.create(unit=cls.dep_a1, title="Тобокелдик", likelihood=3,
                                       consequences=3)

    def setUp(self):
        super().setUp()
        cache.clear()
        self.client.force_login(self.head)

    def ids(self, url, q):
        response = self.client.get(url, {"q": q})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        return [row["id"] for row in response.json()["results"]]

    def test_a_kyrgyz_name_is_found_in_any_case_and_by_any_of_its_words(self):
        for q in ("айгүл", "Айгүл", "АЙГҮЛ", "токто", "айгүл токто", "aigul"):
            with self.subTest(q=q):
                self.assertEqual(self.ids(PEOPLE, q), [self.aigul.pk])
        self.assertEqual(self.ids(PEOPLE, "айгүл жок"), [])
        self.assertEqual(self.ids(PEOPLE, ""), [])

    def test_only_people_the_editor_may_assign(self):
        self.assertNotIn(self.far.pk, self.ids(PEOPLE, "алыскы"))
        self.client.force_login(self.qms)
        self.assertEqual(self.ids(PEOPLE, "алыскы"), [self.far.pk])
        self.client.force_login(self.outsider)
        self.assertEqual(self.ids(PEOPLE, "айгүл"), [])
        self.client.logout()
        self.assertEqual(self.client.get(PEOPLE, {"q": "айгүл"}).status_code, 302)

    def test_positions_by_their_name_in_any_language_or_their_unit(self):
        self.assertEqual(self.ids(POSITIONS, "башчы"), [self.chair.pk])
        self.assertEqual(self.ids(POSITIONS, "заведующий"), [self.chair.pk])
        self.assertEqual(self.ids(POSITIONS, "кафедра а1"), [self.chair.pk])
        text = self.client.get(POSITIONS, {"q": "башчы"}).json()["results"][0]["text"]
        self.assertEqual(text, "Кафедра башчысы — Кафедра А1")

    def test_the_answer_is_short_and_its_query_count_fixed_whatever_the_rows(self):
        def queries(url, q):
            cache.clear()
            with CaptureQueriesContext(connection) as seen:
                self.assertEqual(self.client.get(url, {"q": q}).status_code, 200)
            return len(seen)

        few = queries(PEOPLE, "адам"), queries(POSITIONS, "кызмат")
        Person.objects.bulk_create(
            Person(username=f"adam-{i}", full_name=f"Адам {i:03}", unit=self.dep_a1)
            for i in range(60))
        Position.objects.bulk_create(
            Position(code=f"post-{i}", name=f"Кызмат {i}", unit=self.dep_a1) for i in range(60))
        self.assertEqual((queries(PEOPLE, "адам"), queries(POSITIONS, "кызмат")), few)
        answer = self.client.get(PEOPLE, {"q": "адам"}).json()
        self.assertEqual(len(answer["results"]), 20)
        self.assertTrue(answer["more"])
        self.assertEqual(answer["results"][0]["text"], "Адам 000")

    def test_the_forms_carry_only_the_chosen_people_and_positions(self):
        Person.objects.bulk_create(
            Person(username=f"adam-{i}", full_name=f"Адам {i:03}", unit=self.dep_a1)
            for i in range(30))
        measure = Measure.objects.create(risk=self.risk, text="Чара")
        measure.responsible_people.set([self.aigul])
        measure.responsible_positions.set([self.chair])
        page = self.client.get(f"/risks/measures/{measure.pk}/edit/").content.decode()
        self.assertNotIn("Адам 0", page)
        self.assertIn(f'<option value="{self.aigul.pk}" selected>Айгүл Токтосунова</option>',
                      page)
        self.assertIn(f'<option value="{self.chair.pk}" selected>Кафедра башчысы — Кафедра А1'
                      "</option>", page)
        self.assertIn('data-search-url="/risks/people/search/"', page)
        # A pick from the search is saved; someone the editor may not assign is refused.
        data = {"text": "Чара", "due_date": "2027-01-05", "version": measure.version,
                "responsible_people": [self.aigul.pk, self.staff.pk],
                "responsible_positions": [self.chair.pk]}
        self.assertEqual(self.client.post(f"/risks/measures/{measure.pk}/edit/", data)
                         .status_code, 302)
        self.assertEqual(set(measure.responsible_people.all()), {self.aigul, self.staff})
        measure.refresh_from_db()
        data.update(version=measure.version, responsible_people=[self.far.pk])
        page = self.client.post(f"/risks/measures/{measure.pk}/edit/", data)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(self.far, measure.responsible_people.all())
        # The grouped form's error summary names the field (and takes the focus: sapat.js).
        self.assertContains(page, 'data-testid="error-summary"')
        self.assertContains(page, '<a href="#id_responsible_people">')

    def test_a_mistake_in_a_later_group_of_the_risk_form_is_in_the_error_summary(self):
        page = self.client.post(f"/risks/passport/{self.dep_a1.code}/add/", {
            "title": "Жаңы", "likelihood": 2, "consequences": 2, "residual_score": 99,
        })
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'data-testid="error-summary"', count=1)
        self.assertContains(page, '<a href="#id_residual_score">')
        self.assertContains(page, '<a href="#id_category">')
