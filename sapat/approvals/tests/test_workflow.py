"""The approval workflow through its services: states, freezing, versions, permissions.

A process card stands in for "a record of some app": the tests register it as an
approvable kind of their own, approved by the Academic Council, so that nothing here
depends on which apps use approvals today.
"""
import datetime
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sapat.approvals import permissions, registry, services
from sapat.approvals.models import ApprovalEvent, ApprovalRequest, State
from sapat.approvals.registry import ApprovableKind, Body
from sapat.processes.models import Process
from sapat.processes.tests.factories import make_process
from sapat.test import SapatTestCase

TODAY = timezone.localdate()


class CardKind:
    """Register process cards as approvable for the duration of a test class."""

    kind = ApprovableKind(
        key="test-card", model=Process, label="card", body=Body.COUNCIL,
        text=lambda p: f"{p.name}\n{p.goal}",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._saved = (dict(registry._KINDS), dict(registry._BY_MODEL))
        registry.register(cls.kind)

    @classmethod
    def tearDownClass(cls):
        registry._KINDS.clear()
        registry._KINDS.update(cls._saved[0])
        registry._BY_MODEL.clear()
        registry._BY_MODEL.update(cls._saved[1])
        super().tearDownClass()


class WorkflowTests(CardKind, SapatTestCase):
    def setUp(self):
        self.card = make_process(self.university, goal="Биринчи максат")

    def test_a_record_never_submitted_is_a_draft(self):
        self.assertEqual(services.current_state(self.card), State.DRAFT)
        self.assertEqual(services.history(self.card), [])

    def test_submitting_freezes_the_text_and_its_hash(self):
        request = services.submit(self.card, self.qms)
        self.assertEqual(services.current_state(self.card), State.SUBMITTED)
        self.assertEqual(request.body, Body.COUNCIL)
        self.assertEqual(request.number, 1)
        self.assertIn("Биринчи максат", request.content)
        self.assertEqual(request.sha256, hashlib.sha256(bytes(request.document)).hexdigest())
        self.assertEqual(bytes(request.document).decode(), request.content)

    def test_the_body_approves_with_decision_number_and_date(self):
        services.submit(self.card, self.qms)
        day = TODAY - datetime.timedelta(days=1)
        services.approve(self.card, self.council, "12", day)
        request = services.latest(self.card)
        self.assertEqual(request.state, State.APPROVED)
        self.assertEqual((request.decision_no, request.decision_date, request.decided_by),
                         ("12", day, self.council))
        self.assertEqual([e.state for e in services.history(self.card)],
                         [State.SUBMITTED, State.APPROVED])

    def test_approval_needs_a_number_and_a_date_not_in_the_future(self):
        services.submit(self.card, self.qms)
        for number, day, field in [("", TODAY, "decision_no"), ("5", None, "decision_date"),
                                   ("5", TODAY + datetime.timedelta(days=1),
                                    "decision_date")]:
            with self.subTest(number=number, day=day):
                with self.assertRaises(ValidationError) as caught:
                    services.approve(self.card, self.council, number, day)
                self.assertIn(field, caught.exception.message_dict)
        self.assertEqual(services.current_state(self.card), State.SUBMITTED)
        self.assertEqual(ApprovalEvent.objects.filter(state=State.APPROVED).count(), 0)

    def test_returning_needs_a_reason_and_keeps_it(self):
        services.submit(self.card, self.qms)
        with self.assertRaises(ValidationError):
            services.return_(self.card, self.council, "  ")
        services.return_(self.card, self.council, "Максат өлчөнбөйт")
        self.assertEqual(services.current_state(self.card), State.RETURNED)
        self.assertEqual(services.latest(self.card).reason, "Максат өлчөнбөйт")

    def test_a_returned_version_is_corrected_and_submitted_again_as_the_same_version(self):
        services.submit(self.card, self.qms)
        services.return_(self.card, self.council, "Тактоо керек")
        self.card.goal = "Тактоолгон максат"
        self.card.save()
        request = services.submit(self.card, self.qms)
        self.assertEqual(request.number, 1)
        self.assertIn("Тактоолгон", request.content)
        self.assertEqual(ApprovalRequest.objects.count(), 1)
        self.assertEqual([e.state for e in services.history(self.card)],
                         [State.SUBMITTED, State.RETURNED, State.SUBMITTED])

    def test_only_a_submitted_version_can_be_decided(self):
        with self.assertRaises(ValidationError):
            services.approve(self.card, self.council, "1", TODAY)
        with self.assertRaises(ValidationError):
            services.return_(self.card, self.council, "why")
        services.submit(self.card, self.qms)
        with self.assertRaises(ValidationError):
            services.submit(self.card, self.qms)
        services.approve(self.card, self.council, "1", TODAY)
        with self.assertRaises(ValidationError):
            services.return_(self.card, self.council, "too late")

    def test_a_record_changed_after_submission_cannot_be_approved_unseen(self):
        services.submit(self.card, self.qms)
        self.card.goal = "Башка максат"
        self.card.save()
        with self.assertRaises(ValidationError):
            services.approve(self.card, self.council, "3", TODAY)
        self.assertEqual(services.current_state(self.card), State.SUBMITTED)

    def test_the_approved_copy_stays_frozen_and_a_change_is_the_next_version(self):
        services.submit(self.card, self.qms)
        services.approve(self.card, self.council, "1", TODAY)
        first = services.approved_request(self.card)
        frozen = (first.content, bytes(first.document), first.sha256)
        with self.assertRaises(ValidationError):  # nothing changed: nothing to approve
            services.submit(self.card, self.qms)
        self.card.goal = "Экинчи максат"
        self.card.save()
        self.assertTrue(services.changed_since_approval(self.card))
        second = services.submit(self.card, self.qms)
        self.assertEqual(second.number, 2)
        services.approve(self.card, self.council, "2", TODAY)
        first.refresh_from_db()
        self.assertEqual((first.content, bytes(first.document), first.sha256), frozen)
        self.assertEqual(services.approved_request(self.card).number, 2)
        old, text = services.in_force_text(second)
        self.assertEqual(old, first)
        self.assertIn("Биринчи максат", text)

    def test_on_approved_is_called_in_the_same_transaction(self):
        seen = []
        kind = ApprovableKind(key="test-card", model=Process, label="card", body=Body.COUNCIL,
                              text=lambda p: p.name,
                              on_approved=lambda obj, req: seen.append((obj.pk, req.number)))
        registry.register(kind)
        try:
            services.submit(self.card, self.qms)
            services.approve(self.card, self.council, "1", TODAY)
        finally:
            registry.register(self.kind)
        self.assertEqual(seen, [(self.card.pk, 1)])

    def test_history_rows_say_who_changed_the_request(self):
        request = services.submit(self.card, self.qms)
        services.approve(self.card, self.council, "1", TODAY)
        self.assertEqual(request.history.count(), 2)


class PermissionMatrixTests(CardKind, SapatTestCase):
    """Role × action: who may submit a university record, who decides for each body."""

    def setUp(self):
        self.card = make_process(self.university)

    def test_who_may_submit_and_decide(self):
        kind = registry.kind_of(self.card)
        people = ["rector", "qms", "director", "head", "head2", "service", "council",
                  "auditor", "staff", "outsider"]
        # The default submit rule: whoever may update the university's records.
        submit = {"qms"}
        decide = {Body.COUNCIL: {"council"}, Body.RECTOR: {"rector"}, Body.QMS: {"qms"}}
        for name in people:
            person = getattr(self, name)
            with self.subTest(person=name, action="submit"):
                self.assertEqual(permissions.may_submit(person, kind, self.card),
                                 name in submit)
            for body, allowed in decide.items():
                with self.subTest(person=name, body=body):
                    self.assertEqual(permissions.may_decide(person, body, self.university),
                                     name in allowed)

    def test_nobody_decides_for_another_university(self):
        for name in ("rector", "council", "qms"):
            with self.subTest(person=name):
                self.assertFalse(permissions.may_decide(getattr(self, name), Body.RECTOR,
                                                        self.other_university))

    def test_the_services_refuse_the_wrong_people(self):
        with self.assertRaises(PermissionDenied):
            services.submit(self.card, self.staff)
        services.submit(self.card, self.qms)
        for name in ("rector", "qms", "head", "staff"):
            with self.subTest(person=name), self.assertRaises(PermissionDenied):
                services.approve(self.card, getattr(self, name), "1", TODAY)
        with self.assertRaises(PermissionDenied):
            services.return_(self.card, self.rector, "no")
        self.assertEqual(services.current_state(self.card), State.SUBMITTED)

    def test_the_waiting_list_of_each_body(self):
        services.submit(self.card, self.qms)
        waiting = ApprovalRequest.objects.waiting()
        self.assertEqual(waiting.filter(permissions.bodies_q(self.council)).count(), 1)
        for name in ("rector", "qms", "head", "outsider"):
            with self.subTest(person=name):
                self.assertEqual(
                    waiting.filter(permissions.bodies_q(getattr(self, name))).count(), 0)
