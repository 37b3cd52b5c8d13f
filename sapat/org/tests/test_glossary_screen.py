from django.urls import reverse

from sapat.org.models import Term
from sapat.test import SapatTestCase


class GlossaryTests(SapatTestCase):
    def setUp(self):
        Term.objects.create(abbreviation="СМС", meaning="сапат менеджмент системасы",
                            meaning_ru="система менеджмента качества")

    def test_everyone_signed_in_reads_it_in_their_language(self):
        self.login(self.staff)
        r = self.client.get(reverse("org:glossary"), HTTP_ACCEPT_LANGUAGE="ru")
        self.assertContains(r, "система менеджмента качества")
        self.assertNotContains(r, reverse("org:term_new"))

    def test_only_the_qms_office_edits_it(self):
        self.login(self.head)
        self.assertEqual(self.client.get(reverse("org:term_new")).status_code, 403)
        self.login(self.qms)
        r = self.client.post(reverse("org:term_new"), {"abbreviation": "ПЦК",
                                                       "meaning": "предметтик-циклдык комиссия"})
        self.assertRedirects(r, reverse("org:glossary"))
