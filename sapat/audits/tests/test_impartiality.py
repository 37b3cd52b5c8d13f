"""Each reason Sapat refuses an auditor for, through the one function and the service."""

import datetime

from django.core.exceptions import ValidationError

from sapat.audits import services
from sapat.audits.impartiality import refusals
from sapat.audits.models import Audit, AuditorQualification, ConflictDeclaration
from sapat.processes.models import Process

from .base import AuditTestCase


def codes(found):
    return {r.code for r in found}


class ImpartialityTests(AuditTestCase):
    def test_a_qualified_outsider_to_the_unit_may_audit_it(self):
        self.assertEqual(refusals(self.auditor, units=[self.dep_b1]), [])

    def test_only_qualified_auditors(self):
        self.assertIn("not_qualified", codes(refusals(self.staff, units=[self.dep_b1])))

    def test_an_expired_qualification_does_not_count(self):
        AuditorQualification.objects.filter(person=self.auditor).update(
            valid_until=self.today - datetime.timedelta(days=1)
        )
        self.assertEqual(codes(refusals(self.auditor, units=[self.dep_b1])), {"not_qualified"})

    def test_not_their_own_unit(self):
        found = refusals(self.auditor2, units=[self.dep_a2])
        self.assertEqual(codes(found), {"own_unit"})
        self.assertIn("Кафедра А2", found[0].message)

    def test_not_a_unit_above_their_own(self):
        self.assertEqual(codes(refusals(self.auditor2, units=[self.inst_a])), {"unit_above"})

    def test_not_a_unit_below_their_own(self):
        self.assertEqual(
            codes(refusals(self.head, units=[self.pck_a1])) - {"not_qualified"}, {"unit_below"}
        )

    def test_the_university_itself_is_not_above_anyone(self):
        self.assertEqual(refusals(self.auditor2, units=[self.university]), [])

    def test_not_a_process_they_own(self):
        AuditorQualification.objects.create(
            person=self.head2, university=self.university, basis="training"
        )
        self.teaching.owner_person = self.head2
        self.teaching.save()
        self.assertEqual(
            codes(refusals(self.head2, units=[self.dep_a2], processes=[self.teaching])),
            {"owns_process"},
        )

    def test_not_a_process_their_unit_runs(self):
        process = Process.objects.create(code="research", name="Илим", unit=self.university)
        process.owner_units.set([self.inst_a])
        self.assertEqual(
            codes(refusals(self.auditor2, units=[self.dep_b1], processes=[process])),
            {"acts_in_process"},
        )

    def test_not_where_they_declared_a_conflict(self):
        ConflictDeclaration.objects.create(
            person=self.auditor, unit=self.dep_b1, reason="Жубайы ушул кафедрада иштейт"
        )
        found = refusals(self.auditor, units=[self.dep_b1])
        self.assertEqual(codes(found), {"declared_conflict"})
        self.assertIn("Жубайы", found[0].message)

    def test_an_archived_declaration_no_longer_refuses(self):
        ConflictDeclaration.objects.create(
            person=self.auditor, unit=self.dep_b1, reason="x"
        ).archive()
        self.assertEqual(refusals(self.auditor, units=[self.dep_b1]), [])

    def test_the_service_refuses_the_assignment_and_writes_nothing(self):
        fields = {
            "title": "Аудит",
            "lead_auditor": self.auditor2,
            "planned_start": self.today,
            "planned_end": self.today,
        }
        with self.assertRaises(ValidationError) as caught:
            services.audit_plan(
                programme=self.programme, by=self.qms, fields=fields, units=[self.dep_a2]
            )
        self.assertIn("lead_auditor", caught.exception.message_dict)
        self.assertFalse(Audit.objects.exists())

    def test_a_team_member_is_checked_too(self):
        fields = {
            "title": "Аудит",
            "lead_auditor": self.auditor,
            "planned_start": self.today,
            "planned_end": self.today,
        }
        with self.assertRaises(ValidationError) as caught:
            services.audit_plan(
                programme=self.programme,
                by=self.qms,
                fields=fields,
                units=[self.dep_a2],
                team=[self.auditor2],
            )
        self.assertEqual(list(caught.exception.message_dict), ["team"])
        audit = services.audit_plan(
            programme=self.programme,
            by=self.qms,
            fields=fields,
            units=[self.dep_b1],
            team=[self.auditor2],
        )
        self.assertEqual(audit.number, 1)
        self.assertEqual(list(audit.team.all()), [self.auditor2])
