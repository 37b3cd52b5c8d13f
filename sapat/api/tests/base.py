"""A test case for the API: the JASU-shaped tree, a fresh rate-limit cache, JSON helpers."""
from django.core.cache import cache
from rest_framework.test import APIClient

from sapat.api.tokens import token_create
from sapat.test import SapatTestCase


class ApiTestCase(SapatTestCase):
    client_class = APIClient

    def setUp(self):
        super().setUp()
        # Rate-limit counters live in the cache; each test starts with none.
        cache.clear()

    def token_for(self, person, name="tests") -> str:
        _token, key = token_create(person=person, name=name)
        return key

    def as_token(self, person):
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {self.token_for(person)}")
        return person

    def login(self, person):
        self.client.force_login(person)
        return person
