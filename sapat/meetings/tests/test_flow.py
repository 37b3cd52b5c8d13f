"""A meeting from opening to a done decision, through the screens."""
import datetime

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sapat.inbox.registry import items_for
from sapat.meetings import services
from sapat.meetings.models import Attendance, Decision, Meeting
from sapat.risks.reminders import send_reminders

from .base import TODAY, MeetingTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class MeetingScreenTests(MeetingTestCase):
    def test_the_list_needs_a_sign_in(self):
        r = self.client.get(reverse("meetings:list"))
        self.assertEqual(r.status_code, 302)

    def test_the_secretary_opens_a_meeting_and_records_it(self):
        self.login(self.secretary)
        r = self.client.post(reverse("meetings:create"), {
            "body": self.council_body.pk, "number": "4", "held_on": TODAY.isoformat(),
            "status": "held", "title": "Жыйын"})
        meeting = Meeting.objects.get(number="4")
        self.assertRedirects(r, meeting.get_absolute_url())
        url = meeting.get_absolute_url()
        self.client.post(reverse("meetings:agenda_add", args=[meeting.pk]),
                         {"agenda-title": "Отчет"})
        self.client.post(reverse("meetings:attendance_set", args=[meeting.pk]),
                         {"att-person": self.council.pk, "att-present": "1"})
        self.client.post(reverse("meetings:attendance_set", args=[meeting.pk]),
                         {"att-person": self.member.pk, "att-present": "0",
                          "att-note": "оорулуу"})
        self.client.post(reverse("meetings:document_add", args=[meeting.pk]),
                         {"doc-title": "Отчет", "doc-file": SimpleUploadedFile("r.pdf", PDF)})
        r = self.client.post(reverse("meetings:decision_create", args=[meeting.pk]), {
            "number": "4.1", "text": "Бекитилсин", "responsible_people": [self.head.pk],
            "responsible_unit": self.dep_a1.pk,
            "due_date": (TODAY + datetime.timedelta(days=3)).strftime("%d.%m.%Y")})
        self.assertEqual(r.status_code, 302, getattr(r, "context", {}) and r.context["form"].errors)
        page = self.client.get(url)
        self.assertContains(page, "Отчет")
        self.assertContains(page, "Бекитилсин")
        self.assertEqual(Attendance.objects.filter(meeting=meeting, present=True).count(), 1)
        self.assertEqual(meeting.documents.count(), 1)
        doc = meeting.documents.get()
        r = self.client.get(reverse("meetings:document", args=[meeting.pk, doc.pk]))
        self.assertEqual(r["Content-Security-Policy"], "sandbox; default-src 'none'")

    def test_a_web_page_renamed_pdf_is_refused(self):
        self.login(self.secretary)
        self.client.post(reverse("meetings:document_add", args=[self.meeting.pk]), {
            "doc-title": "x", "doc-file": SimpleUploadedFile("x.pdf", b"<html><script>")})
        self.assertEqual(self.meeting.documents.count(), 0)

    def test_a_council_member_cannot_record(self):
        self.login(self.council)
        r = self.client.post(reverse("meetings:agenda_add", args=[self.meeting.pk]),
                             {"agenda-title": "x"})
        self.assertEqual(r.status_code, 403)

    def test_an_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.meeting.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(
            reverse("meetings:decision", args=[self.decision.pk])).status_code, 404)

    def test_the_responsible_head_completes_the_decision_with_evidence(self):
        self.login(self.head2)
        r = self.client.post(reverse("meetings:decision_complete", args=[self.decision.pk]), {
            "completed_on": TODAY.strftime("%d.%m.%Y"), "result": "Жаңыртылды",
            "version": self.decision.version, "evidence": SimpleUploadedFile("e.pdf", PDF)})
        self.assertEqual(r.status_code, 302)
        self.decision.refresh_from_db()
        self.assertEqual(self.decision.status, Decision.Status.DONE)
        self.assertTrue(self.decision.evidence)
        r = self.client.get(reverse("meetings:register") + "?status=done")
        self.assertContains(r, "Окуу пландарын жаңыртуу")

    def test_a_stale_completion_is_refused(self):
        self.login(self.head2)
        services.decision_set_status(decision=self.decision, by=self.head2,
                                     expected_version=self.decision.version,
                                     status="in_progress")
        r = self.client.post(reverse("meetings:decision_complete", args=[self.decision.pk]), {
            "completed_on": TODAY.strftime("%d.%m.%Y"), "version": 1})
        self.assertEqual(r.status_code, 400)
        self.decision.refresh_from_db()
        self.assertEqual(self.decision.status, Decision.Status.IN_PROGRESS)

    def test_the_register_filters(self):
        services.decision_create(meeting=self.dep_meeting, by=self.head, number="1",
                                 text="Мурунку", people=[self.staff],
                                 due_date=TODAY - datetime.timedelta(days=1))
        self.login(self.qms)
        r = self.client.get(reverse("meetings:register") + "?overdue=on")
        self.assertContains(r, "Мурунку")
        self.assertNotContains(r, "Окуу пландарын")
        r = self.client.get(reverse("meetings:register") + "?unit=dep-b1")
        self.assertContains(r, "Окуу пландарын")
        self.assertNotContains(r, "Мурунку")
        r = self.client.get(reverse("meetings:register") + f"?body={self.council_body.pk}")
        self.assertNotContains(r, "Мурунку")

    def test_the_history_is_kept(self):
        before = self.decision.history.count()
        self.assertGreaterEqual(before, 1)
        services.decision_complete(decision=self.decision, by=self.head2,
                                   expected_version=self.decision.version)
        self.assertEqual(self.decision.history.count(), before + 1)
        self.assertEqual(self.decision.history.first().status, "done")


class MeetingInboxTests(MeetingTestCase):
    def test_the_decision_waits_in_the_responsible_head_s_inbox(self):
        items = items_for(self.head2, TODAY)
        self.assertIn("3.1", " ".join(i.title for i in items))
        self.login(self.head2)
        self.assertContains(self.client.get(reverse("home")), "Окуу пландарын")

    def test_done_decisions_leave_the_inbox(self):
        services.decision_complete(decision=self.decision, by=self.head2,
                                   expected_version=self.decision.version)
        self.assertNotIn("3.1", " ".join(i.title for i in items_for(self.head2, TODAY)))

    def test_the_digest_names_the_decision_once_a_day(self):
        from django.test import override_settings

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            send_reminders(today=TODAY)
            sent = [m for m in mail.outbox if self.head2.email in m.to]
            self.assertEqual(len(sent), 1)
            self.assertIn("3.1", sent[0].body)
            send_reminders(today=TODAY)
            self.assertEqual(len([m for m in mail.outbox if self.head2.email in m.to]), 1)
