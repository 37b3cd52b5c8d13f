"""Sign-in through a real OpenID Connect provider (django-oidc-provider on loopback,
started by the test): the code flow with PKCE, the ID token's signature, the e-mail match."""
from urllib.parse import parse_qs, urljoin, urlparse

import requests
from django.test import override_settings

from sapat.accounts.config import backends
from sapat.accounts.oidc import _DISCOVERY
from sapat.org.models import Person
from sapat.test import SapatTestCase

from .servers.provider import Provider

CALLBACK = "http://testserver/accounts/signin/university/return/"
PEOPLE = [
    {"username": "gulnara", "password": "op-parol-1", "email": "HEAD@example.kg",
     "name": "Гүлнара"},
    {"username": "stranger", "password": "op-parol-2", "email": "nobody@jasu.kg",
     "name": "Белгисиз"},
]


def provider_sign_in(client, account: str, password: str):
    """Sapat's button → the provider's form → back to Sapat, as a browser would."""
    start = client.get("/accounts/signin/university/")
    assert start.status_code == 302, start
    browser = requests.Session()
    url = start["Location"]
    for _hop in range(10):
        if url.startswith("http://testserver/"):
            parsed = urlparse(url)
            return client.get(parsed.path + "?" + parsed.query)
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "op-username" in response.text:
            response = browser.post(response.url, data={
                "username": account, "password": password,
                "csrfmiddlewaretoken": browser.cookies["op_csrftoken"],
                "next": parse_qs(urlparse(response.url).query).get("next", [""])[0],
            }, headers={"Referer": response.url}, allow_redirects=False, timeout=10)
        assert response.status_code in (301, 302), (response.status_code, response.text[:500])
        url = urljoin(response.url, response.headers["Location"])
    raise AssertionError("too many redirects")


class ProviderSignInTests(SapatTestCase):
    @classmethod
    def setUpClass(cls):
        cls.provider = Provider(PEOPLE, [CALLBACK]).__enter__()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.provider.__exit__()

    def use(self, **overrides):
        _DISCOVERY.clear()
        oidc = self.provider.settings(**overrides)
        return override_settings(SAPAT_OIDC=oidc, AUTHENTICATION_BACKENDS=backends(None, oidc))

    def test_the_sign_in_page_offers_the_universitys_button(self):
        with self.use():
            response = self.client.get("/login/")
        self.assertContains(response, "JASU 365")
        self.assertContains(response, 'href="/accounts/signin/university/"')

    def test_a_person_signs_in_through_the_provider_as_the_imported_person(self):
        people = Person.objects.count()
        with self.use():
            response = provider_sign_in(self.client, "gulnara", "op-parol-1")
            self.assertRedirects(response, "/", fetch_redirect_response=False)
            home = self.client.get("/")
        self.assertEqual(home.context["user"], self.head)  # matched by e-mail, any case
        self.assertEqual(Person.objects.count(), people)

    def test_a_person_unknown_to_sapat_gets_the_qms_office_page(self):
        people = Person.objects.count()
        with self.use():
            response = provider_sign_in(self.client, "stranger", "op-parol-2")
            self.assertRedirects(response, "/accounts/signin/unknown/",
                                 fetch_redirect_response=False)
            page = self.client.get("/accounts/signin/unknown/", HTTP_ACCEPT_LANGUAGE="ru")
        self.assertContains(page, "nobody@jasu.kg", status_code=403)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(Person.objects.count(), people)

    def test_a_domain_outside_the_university_is_refused(self):
        with self.use(SAPAT_OIDC_ALLOWED_DOMAINS="jasu.kg"):
            response = provider_sign_in(self.client, "gulnara", "op-parol-1")
        self.assertRedirects(response, "/login/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_provider_that_cannot_be_reached_is_said_so(self):
        with self.use(SAPAT_OIDC_ISSUER="http://127.0.0.1:9"):
            response = self.client.get("/accounts/signin/university/")
        self.assertEqual(response.status_code, 503)
        self.assertTemplateUsed(response, "accounts/provider_unavailable.html")
