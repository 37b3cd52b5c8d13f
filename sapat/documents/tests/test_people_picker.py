"""A new version's reviewers are searched, not listed from the whole university (3,000
people at the scale we design for); only the document's drafters may search."""
import re

from django.urls import reverse

from sapat.org.models import Person, Role

from .base import DocumentTestCase


class ReviewerPickerTests(DocumentTestCase):
    def search(self, text):
        return self.client.get(reverse("documents:people_search", args=[self.procedure.pk]),
                               {"q": text})

    def test_a_drafter_finds_the_universitys_people_with_a_role(self):
        near = Person.objects.create_user("near", password="x", full_name="Айбек Жакынкы")
        near.roles.create(role=Role.STAFF, unit=self.dep_a2)
        far = Person.objects.create_user("far", password="x", full_name="Айбек Алыскы")
        far.roles.create(role=Role.STAFF, unit=self.other_dep)
        gone = Person.objects.create_user("gone", password="x", full_name="Айбек Кеткен",
                                          is_active=False)
        gone.roles.create(role=Role.STAFF, unit=self.dep_a2)
        self.login(self.qms)
        answer = self.search("айбек").json()
        self.assertEqual([r["text"] for r in answer["results"]], ["Айбек Жакынкы"])

    def test_who_does_not_draft_the_document_is_refused(self):
        self.login(self.staff)  # reads the procedure, does not draft it
        self.assertEqual(self.search("а").status_code, 403)

    def test_the_form_carries_the_picker_and_accepts_only_those_it_offers(self):
        self.login(self.qms)
        url = reverse("documents:version_create", args=[self.procedure.pk])
        page = self.client.get(url)
        self.assertContains(page, 'data-search-url="{}"'.format(
            reverse("documents:people_search", args=[self.procedure.pk])))
        select = re.search(r'<select name="reviewers"[^>]*>(.*?)</select>',
                           page.content.decode(), re.S)
        self.assertEqual(re.findall(r'<option value="(\d+)"', select.group(1)), [])
        far = Person.objects.create_user("far", password="x", full_name="Алыскы")
        far.roles.create(role=Role.STAFF, unit=self.other_dep)
        response = self.client.post(url, {"change_summary": "Жаңы", "reviewers": [far.pk]})
        self.assertEqual(response.status_code, 200)
        self.assertIn("reviewers", response.context["form"].errors)
        self.assertFalse(self.procedure.versions.filter(number=2).exists())
