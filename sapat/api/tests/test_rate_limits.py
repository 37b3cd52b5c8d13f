"""Rate limits on sign-in, on creating tokens, and on the API."""
from django.test import Client, override_settings
from rest_framework.settings import api_settings

from sapat.api.models import ApiToken

from .base import ApiTestCase


def rates(**changes):
    current = dict(api_settings.DEFAULT_THROTTLE_RATES)
    current.update(changes)
    from django.conf import settings

    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK,
                                             "DEFAULT_THROTTLE_RATES": current})


class LoginRateLimitTests(ApiTestCase):
    client_class = Client

    @rates(login="3/min")
    def test_failed_sign_ins_from_one_address_are_throttled_across_user_names(self):
        for name in ("head", "staff", "qms"):
            response = self.client.post("/login/", {"username": name, "password": "wrong"})
            self.assertEqual(response.status_code, 200)
        response = self.client.post("/login/", {"username": "director",
                                                "password": "password-for-tests"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, 'data-testid="too-many"', status_code=429)

    @rates(login="3/min")
    def test_successful_sign_ins_do_not_count(self):
        for _i in range(5):
            response = self.client.post("/login/", {"username": "head",
                                                    "password": "password-for-tests"})
            self.assertEqual(response.status_code, 302)
            self.client.logout()


class TokenRateLimitTests(ApiTestCase):
    @rates(tokens="2/hour")
    def test_creating_tokens_through_the_api_is_throttled(self):
        self.login(self.head)
        codes = [self.client.post("/api/v1/tokens/", {"name": f"t{i}"}).status_code
                 for i in range(3)]
        self.assertEqual(codes, [201, 201, 429])
        self.assertEqual(ApiToken.objects.count(), 2)

    @rates(tokens="2/hour")
    def test_creating_tokens_on_the_profile_page_is_throttled(self):
        client = Client()
        client.force_login(self.head)
        for i in range(3):
            client.post("/profile/tokens/", {"name": f"t{i}"})
        self.assertEqual(ApiToken.objects.count(), 2)


class ApiRateLimitTests(ApiTestCase):
    @rates(anon="2/min")
    def test_anonymous_api_requests_are_throttled(self):
        codes = [self.client.get("/api/v1/units/").status_code for _i in range(3)]
        self.assertEqual(codes, [401, 401, 429])

    @rates(user="3/min")
    def test_a_token_is_throttled_per_person(self):
        self.as_token(self.head)
        codes = [self.client.get("/api/v1/units/").status_code for _i in range(4)]
        self.assertEqual(codes, [200, 200, 200, 429])

    @rates(anon="2/min")
    def test_a_forged_forwarded_for_does_not_escape_the_anonymous_limit(self):
        codes = [self.client.get("/api/v1/units/", REMOTE_ADDR="10.1.1.1",
                                 HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code
                 for i in range(3)]
        self.assertEqual(codes, [401, 401, 429])

    @rates(anon="2/min")
    def test_behind_configured_proxies_the_forwarded_address_is_the_key(self):
        from django.conf import settings

        with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK,
                                               "NUM_PROXIES": 1}):
            codes = [self.client.get("/api/v1/units/", REMOTE_ADDR="10.0.0.1",
                                     HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code
                     for i in range(3)]
            self.assertEqual(codes, [401, 401, 401])
            codes = [self.client.get("/api/v1/units/", REMOTE_ADDR="10.0.0.1",
                                     HTTP_X_FORWARDED_FOR="192.0.2.77").status_code
                     for i in range(3)]
            self.assertEqual(codes, [401, 401, 429])
