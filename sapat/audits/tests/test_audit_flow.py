"""The audit's life through the screens: plan (and a refused auditor), approve, start,
write the checklist from the data, grade, issue the report, acknowledge, close."""

import datetime

from django.urls import reverse
from django.utils import translation

from sapat.audits.models import Audit, AuditProgramme, ChecklistQuestion, Clause, Finding
from sapat.processes.models import Indicator
from sapat.risks.models import Measure, Risk

from .base import AuditTestCase


class AuditFlowTests(AuditTestCase):
    def plan(self, lead, unit):
        self.login(self.qms)
        return self.client.post(
            reverse("audits:audit_create", args=[self.programme.pk]),
            {
                "title": "Окутуу процессинин аудити",
                "units": [unit.pk],
                "processes": [self.teaching.pk],
                "clauses": [Clause.objects.get(code="8.5").pk, Clause.objects.get(code="9.1").pk],
                "lead_auditor": lead.pk,
                "planned_start": self.today.isoformat(),
                "planned_end": (self.today + datetime.timedelta(days=3)).isoformat(),
            },
        )

    def test_the_qms_office_is_refused_an_auditor_from_the_audited_unit(self):
        response = self.plan(self.auditor2, self.dep_a2)
        self.assertEqual(response.status_code, 400)
        self.assertIn("эч ким өз бөлүмүн аудиттебейт", response.content.decode())
        self.assertFalse(Audit.objects.exists())
        with translation.override("ru"):
            self.client.cookies["sapat_language"] = "ru"
            response = self.plan(self.auditor2, self.dep_a2)
        self.assertIn("никто не проводит аудит своего подразделения", response.content.decode())

    def test_the_whole_life_of_an_audit(self):
        Risk.objects.create(
            unit=self.dep_b1,
            title="Окутуучулар жетишсиз",
            likelihood=4,
            consequences=4,
            process=self.teaching,
        )
        risk = Risk.objects.get()
        Measure.objects.create(
            risk=risk, text="Жаңы окутуучу алуу", due_date=self.today - datetime.timedelta(days=5)
        )
        Indicator.objects.create(
            code="pass",
            name="Өздөштүрүү",
            process=self.teaching,
            owner_unit=self.university,
            target=80,
            measure_unit="%",
        )
        response = self.plan(self.auditor, self.dep_b1)
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        audit = Audit.objects.get()
        # Not yet approved: the auditor cannot start.
        self.client.post(reverse("approvals:submit", args=["audit-programme", self.programme.pk]))
        from sapat.approvals.models import ApprovalRequest

        request = ApprovalRequest.objects.get()
        self.login(self.rector)
        page = self.client.get(reverse("audits:programme", args=[self.programme.pk]))
        self.assertContains(page, 'data-testid="approval-panel"')
        self.client.post(
            reverse("approvals:approve", args=[request.pk]),
            {
                "approve-decision_no": "12-к",
                "approve-decision_date": self.today.isoformat(),
                "approve-version": request.version,
                "confirmed": "1",
            },
        )
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.state, AuditProgramme.State.APPROVED)
        self.assertEqual(self.programme.approved_by, self.rector)
        self.assertEqual(len(self.programme.approved_plan), 1)
        self.login(self.auditor)
        self.client.post(reverse("audits:audit_start", args=[audit.pk]))
        self.client.post(reverse("audits:generate", args=[audit.pk]))
        sources = set(audit.questions.values_list("source", flat=True))
        self.assertEqual(sources, {"process", "kpi", "risk", "measure", "clause"})
        # The auditee sees the plan, not the gradings, until the report is issued.
        first = audit.questions.order_by("order").first()
        response = self.client.post(
            reverse("audits:grade", args=[first.pk]),
            {f"q{first.pk}-grade": "minor", f"q{first.pk}-evidence": ""},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Finding.objects.exists())
        for q in audit.questions.all():
            grade = "minor" if q.pk == first.pk else "conforming"
            self.client.post(
                reverse("audits:grade", args=[q.pk]),
                {f"q{q.pk}-grade": grade, f"q{q.pk}-evidence": "3 протокол көрүлдү"},
            )
        self.assertEqual(Finding.objects.count(), audit.questions.count())
        self.login(self.head2)
        page = self.client.get(reverse("audits:audit", args=[audit.pk]))
        self.assertContains(page, 'data-testid="plan-only"')
        self.assertNotContains(page, "3 протокол көрүлдү")
        self.login(self.auditor)
        response = self.client.post(
            reverse("audits:report", args=[audit.pk]),
            {
                "summary": "Жалпысынан талаптарга ылайык",
                "strengths": "Документтер тартиптүү",
                "version": Audit.objects.get().version,
            },
        )
        self.assertEqual(response.status_code, 302)
        audit.refresh_from_db()
        self.assertEqual(audit.state, Audit.State.REPORTED)
        self.login(self.head2)
        page = self.client.get(reverse("audits:audit", args=[audit.pk]))
        self.assertContains(page, "3 протокол көрүлдү")
        self.assertContains(page, 'data-testid="report-pdf"')
        self.assertContains(page, 'data-testid="report-docx"')
        self.client.post(reverse("audits:acknowledge", args=[audit.pk]), {"text": "Макулбуз"})
        audit.refresh_from_db()
        self.assertEqual(audit.acknowledged_by, self.head2)
        for fmt in ("pdf", "docx"):
            response = self.client.get(
                reverse("reports:export", args=["audit-report", fmt]) + f"?audit={audit.pk}"
            )
            self.assertEqual(response.status_code, 200)
        self.login(self.qms)
        self.client.post(reverse("audits:audit_close", args=[audit.pk]))
        audit.refresh_from_db()
        self.assertEqual(audit.state, Audit.State.CLOSED)
        self.assertTrue(Finding.objects.get(question=first).needs_action)
        for name in ("programmes",):
            self.assertEqual(self.client.get(reverse(f"audits:{name}")).status_code, 200)
        for name in ("programme", "calendar", "priorities"):
            self.assertEqual(
                self.client.get(reverse(f"audits:{name}", args=[self.programme.pk])).status_code,
                200,
                name,
            )
        self.assertEqual(ChecklistQuestion.objects.filter(audit=audit).count(), 6)
