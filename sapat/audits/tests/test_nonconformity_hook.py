from sapat.audits import services
from sapat.audits.models import Audit, ChecklistQuestion, Finding

from .base import AuditTestCase


class NonconformityHookTests(AuditTestCase):
    def test_only_nonconformities_of_issued_reports_wait_for_corrective_action(self):
        audit = self.make_audit([self.dep_b1], state=Audit.State.IN_PROGRESS)
        grades = ["minor", "major", "observation", "ofi", "conforming"]
        for i, grade in enumerate(grades):
            q = ChecklistQuestion.objects.create(audit=audit, text=f"Суроо {i}", order=i)
            Finding.objects.create(question=q, grade=grade, evidence="далил")
        self.assertEqual(list(services.nonconformity_findings()), [])
        Audit.objects.filter(pk=audit.pk).update(state=Audit.State.REPORTED)
        found = list(services.nonconformity_findings(audit=audit))
        self.assertEqual([f.grade for f in found], ["minor", "major"])
        self.assertTrue(all(f.needs_action for f in found))
