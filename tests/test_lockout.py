"""Repeated failed sign-ins lock the login for a while, with a translated message."""

from django.conf import settings
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from sapat.org.models import Person


@override_settings(AXES_FAILURE_LIMIT=3)
class LockoutTests(TestCase):
    def setUp(self):
        Person.objects.create_user("head", password="the-right-password-1")

    def attempt(self, password, language="ky"):
        return self.client.post(
            reverse("login"),
            {"username": "head", "password": password},
            HTTP_ACCEPT_LANGUAGE=language,
            REMOTE_ADDR="10.0.0.7",
        )

    def test_a_wrong_password_says_so(self):
        r = self.attempt("wrong")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "form-errors")

    def test_after_the_limit_even_the_right_password_is_refused(self):
        for _ in range(3):
            self.attempt("wrong")
        r = self.attempt("the-right-password-1")
        self.assertEqual(r.status_code, 429)
        self.assertContains(r, 'data-testid="locked-out"', status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_lockout_message_is_translated(self):
        for _ in range(3):
            self.attempt("wrong")
        r = self.attempt("wrong", language="ru")
        self.assertContains(r, "Слишком много", status_code=429)
        r = self.attempt("wrong", language="ky")
        self.assertContains(r, "Өтө көп", status_code=429)

    def test_a_success_before_the_limit_resets_the_count(self):
        self.attempt("wrong")
        self.attempt("wrong")
        r = self.attempt("the-right-password-1")
        self.assertRedirects(r, reverse("home"), fetch_redirect_response=False)


@override_settings(
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "login": "5/min",
        },
    }
)
class SignInLimitPerAddressTests(TestCase):
    """Many user names from one address (password spraying): the admin's sign-in stops at
    the same per-address limit as Sapat's, and both count in one counter."""

    def setUp(self):
        cache.clear()
        Person.objects.create_superuser("root", password="the-right-password-1")

    def post(self, url, username, password="wrong", address="10.0.0.9"):
        return self.client.post(
            url, {"username": username, "password": password}, REMOTE_ADDR=address
        )

    def test_the_admin_sign_in_stops_after_the_limit(self):
        for n in range(5):
            self.assertEqual(self.post("/admin/login/", f"name{n}").status_code, 200)
        r = self.post("/admin/login/", "root", "the-right-password-1")
        self.assertEqual(r.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
        # Another address is not affected.
        r = self.post("/admin/login/", "root", "the-right-password-1", address="10.0.0.10")
        self.assertEqual(r.status_code, 302)

    def test_both_sign_in_pages_share_one_counter(self):
        for n in range(3):
            self.post(reverse("login"), f"name{n}")
        for n in range(2):
            self.post("/admin/login/", f"other{n}")
        self.assertEqual(self.post(reverse("login"), "name9").status_code, 429)
        self.assertEqual(self.post("/admin/login/", "other9").status_code, 429)
