import datetime

from django.urls import reverse

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

    def test_qms_drafts_and_only_the_rector_approves(self):
        self.login(self.qms)
        self.client.post(reverse("processes:policy_draft"), {"text": "Жаңы саясат"})
        draft = QualityPolicy.objects.get(version=2)
        self.assertFalse(draft.is_approved)
        approve = reverse("processes:policy_approve", args=[draft.pk])
        self.assertEqual(self.client.post(approve).status_code, 403)
        self.login(self.head)
        self.assertEqual(self.client.post(approve).status_code, 403)
        self.login(self.rector)
        self.client.post(approve)
        draft.refresh_from_db()
        self.assertEqual(draft.approved_by, self.rector)
        self.assertEqual(QualityPolicy.in_force(), draft)

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
