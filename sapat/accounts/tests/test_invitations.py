"""Invitations: one link each, in the person's language, used once, expiring."""
import datetime
import re

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from sapat.accounts.invitations import invitations_send
from sapat.accounts.models import Invitation
from sapat.org.models import Person
from sapat.test import SapatTestCase


class InvitationTests(SapatTestCase):
    def setUp(self):
        self.newcomer = Person.objects.create(
            username="asan", full_name="Асан Үсөнов", email="asan@jasu.kg", language="ru",
            unit=self.dep_a1)
        self.newcomer.set_unusable_password()
        self.newcomer.save()

    def invite(self, person=None):
        invitations_send(people=[person or self.newcomer], by=self.qms,
                         base_url="http://testserver")
        return re.search(r"http://testserver(/accounts/invite/[^/\s]+/)", mail.outbox[-1].body
                         ).group(1)

    def test_the_email_is_in_the_persons_language_and_carries_one_link(self):
        self.invite()
        message = mail.outbox[0]
        self.assertEqual(message.to, ["asan@jasu.kg"])
        self.assertIn("Приглашение", message.subject)
        self.assertIn("asan", message.body)
        self.assertEqual(Invitation.objects.get().state, Invitation.State.OPEN)
        # Only a hash of the token is stored.
        token = re.search(r"/accounts/invite/([^/\s]+)/", message.body).group(1)
        self.assertNotIn(token, Invitation.objects.get().token_hash)

    def test_the_person_sets_a_password_once(self):
        link = self.invite()
        self.assertRedirects(self.client.get(link), "/accounts/invite/")
        page = self.client.get("/accounts/invite/")
        self.assertContains(page, "asan")
        response = self.client.post("/accounts/invite/", {
            "action": "password", "new_password1": "Jalal-Abad-2026!",
            "new_password2": "Jalal-Abad-2026!"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.newcomer.refresh_from_db()
        self.assertTrue(self.newcomer.check_password("Jalal-Abad-2026!"))
        self.assertTrue(self.newcomer.password.startswith("argon2"))
        self.assertEqual(Invitation.objects.get().state, Invitation.State.USED)
        self.client.logout()
        self.assertEqual(self.client.get(link).status_code, 410)  # used once

    def test_a_weak_password_is_refused_in_the_persons_words(self):
        self.client.get(self.invite())
        response = self.client.post("/accounts/invite/", {
            "action": "password", "new_password1": "12345678", "new_password2": "12345678"},
            HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "слишком")
        self.assertEqual(Invitation.objects.get().state, Invitation.State.OPEN)

    def test_an_expired_or_replaced_link_is_refused(self):
        first = self.invite()
        second = self.invite()
        self.assertEqual(self.client.get(first).status_code, 410)
        Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
        self.assertEqual(self.client.get(second).status_code, 410)

    def test_a_deactivated_person_cannot_use_their_link(self):
        link = self.invite()
        self.newcomer.is_active = False
        self.newcomer.save()
        self.assertEqual(self.client.get(link).status_code, 410)

    @override_settings(SAPAT_OIDC={"client_id": "x", "issuer": "http://127.0.0.1:9",
                                    "label": "JASU 365"})
    def test_with_university_accounts_the_person_may_go_there_instead(self):
        self.client.get(self.invite())
        page = self.client.get("/accounts/invite/")
        self.assertContains(page, 'value="university"')
        response = self.client.post("/accounts/invite/", {"action": "university"})
        self.assertRedirects(response, "/accounts/signin/university/",
                             fetch_redirect_response=False)
        self.assertEqual(Invitation.objects.get().state, Invitation.State.USED)

    def test_the_qms_office_invites_from_the_person_page(self):
        self.client.force_login(self.qms)
        response = self.client.post(f"/accounts/people/{self.newcomer.pk}/invite/")
        self.assertRedirects(response, f"/org/people/{self.newcomer.pk}/",
                             fetch_redirect_response=False)
        self.assertEqual(len(mail.outbox), 1)

    def test_only_the_qms_office_invites(self):
        for person in (self.rector, self.director, self.head, self.staff):
            self.client.force_login(person)
            response = self.client.post(f"/accounts/people/{self.newcomer.pk}/invite/")
            self.assertEqual(response.status_code, 403, person.username)
        self.assertEqual(mail.outbox, [])
