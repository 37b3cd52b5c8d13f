"""Audit pages cost the same number of queries whatever the number of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sapat.audits.models import Audit, ChecklistQuestion, Clause, Finding

from .base import AuditTestCase


class QueryCountTests(AuditTestCase):
    def add_rows(self, audits: int, questions: int):
        clause = Clause.objects.get(code="9.1")
        for _ in range(audits):
            audit = self.make_audit([self.dep_b1, self.dep_a2], state=Audit.State.IN_PROGRESS)
            audit.processes.set([self.teaching])
            audit.team.set([self.auditor2])
        audit = Audit.objects.order_by("pk").first()
        for i in range(questions):
            q = ChecklistQuestion.objects.create(
                audit=audit, text=f"Суроо {i}", order=i, clause=clause
            )
            Finding.objects.create(question=q, grade="minor", evidence="далил")
        return audit

    def count(self, person, url):
        self.login(person)
        self.client.get(url)  # warm the caches that are not per request
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx)

    def counts(self, audits, questions):
        audit = self.add_rows(audits, questions)
        return {
            "programmes": self.count(self.qms, reverse("audits:programmes")),
            "programme": self.count(
                self.qms, reverse("audits:programme", args=[self.programme.pk])
            ),
            "calendar": self.count(self.qms, reverse("audits:calendar", args=[self.programme.pk])),
            "priorities": self.count(
                self.qms, reverse("audits:priorities", args=[self.programme.pk])
            ),
            "audit (auditor)": self.count(self.auditor, reverse("audits:audit", args=[audit.pk])),
            "audit (team)": self.count(self.auditor2, reverse("audits:audit", args=[audit.pk])),
            "audit (auditee)": self.count(self.head2, reverse("audits:audit", args=[audit.pk])),
        }

    def test_pages_keep_their_query_counts_from_small_to_large(self):
        small = self.counts(1, 2)
        Audit.objects.all().delete()
        large = self.counts(12, 40)
        self.assertEqual(small, large)
        self.assertEqual(large, EXPECTED)


# Measured (the programme's page: 7 of its own and 1 of the approval panel of
# `sapat.approvals`); a change here is a change of the pages' cost, say why in the commit.
EXPECTED = {
    "programmes": 4,
    "programme": 8,
    "calendar": 7,
    "priorities": 15,
    "audit (auditor)": 12,
    "audit (team)": 12,
    "audit (auditee)": 9,
}
