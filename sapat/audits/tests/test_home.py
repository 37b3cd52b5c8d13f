from django.urls import reverse

from sapat.audits.models import Audit, ChecklistQuestion, Finding

from .base import AuditTestCase


class AuditorHomeTests(AuditTestCase):
    def test_the_auditor_sees_their_audits_and_todays_checklist(self):
        running = self.make_audit(
            [self.dep_b1], state=Audit.State.IN_PROGRESS, title="Бүгүнкү аудит"
        )
        q = ChecklistQuestion.objects.create(audit=running, text="Суроо")
        ChecklistQuestion.objects.create(audit=running, text="Экинчи суроо")
        Finding.objects.create(question=q, grade="conforming")
        self.make_audit([self.dep_a1], lead=self.auditor2, title="Башка аудит")
        self.login(self.auditor)
        page = self.client.get(reverse("home")).content.decode()
        self.assertIn('data-testid="dashboard-auditor"', page)
        self.assertIn('data-testid="today-checklist"', page)
        self.assertIn("Бүгүнкү аудит", page)
        self.assertIn("баа берилди: 1 / 2", page)
        self.assertNotIn("Башка аудит", page)

    def test_no_panel_for_an_auditor_with_no_audits(self):
        self.login(self.auditor)
        page = self.client.get(reverse("home")).content.decode()
        self.assertNotIn('data-testid="dashboard-auditor"', page)
