"""The audit API asks the screens' questions: scope, impartiality, hidden gradings."""

from django.core.cache import cache

from sapat.audits.models import Audit, ChecklistQuestion, Finding

from .base import AuditTestCase


class AuditApiTests(AuditTestCase):
    def setUp(self):
        cache.clear()  # the API's rate limits

    def test_the_clause_catalogue_is_readable_in_the_callers_language(self):
        self.login(self.staff)
        response = self.client.get("/api/v1/iso-clauses/9.2/", HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["name_ru"], "Внутренний аудит")

    def test_planning_refuses_an_auditor_from_the_audited_unit_with_the_reason(self):
        self.login(self.qms)
        body = {
            "programme": self.programme.pk,
            "title": "Аудит",
            "units": ["dep-a2"],
            "lead_auditor": "auditor2",
            "planned_start": str(self.today),
            "planned_end": str(self.today),
        }
        response = self.client.post("/api/v1/audits/", body, content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("lead_auditor", response.json())
        self.assertFalse(Audit.objects.exists())
        body["units"] = ["dep-b1"]
        response = self.client.post("/api/v1/audits/", body, content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.login(self.head)
        response = self.client.post("/api/v1/audits/", body, content_type="application/json")
        self.assertEqual(response.status_code, 403)

    def test_auditors_list_their_audits_and_auditees_see_no_gradings_before_the_report(self):
        mine = self.make_audit([self.dep_b1], state=Audit.State.IN_PROGRESS)
        self.make_audit([self.dep_a1], lead=self.auditor2)
        q = ChecklistQuestion.objects.create(audit=mine, text="Суроо")
        Finding.objects.create(question=q, grade="major", evidence="далил")
        self.login(self.auditor)
        rows = self.client.get("/api/v1/audits/").json()["results"]
        self.assertEqual([r["id"] for r in rows], [mine.pk])
        self.assertEqual(rows[0]["questions"][0]["finding"]["grade"], "major")
        self.login(self.head2)
        row = self.client.get(f"/api/v1/audits/{mine.pk}/").json()
        self.assertEqual(row["questions"], [])
        Audit.objects.filter(pk=mine.pk).update(state=Audit.State.REPORTED)
        row = self.client.get(f"/api/v1/audits/{mine.pk}/").json()
        self.assertEqual(row["questions"][0]["finding"]["grade"], "major")
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/api/v1/audits/{mine.pk}/").status_code, 404)
