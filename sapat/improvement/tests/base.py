"""The improvement tests' world: the audit tests' people and process, an issued audit
of dep_a1 with a minor finding (its nonconformity opened by the report), and a risk."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from sapat.audits import services as audit_services
from sapat.audits.models import Audit, ChecklistQuestion, Finding
from sapat.audits.tests.base import AuditTestCase
from sapat.improvement.models import Nonconformity
from sapat.risks.models import Risk


def evidence_file(name="evidence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


class ImprovementTestCase(AuditTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.audit = cls.make_audit([cls.dep_a1], state=Audit.State.IN_PROGRESS)
        cls.audit.processes.set([cls.teaching])
        cls.question = ChecklistQuestion.objects.create(
            audit=cls.audit, text="Окуу пландары бекитилгенби?", order=1, unit=cls.dep_a1)
        Finding.objects.create(question=cls.question, grade="minor",
                               evidence="2 план бекитилген эмес", graded_by=cls.auditor)
        cls.ofi_question = ChecklistQuestion.objects.create(
            audit=cls.audit, text="Силлабустарды санариптештирүү", order=2, unit=cls.dep_a1)
        Finding.objects.create(question=cls.ofi_question, grade="ofi", graded_by=cls.auditor)
        audit_services.audit_issue_report(audit=cls.audit, by=cls.auditor, summary="Жыйынтык",
                                          strengths="")
        cls.nc = Nonconformity.objects.get(finding__question=cls.question)
        cls.risk = Risk.objects.create(unit=cls.dep_a1, title="Пландар кечигет", likelihood=4,
                                       consequences=4, process=cls.teaching)
        cls.yesterday = datetime.date.today() - datetime.timedelta(days=1)

    def fresh(self, nc=None):
        return Nonconformity.objects.get(pk=(nc or self.nc).pk)
