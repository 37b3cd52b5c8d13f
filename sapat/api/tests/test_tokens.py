"""Personal API tokens: created and revoked on the profile page, used as `Token`/`Bearer`."""
from django.test import Client

from sapat.api.models import ApiToken, hash_key

from .base import ApiTestCase


class ProfileTokenTests(ApiTestCase):
    client_class = Client  # the profile page is an HTML form

    def test_anonymous_is_sent_to_login_from_profile(self):
        response = self.client.get("/profile/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])

    def test_person_sees_profile_with_roles_and_password_link(self):
        self.login(self.head)
        response = self.client.get("/profile/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="change-password"')
        self.assertContains(response, self.dep_a1.name)

    def test_created_token_is_shown_once_and_only_its_hash_is_stored(self):
        self.login(self.head)
        response = self.client.post("/profile/tokens/", {"name": "AVN import"})
        self.assertEqual(response.status_code, 302)
        page = self.client.get("/profile/")
        key = page.context["new_key"]["key"]
        self.assertTrue(key.startswith("sapat_"))
        token = ApiToken.objects.get(person=self.head)
        self.assertEqual(token.key_hash, hash_key(key))
        self.assertNotIn(key, [token.name, token.prefix, token.key_hash])
        again = self.client.get("/profile/")
        self.assertIsNone(again.context["new_key"])
        self.assertNotContains(again, key)

    def test_token_without_name_is_refused_with_a_message(self):
        self.login(self.head)
        response = self.client.post("/profile/tokens/", {"name": "  "})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ApiToken.objects.exists())
        self.assertTrue(response.context["errors"])

    def test_person_revokes_own_token_and_it_stops_working(self):
        key = self.token_for(self.head)
        token = ApiToken.objects.get(person=self.head)
        self.login(self.head)
        response = self.client.post(f"/profile/tokens/{token.pk}/revoke/")
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        response = self.client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(response.status_code, 401)

    def test_person_cannot_revoke_someone_elses_token(self):
        self.token_for(self.head)
        token = ApiToken.objects.get(person=self.head)
        self.login(self.head2)
        response = self.client.post(f"/profile/tokens/{token.pk}/revoke/")
        self.assertEqual(response.status_code, 404)
        token.refresh_from_db()
        self.assertTrue(token.is_active)


class TokenAuthenticationTests(ApiTestCase):
    def test_token_and_bearer_headers_both_authenticate(self):
        key = self.token_for(self.head)
        for scheme in ("Token", "Bearer"):
            with self.subTest(scheme=scheme):
                response = self.client.get("/api/v1/units/",
                                           HTTP_AUTHORIZATION=f"{scheme} {key}")
                self.assertEqual(response.status_code, 200)

    def test_wrong_token_is_401_with_a_challenge(self):
        response = self.client.get("/api/v1/units/", HTTP_AUTHORIZATION="Token sapat_nope")
        self.assertEqual(response.status_code, 401)
        self.assertIn("Token", response["WWW-Authenticate"])

    def test_no_credentials_is_401(self):
        self.assertEqual(self.client.get("/api/v1/units/").status_code, 401)

    def test_inactive_person_token_is_refused(self):
        key = self.token_for(self.head)
        self.head.is_active = False
        self.head.save()
        response = self.client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(response.status_code, 401)

    def test_use_is_noted_as_last_used(self):
        key = self.token_for(self.head)
        self.client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}")
        self.assertIsNotNone(ApiToken.objects.get(person=self.head).last_used_at)

    def test_tokens_endpoint_creates_lists_and_revokes_own_tokens(self):
        self.login(self.head)
        created = self.client.post("/api/v1/tokens/", {"name": "script"})
        self.assertEqual(created.status_code, 201)
        key = created.json()["key"]
        self.client.logout()
        listed = self.client.get("/api/v1/tokens/", HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(listed.status_code, 200)
        self.assertEqual([t["name"] for t in listed.json()["results"]], ["script"])
        self.assertNotIn("key", listed.json()["results"][0])
        token_id = created.json()["id"]
        gone = self.client.delete(f"/api/v1/tokens/{token_id}/",
                                  HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(gone.status_code, 204)
        after = self.client.get("/api/v1/tokens/", HTTP_AUTHORIZATION=f"Token {key}")
        self.assertEqual(after.status_code, 401)

    def test_someone_elses_token_is_not_found(self):
        self.token_for(self.head)
        token = ApiToken.objects.get(person=self.head)
        self.login(self.head2)
        self.assertEqual(self.client.get(f"/api/v1/tokens/{token.pk}/").status_code, 404)
        self.assertEqual(self.client.delete(f"/api/v1/tokens/{token.pk}/").status_code, 404)
