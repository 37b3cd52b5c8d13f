"""The meetings, approvals and inbox API ask the screens' questions through the same
services."""
import datetime

from django.core.cache import cache

from sapat.approvals.models import ApprovalRequest
from sapat.meetings.models import Decision, Meeting
from sapat.processes.models import QualityPolicy

from .base import TODAY, MeetingTestCase

JSON = "application/json"


class MeetingApiTests(MeetingTestCase):
    def setUp(self):
        cache.clear()  # the API's rate limits

    def test_the_secretary_records_a_meeting_through_the_api(self):
        self.login(self.secretary)
        r = self.client.post("/api/v1/meetings/", {
            "body": self.council_body.pk, "number": "9", "held_on": str(TODAY)},
            content_type=JSON)
        self.assertEqual(r.status_code, 201, r.content)
        pk = r.json()["id"]
        r = self.client.post(f"/api/v1/meetings/{pk}/agenda/", {"title": "Отчет"},
                             content_type=JSON)
        self.assertEqual(r.status_code, 201, r.content)
        r = self.client.post(f"/api/v1/meetings/{pk}/attendance/",
                             {"person": "council", "present": False, "note": "жок"},
                             content_type=JSON)
        self.assertEqual(r.status_code, 200, r.content)
        r = self.client.post("/api/v1/decisions/", {
            "meeting": pk, "number": "9.1", "text": "Чечим", "responsible_people": ["head"],
            "responsible_unit": "dep-a1", "due_date": str(TODAY + datetime.timedelta(days=3))},
            content_type=JSON)
        self.assertEqual(r.status_code, 201, r.content)
        meeting = self.client.get(f"/api/v1/meetings/{pk}/").json()
        self.assertEqual([a["title"] for a in meeting["agenda"]], ["Отчет"])
        self.assertEqual(meeting["attendance"][0]["present"], False)

    def test_a_council_member_reads_but_cannot_record(self):
        self.login(self.council)
        self.assertEqual(self.client.get(f"/api/v1/meetings/{self.meeting.pk}/").status_code,
                         200)
        r = self.client.post(f"/api/v1/meetings/{self.meeting.pk}/agenda/", {"title": "x"},
                             content_type=JSON)
        self.assertEqual(r.status_code, 403)
        r = self.client.post("/api/v1/meetings/", {"body": self.council_body.pk},
                             content_type=JSON)
        self.assertEqual(r.status_code, 403)

    def test_an_outsider_sees_nothing(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get("/api/v1/meetings/").json()["results"], [])
        self.assertEqual(self.client.get("/api/v1/decisions/").json()["results"], [])
        self.assertEqual(
            self.client.get(f"/api/v1/decisions/{self.decision.pk}/").status_code, 404)

    def test_the_head_completes_the_decision_and_a_stale_version_gets_409(self):
        self.login(self.head2)
        url = f"/api/v1/decisions/{self.decision.pk}/"
        r = self.client.post(url + "status/", {"version": self.decision.version,
                                               "status": "in_progress"}, content_type=JSON)
        self.assertEqual(r.status_code, 200, r.content)
        r = self.client.post(url + "complete/", {"version": self.decision.version},
                             content_type=JSON)
        self.assertEqual(r.status_code, 409)
        r = self.client.post(url + "complete/", {"version": self.decision.version + 1,
                                                 "result": "Бүттү"}, content_type=JSON)
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["status"], "done")
        self.decision.refresh_from_db()
        self.assertEqual(self.decision.status, Decision.Status.DONE)

    def test_the_register_filters_as_the_screen(self):
        self.login(self.qms)
        ids = [d["id"] for d in self.client.get("/api/v1/decisions/?unit=dep-b1").json()[
            "results"]]
        self.assertEqual(ids, [self.decision.pk])
        self.assertEqual(self.client.get("/api/v1/decisions/?unit=dep-a1").json()["results"],
                         [])
        self.assertEqual(self.client.get("/api/v1/decisions/?overdue=true").json()["results"],
                         [])

    def test_the_inbox_lists_the_person_s_decisions(self):
        self.login(self.head2)
        r = self.client.get("/api/v1/inbox/")
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual(data["count"], len(data["items"]))
        self.assertTrue(any("3.1" in i["title"] for i in data["items"]))

    def test_archiving_a_meeting_is_a_soft_delete(self):
        self.login(self.secretary)
        r = self.client.delete(f"/api/v1/meetings/{self.meeting.pk}/")
        self.assertEqual(r.status_code, 204)
        self.assertTrue(Meeting.objects.get(pk=self.meeting.pk).is_archived)


class ApprovalApiTests(MeetingTestCase):
    def setUp(self):
        cache.clear()
        self.draft = QualityPolicy.objects.create(version=7, text="Саясат", unit=self.university)

    def test_submit_return_and_approve_with_the_decision_number(self):
        self.login(self.qms)
        r = self.client.post("/api/v1/approvals/submit/",
                             {"kind": "policy", "object_id": self.draft.pk}, content_type=JSON)
        self.assertEqual(r.status_code, 201, r.content)
        pk, version = r.json()["id"], r.json()["version"]
        self.login(self.head)
        self.assertEqual(self.client.post(f"/api/v1/approvals/{pk}/approve/", {
            "version": version, "decision_no": "1", "decision_date": str(TODAY)},
            content_type=JSON).status_code, 403)
        self.login(self.rector)
        r = self.client.post(f"/api/v1/approvals/{pk}/return/", {"version": version},
                             content_type=JSON)
        self.assertEqual(r.status_code, 400)
        r = self.client.post(f"/api/v1/approvals/{pk}/return/",
                             {"version": version, "reason": "Толуктоо керек"}, content_type=JSON)
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["state"], "returned")
        self.login(self.qms)
        r = self.client.post("/api/v1/approvals/submit/",
                             {"kind": "policy", "object_id": self.draft.pk}, content_type=JSON)
        version = r.json()["version"]
        self.login(self.rector)
        r = self.client.post(f"/api/v1/approvals/{pk}/approve/", {
            "version": version - 1, "decision_no": "5", "decision_date": str(TODAY)},
            content_type=JSON)
        self.assertEqual(r.status_code, 409)
        r = self.client.post(f"/api/v1/approvals/{pk}/approve/", {
            "version": version, "decision_no": "5", "decision_date": str(TODAY)},
            content_type=JSON)
        self.assertEqual(r.status_code, 200, r.content)
        request = ApprovalRequest.objects.get(pk=pk)
        self.assertEqual((request.state, request.decision_no), ("approved", "5"))

    def test_the_list_shows_what_the_person_may_see(self):
        from sapat.approvals import services as approvals

        approvals.submit(self.draft, self.qms)
        self.login(self.rector)
        results = self.client.get("/api/v1/approvals/").json()["results"]
        self.assertEqual([r["may_decide"] for r in results], [True])
        self.login(self.outsider)
        self.assertEqual(self.client.get("/api/v1/approvals/").json()["results"], [])
        r = self.client.post("/api/v1/approvals/submit/",
                             {"kind": "policy", "object_id": self.draft.pk}, content_type=JSON)
        self.assertEqual(r.status_code, 403)
