"""Signed-in answers (pages, JSON, files) carry `Cache-Control: no-store`; public pages for
signed-out visitors may still be cached."""

from django.core.cache import cache
from django.test import TestCase

from sapat.api.tokens import token_create
from sapat.org.models import Person


class NoStoreTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = Person.objects.create_user("someone", password="x-long-password-1")

    def setUp(self):
        cache.clear()

    def no_store(self, response):
        return "no-store" in response.get("Cache-Control", "")

    def test_signed_in_pages_and_json_are_not_stored(self):
        self.client.force_login(self.person)
        for url in ("/", "/profile/", "/api/v1/tokens/", "/api/v1/risks/"):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assertTrue(self.no_store(r), r.get("Cache-Control"))
                self.assertIn("private", r["Cache-Control"])

    def test_token_answers_are_not_stored(self):
        _token, key = token_create(person=self.person, name="script")
        r = self.client.get("/api/v1/risks/", HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(r.status_code, 200)
        self.assertTrue(self.no_store(r), r.get("Cache-Control"))

    def test_signed_out_visitors_pages_are_left_alone(self):
        r = self.client.get("/health/")
        self.assertFalse(self.no_store(r))
