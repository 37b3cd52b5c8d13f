from django.test import TestCase

from sapat.audits.models import Audit, AuditProgramme, Finding
from sapat.demo.loader import load_demo


class DemoAuditYearTests(TestCase):
    def test_the_demo_holds_an_approved_programme_with_audits_in_each_state(self):
        load_demo(with_people=True)
        programme = AuditProgramme.objects.get()
        self.assertEqual(programme.state, AuditProgramme.State.APPROVED)
        self.assertEqual(programme.approved_by.username, "rector")
        self.assertEqual(
            set(Audit.objects.values_list("state", flat=True)), set(Audit.State.values)
        )
        self.assertEqual(
            set(Finding.objects.values_list("grade", flat=True)), set(Finding.Grade.values)
        )
        report = load_demo(with_people=True)
        self.assertEqual(AuditProgramme.objects.count(), 1)
        self.assertFalse(report.changed_anything)
