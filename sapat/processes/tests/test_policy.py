import datetime

from django.urls import reverse

from sapat.approvals import services as approvals
from sapat.approvals.models import ApprovalRequest
from sapat.processes.models import PolicyAcknowledgement, QualityPolicy
from sapat.test import SapatTestCase


class PolicyTests(SapatTestCase):
    def setUp(self):
        self.policy = QualityPolicy.objects.create(
            version=1, text="Саясат", unit=self.university, approved_by=self.rector,
            approved_on=datetime.date(2025, 8, 29))

    def test_every_person_with_a_role_reads_the_policy_and_acknowledges_it(self):
        self.login(self.staff)
        response = self.client.get(reverse("processes:policy"))
        self.assertContains(response, "Саясат")
        self.assertContains(response, 'data-testid="acknowledge"')
        self.client.post(reverse("processes:policy_acknowledge", args=[self.policy.pk]))
        self.client.post(reverse("processes:policy_acknowledge", args=[self.policy.pk]))
        self.assertEqual(PolicyAcknowledgement.objects.filter(person=self.staff).count(), 1)
        self.assertNotContains(self.client.get(reverse("processes:policy")),
                               'data-testid="acknowledge"')

    def test_qms_drafts_submits_and_only_the_rector_approves_with_a_decision(self):
        self.login(self.qms)
        r = self.client.post(reverse("processes:policy_draft"), {"text": "Жаңы саясат"})
        draft = QualityPolicy.objects.get(version=2)
        self.assertRedirects(r, reverse("processes:policy_version", args=[draft.pk]))
        self.assertFalse(draft.is_approved)
        page = self.client.get(reverse("processes:policy_version", args=[draft.pk]))
        self.assertContains(page, 'data-testid="submit-approval"')
        self.client.post(reverse("approvals:submit", args=["policy", draft.pk]))
        request = ApprovalRequest.objects.get(kind="policy", object_id=draft.pk)
        self.assertEqual((request.state, request.body), ("submitted", "rector"))
        approve = reverse("approvals:approve", args=[request.pk])
        data = {"approve-decision_no": "45", "approve-decision_date": "01.12.2025",
                "confirmed": "1"}
        for person in (self.qms, self.head, self.council):
            self.login(person)
            with self.subTest(person=person.username):
                self.assertIn(self.client.post(approve, data).status_code, (403, 404))
        self.login(self.rector)
        page = self.client.get(reverse("processes:policy_version", args=[draft.pk]))
        self.assertContains(page, 'data-testid="approve-form"')
        self.client.post(approve, data)
        draft.refresh_from_db()
        self.assertEqual((draft.approved_by, draft.approved_on),
                         (self.rector, datetime.date(2025, 12, 1)))
        self.assertEqual(QualityPolicy.in_force(), draft)
        request.refresh_from_db()
        self.assertEqual((request.decision_no, request.state), ("45", "approved"))

    def test_the_comparison_shows_the_draft_against_the_version_in_force(self):
        draft = QualityPolicy.objects.create(version=2, text="Саясат жаңыртылды",
                                             unit=self.university)
        request = approvals.submit(draft, self.qms)
        self.login(self.rector)
        r = self.client.get(reverse("approvals:compare", args=[request.pk]))
        self.assertContains(r, "<ins>жаңыртылды</ins>", html=False)
        self.assertContains(r, "Саясат")

    def test_a_returned_draft_is_corrected_and_submitted_again(self):
        draft = QualityPolicy.objects.create(version=2, text="Биринчи", unit=self.university)
        approvals.submit(draft, self.qms)
        edit = reverse("processes:policy_draft_edit", args=[draft.pk])
        self.login(self.qms)
        self.client.post(edit, {"text": "Өзгөрткөн"})
        draft.refresh_from_db()
        self.assertEqual(draft.text, "Биринчи")  # waiting for the rector: not changed
        approvals.return_(draft, self.rector, "Максаттар жок")
        self.client.post(edit, {"text": "Максаттар менен"})
        draft.refresh_from_db()
        self.assertEqual(draft.text, "Максаттар менен")
        page = self.client.get(reverse("processes:policy"))
        self.assertContains(page, "Максаттар жок")
        self.assertEqual(approvals.submit(draft, self.qms).number, 1)

    def test_the_rector_who_approved_is_not_asked_to_acknowledge(self):
        draft = QualityPolicy.objects.create(version=2, text="Жаңы", unit=self.university)
        approvals.submit(draft, self.qms)
        approvals.approve(draft, self.rector, "2", datetime.date(2025, 12, 1))
        self.assertTrue(PolicyAcknowledgement.objects.filter(policy=draft,
                                                             person=self.rector).exists())
        self.login(self.rector)
        self.assertNotContains(self.client.get(reverse("processes:policy")),
                               'data-testid="acknowledge"')
        home = self.client.get(reverse("home"))
        self.assertContains(home, 'data-testid="inbox-home"')
        self.assertNotContains(home, "Сапат саясатын окуңуз")

    def test_an_approved_version_is_not_edited_nor_submitted_again(self):
        self.login(self.qms)
        r = self.client.post(reverse("processes:policy_draft_edit", args=[self.policy.pk]),
                             {"text": "Башка"})
        self.assertEqual(r.status_code, 302)
        self.policy.refresh_from_db()
        self.assertEqual(self.policy.text, "Саясат")
        r = self.client.post(reverse("approvals:submit", args=["policy", self.policy.pk]))
        self.assertEqual(r.status_code, 403)

    def test_the_rector_and_council_see_every_units_acknowledgements(self):
        for person in (self.rector, self.council):
            self.login(person)
            with self.subTest(person=person.username):
                response = self.client.get(reverse("processes:acknowledgements"))
                self.assertEqual(response.status_code, 200)
                self.assertIn(self.dep_b1, {r["unit"] for r in response.context["rows"]})

    def test_policy_page_query_count_is_fixed_whatever_the_drafts(self):
        self.login(self.rector)
        url = reverse("processes:policy")
        QualityPolicy.objects.create(version=2, text="a", unit=self.university)
        self.client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for v in range(3, 8):
            draft = QualityPolicy.objects.create(version=v, text="b", unit=self.university)
            approvals.submit(draft, self.qms)
        with self.assertNumQueries(len(few)):
            self.client.get(url)

    def test_head_sees_who_in_their_department_has_not_acknowledged(self):
        PolicyAcknowledgement.objects.create(policy=self.policy, person=self.head)
        self.login(self.head)
        response = self.client.get(reverse("processes:acknowledgements"))
        rows = {r["unit"]: r for r in response.context["rows"]}
        self.assertEqual(set(rows), {self.dep_a1})
        self.assertEqual(rows[self.dep_a1]["missing"], [self.staff])

    def test_qms_sees_every_unit_and_staff_sees_none(self):
        self.login(self.qms)
        response = self.client.get(reverse("processes:acknowledgements"))
        self.assertIn(self.dep_b1, {r["unit"] for r in response.context["rows"]})
        self.login(self.staff)
        self.assertEqual(self.client.get(reverse("processes:acknowledgements")).status_code,
                         403)

    def test_acknowledgement_list_query_count_is_fixed(self):
        self.login(self.qms)
        with self.assertNumQueries(5):
            self.client.get(reverse("processes:acknowledgements"))
        from sapat.org.models import Person
        for i in range(20):
            Person.objects.create(username=f"p{i}", unit=self.dep_a2)
        with self.assertNumQueries(5):
            self.client.get(reverse("processes:acknowledgements"))
