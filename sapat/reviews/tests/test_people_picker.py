"""A review's decision names its responsible person by search, not from a list of the
whole university (3,000 people at the scale we design for); a decision refused comes back
with what was typed."""
import datetime
import re

from django.urls import reverse
from django.utils import timezone

from sapat.org.models import Person
from sapat.reviews import services
from sapat.reviews.models import ReviewOutput

from .base import ReviewTestCase


class OutputPeoplePickerTests(ReviewTestCase):
    def setUp(self):
        review = services.review_create(university=self.university, year=self.this_year,
                                        by=self.qms)
        self.review = services.review_hold(review=review, by=self.rector,
                                           held_on=timezone.localdate(),
                                           expected_version=review.version)
        self.url = reverse("reviews:people_search", args=[self.review.pk])

    def search(self, text):
        return self.client.get(self.url, {"q": text})

    def test_the_rector_finds_the_universitys_active_people_only(self):
        Person.objects.create_user("gone", password="x", full_name="Айбек Кеткен",
                                   unit=self.dep_a1, is_active=False)
        Person.objects.create_user("near", password="x", full_name="Айбек Жакынкы",
                                   unit=self.dep_a1)
        Person.objects.create_user("far", password="x", full_name="Айбек Алыскы",
                                   unit=self.other_dep)
        self.login(self.rector)
        answer = self.search("айбек").json()
        self.assertEqual([r["text"] for r in answer["results"]], ["Айбек Жакынкы"])

    def test_who_records_no_decision_is_refused(self):
        self.login(self.council)  # reads reviews, records no decision
        self.assertEqual(self.search("а").status_code, 403)
        self.login(self.head)  # does not read reviews at all
        self.assertEqual(self.search("а").status_code, 404)

    def test_the_page_carries_only_the_picker_not_the_people(self):
        self.login(self.rector)
        page = self.client.get(self.review.get_absolute_url())
        self.assertContains(page, f'data-search-url="{self.url}"')
        select = re.search(r'<select name="person"[^>]*>(.*?)</select>',
                           page.content.decode(), re.S)
        self.assertEqual(re.findall(r'<option value="(\d+)"', select.group(1)), [])

    def test_a_refused_decision_comes_back_with_what_was_typed(self):
        self.login(self.rector)
        response = self.client.post(reverse("reviews:output_add", args=[self.review.pk]), {
            "kind": "improvement", "text": "Сурамжылоону кеңейтүү", "unit": self.dep_a1.pk,
            "person": self.head.pk, "due_date": "31.02.2027"}, HTTP_ACCEPT_LANGUAGE="ky")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ReviewOutput.objects.exists())
        self.assertContains(response, "Сурамжылоону кеңейтүү", status_code=400)
        self.assertContains(response, f'<option value="{self.head.pk}" selected>',
                            status_code=400)
        form = response.context["output_form"]
        self.assertIn("due_date", form.errors)
        # Chosen from another university, a person is refused by the form, not only hidden
        # from the search.
        far = Person.objects.create_user("far", password="x", full_name="Алыскы",
                                         unit=self.other_dep)
        response = self.client.post(reverse("reviews:output_add", args=[self.review.pk]), {
            "kind": "improvement", "text": "Т", "unit": self.dep_a1.pk, "person": far.pk,
            "due_date": (timezone.localdate() + datetime.timedelta(days=5)).isoformat()})
        self.assertEqual(response.status_code, 400)
        self.assertIn("person", response.context["output_form"].errors)
