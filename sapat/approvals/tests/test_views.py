"""The approval screens: anonymous → sign in, no right → 403/404, right → the page; the
decision with its confirmation step; the panel any record page includes."""
import datetime

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from sapat.approvals import services
from sapat.approvals.models import ApprovalRequest, State
from sapat.processes.tests.factories import make_process
from sapat.test import SapatTestCase

from .test_workflow import CardKind

TODAY = timezone.localdate()


class ApprovalScreenTests(CardKind, SapatTestCase):
    def setUp(self):
        self.card = make_process(self.university, goal="Биринчи максат")
        self.request = services.submit(self.card, self.qms)

    def url(self, name):
        return reverse(f"approvals:{name}", args=[self.request.pk])

    def test_it_requires_sign_in(self):
        for name in ("detail", "compare", "document"):
            r = self.client.get(self.url(name))
            self.assertEqual(r.status_code, 302)
            self.assertIn("/login/", r["Location"])

    def test_an_outsider_does_not_see_the_request(self):
        self.login(self.outsider)
        for name in ("detail", "compare", "document"):
            self.assertEqual(self.client.get(self.url(name)).status_code, 404)
        r = self.client.post(self.url("approve"), {"approve-decision_no": "1",
                                                   "approve-decision_date": "01.12.2026"})
        self.assertEqual(r.status_code, 404)

    def test_a_reader_may_not_decide(self):
        self.login(self.rector)
        self.assertEqual(self.client.get(self.url("detail")).status_code, 200)
        r = self.client.post(self.url("return"), {"return-reason": "no"})
        self.assertEqual(r.status_code, 403)
        self.request.refresh_from_db()
        self.assertEqual(self.request.state, State.SUBMITTED)

    def test_the_council_sees_the_forms_and_the_waiting_list(self):
        self.login(self.council)
        r = self.client.get(self.url("detail"))
        self.assertContains(r, 'data-testid="approve-form"')
        self.assertContains(r, "Биринчи максат")
        r = self.client.get(reverse("approvals:waiting"))
        self.assertContains(r, self.url("detail"))

    def test_approval_asks_for_confirmation_then_records_the_decision(self):
        self.login(self.council)
        data = {"approve-decision_no": "7/2", "approve-decision_date": "01.12.2026",
                "approve-version": self.request.version}
        r = self.client.post(self.url("approve"), data)
        self.assertContains(r, 'data-testid="confirm-approve"')
        self.request.refresh_from_db()
        self.assertEqual(self.request.state, State.SUBMITTED)  # not yet: confirm first
        r = self.client.post(self.url("approve"), {**data, "confirmed": "1"})
        self.assertEqual(r.status_code, 302)
        self.request.refresh_from_db()
        self.assertEqual((self.request.state, self.request.decision_no,
                          self.request.decision_date),
                         (State.APPROVED, "7/2", datetime.date(2026, 12, 1)))

    def test_a_bad_date_is_refused_in_the_users_language(self):
        self.login(self.council)
        self.client.cookies["django_language"] = "ru"
        r = self.client.post(self.url("approve"), {"approve-decision_no": "7",
                                                   "approve-decision_date": "12/01/2026"},
                             HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "дд.мм.гггг", status_code=400)
        self.request.refresh_from_db()
        self.assertEqual(self.request.state, State.SUBMITTED)

    def test_a_stale_form_is_refused(self):
        self.login(self.council)
        r = self.client.post(self.url("return"), {"return-reason": "Тактоо",
                                                  "return-version": self.request.version - 1})
        self.assertEqual(r.status_code, 400)
        self.request.refresh_from_db()
        self.assertEqual(self.request.state, State.SUBMITTED)

    def test_returning_without_a_reason_is_refused(self):
        self.login(self.council)
        r = self.client.post(self.url("return"), {"return-reason": ""})
        self.assertEqual(r.status_code, 400)
        r = self.client.post(self.url("return"), {"return-reason": "Максат өлчөнбөйт"})
        self.assertEqual(r.status_code, 302)
        self.request.refresh_from_db()
        self.assertEqual((self.request.state, self.request.reason),
                         (State.RETURNED, "Максат өлчөнбөйт"))

    def test_the_frozen_copy_downloads_byte_for_byte(self):
        self.login(self.qms)
        r = self.client.get(self.url("document"))
        self.assertEqual(r.content, bytes(self.request.document))
        self.assertEqual(r["X-Sha256"], self.request.sha256)
        self.assertIn("attachment", r["Content-Disposition"])

    def test_the_comparison_marks_changed_words(self):
        services.approve(self.card, self.council, "1", TODAY)
        self.card.goal = "Экинчи максат"
        self.card.save()
        second = services.submit(self.card, self.qms)
        self.login(self.council)
        r = self.client.get(reverse("approvals:compare", args=[second.pk]))
        self.assertContains(r, "<del>Биринчи</del>", html=False)
        self.assertContains(r, "<ins>Экинчи</ins>", html=False)

    def test_the_panel_shows_state_history_and_forms_to_the_body(self):
        factory = RequestFactory()
        template = Template("{% load approvals %}{% approval_panel card %}")
        for person, forms in ((self.council, True), (self.head, False)):
            request = factory.get("/processes/1/")
            request.user = person
            html = template.render(Context({"request": request, "card": self.card,
                                            "csrf_token": "x"}))
            with self.subTest(person=person.username):
                self.assertIn('data-testid="approval-history"', html)
                self.assertEqual('data-testid="approve-form"' in html, forms)

    def test_submitting_from_the_panel(self):
        services.return_(self.card, self.council, "Тактоо")
        url = reverse("approvals:submit", args=["test-card", self.card.pk])
        self.login(self.staff)  # does not read the university's cards
        self.assertEqual(self.client.post(url).status_code, 404)
        self.login(self.rector)  # reads them, does not prepare them
        self.assertEqual(self.client.post(url).status_code, 403)
        self.login(self.qms)
        r = self.client.post(url, {"next": "/processes/"})
        self.assertRedirects(r, "/processes/", fetch_redirect_response=False)
        self.assertEqual(ApprovalRequest.objects.get().state, State.SUBMITTED)
