"""The programme's approval through the one workflow: submit, approve, frozen, revise."""

import datetime

from django.core.exceptions import ValidationError

from sapat.approvals import services as approvals
from sapat.audits import services
from sapat.audits.models import AuditProgramme

from .base import AuditTestCase


class ProgrammeApprovalTests(AuditTestCase):
    def plan(self, title="Аудит"):
        return services.audit_plan(
            programme=AuditProgramme.objects.get(pk=self.programme.pk),
            by=self.qms,
            fields={
                "title": title,
                "lead_auditor": self.auditor,
                "planned_start": self.today,
                "planned_end": self.today,
            },
            units=[self.dep_b1],
        )

    def approve(self, no="1"):
        programme = AuditProgramme.objects.get(pk=self.programme.pk)
        services.submit_programme(programme=programme, by=self.qms)
        services.approve_programme(
            programme=programme, by=self.rector, decision_no=no, decision_date=self.today
        )
        return AuditProgramme.objects.get(pk=self.programme.pk)

    def test_an_empty_programme_is_not_submitted(self):
        with self.assertRaises(ValidationError):
            services.submit_programme(programme=self.programme, by=self.qms)

    def test_the_rector_approves_and_the_plan_is_frozen(self):
        audit = self.plan()
        with self.assertRaises(ValidationError):
            services.audit_start(audit=audit, by=self.auditor)
        programme = self.approve("СМС-07")
        self.assertEqual(programme.state, AuditProgramme.State.APPROVED)
        self.assertEqual(
            (programme.approved_by, programme.decision_no, programme.decision_date),
            (self.rector, "СМС-07", self.today),
        )
        self.assertEqual(programme.approved_plan[0]["title"], "Аудит")
        with self.assertRaises(ValidationError):
            self.plan("Дагы бир аудит")
        services.audit_start(audit=audit, by=self.auditor)

    def test_only_the_rector_decides(self):
        from django.core.exceptions import PermissionDenied

        self.plan()
        services.submit_programme(programme=self.programme, by=self.qms)
        for person in (self.qms, self.council, self.director):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                services.approve_programme(
                    programme=self.programme, by=person, decision_no="1", decision_date=self.today
                )

    def test_a_change_after_approval_makes_a_new_edition_approved_again(self):
        self.plan()
        programme = self.approve("1")
        programme = services.programme_revise(
            programme=programme, by=self.qms, reason="Жаңы бөлүм түзүлдү"
        )
        self.assertEqual((programme.state, programme.edition), (AuditProgramme.State.DRAFT, 2))
        self.plan("Жаңы бөлүмдүн аудити")
        programme = self.approve("2")
        self.assertEqual((programme.state, programme.decision_no), ("approved", "2"))
        self.assertEqual(len(programme.approved_plan), 2)
        self.assertEqual([r.number for r in approvals.requests_of(programme)], [2, 1])

    def test_a_plan_changed_after_submission_is_not_approved(self):
        self.plan()
        services.submit_programme(programme=self.programme, by=self.qms)
        self.plan("Кийин кошулган")
        with self.assertRaises(ValidationError):
            services.approve_programme(
                programme=self.programme,
                by=self.rector,
                decision_no="1",
                decision_date=self.today - datetime.timedelta(days=1),
            )
