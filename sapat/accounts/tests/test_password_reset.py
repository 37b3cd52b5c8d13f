"""Password reset by e-mail: Django's views, the person's language, a rate limit, and the
same answer for an address Sapat knows and one it does not."""
import re

from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from sapat.test import SapatTestCase


class PasswordResetTests(SapatTestCase):
    def setUp(self):
        cache.clear()

    def ask(self, email, language="ky"):
        return self.client.post("/password/reset/", {"email": email},
                                HTTP_ACCEPT_LANGUAGE=language)

    def test_the_page_speaks_kyrgyz_properly(self):
        page = self.client.get("/password/reset/", HTTP_ACCEPT_LANGUAGE="ky")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "кыйрат")  # Django's "destroy the password"
        self.assertContains(page, 'lang="ky"')

    def test_known_and_unknown_addresses_get_the_same_answer(self):
        known = self.ask("HEAD@example.kg")
        unknown = self.ask("nobody@example.kg")
        self.assertRedirects(known, "/password/reset/sent/", fetch_redirect_response=False)
        self.assertRedirects(unknown, "/password/reset/sent/", fetch_redirect_response=False)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["head@example.kg"])

    def test_the_email_is_in_the_persons_language_and_the_link_sets_a_password(self):
        self.head.language = "ru"
        self.head.save()
        self.ask("head@example.kg", language="en")
        message = mail.outbox[0]
        self.assertIn("пароль", message.body)
        link = re.search(r"http://testserver(/password/reset/\S+/)", message.body).group(1)
        form = self.client.get(link, follow=True)
        self.assertContains(form, "new_password1")
        done = self.client.post(form.redirect_chain[-1][0], {
            "new_password1": "Jalal-Abad-2026!", "new_password2": "Jalal-Abad-2026!"})
        self.assertRedirects(done, "/password/reset/done/", fetch_redirect_response=False)
        self.head.refresh_from_db()
        self.assertTrue(self.head.check_password("Jalal-Abad-2026!"))
        self.assertEqual(self.client.get(link, follow=True).context["validlink"], False)

    def test_a_reset_unlocks_a_locked_out_login(self):
        for _ in range(6):
            self.client.post("/login/", {"username": "head", "password": "wrong"})
        self.assertTrue(AccessAttempt.objects.filter(username="head").exists())
        self.ask("head@example.kg")
        link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body
                         ).group(1)
        form = self.client.get(link, follow=True)
        self.client.post(form.redirect_chain[-1][0], {
            "new_password1": "Jalal-Abad-2026!", "new_password2": "Jalal-Abad-2026!"})
        self.assertFalse(AccessAttempt.objects.filter(username="head").exists())
        response = self.client.post("/login/", {"username": "head",
                                                "password": "Jalal-Abad-2026!"})
        self.assertEqual(response.status_code, 302)

    def test_repeated_requests_for_one_address_send_few_emails_and_say_nothing(self):
        for _ in range(6):
            response = self.ask("head@example.kg")
            self.assertRedirects(response, "/password/reset/sent/",
                                 fetch_redirect_response=False)
        self.assertEqual(len(mail.outbox), 3)

    @override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {
        "password_reset_ip": "2/hour", "password_reset": "3/hour"}})
    def test_one_address_asking_for_many_is_stopped(self):
        self.ask("a@example.kg")
        self.ask("b@example.kg")
        self.assertEqual(self.ask("c@example.kg").status_code, 429)

    @override_settings(SAPAT_OIDC={"client_id": "x", "issuer": "http://127.0.0.1:9"})
    def test_a_person_of_the_universitys_sign_in_is_told_to_use_it(self):
        self.staff.set_unusable_password()
        self.staff.save()
        self.ask("staff@example.kg")
        self.assertIn("/login/", mail.outbox[0].body)
        self.assertNotIn("/password/reset/", mail.outbox[0].body)

    def test_without_university_accounts_an_imported_person_sets_a_first_password(self):
        self.staff.set_unusable_password()
        self.staff.save()
        self.ask("staff@example.kg")
        self.assertIn("/password/reset/", mail.outbox[0].body)
