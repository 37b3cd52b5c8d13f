"""A version's life: draft, files, review, approval by the type's body, in force,
superseded (stamped on download), acknowledgement, review dates in the inbox."""
import datetime
import io
import subprocess
import tempfile

from django.core.exceptions import ValidationError
from django.urls import reverse

from sapat.approvals import services as approvals
from sapat.approvals.models import ApprovalRequest
from sapat.documents import services
from sapat.documents.approval import body_of_type
from sapat.documents.models import Acknowledgement, Citation, VersionState
from sapat.inbox import registry as inbox

from .base import DocumentTestCase, docx_bytes, pdf_bytes, upload


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True,
                              check=True).stdout


class FlowTests(DocumentTestCase):
    def test_files_are_hashed_and_their_text_extracted(self):
        f = self.v1.files.get(language="ky")
        self.assertEqual(len(f.sha256), 64)
        self.assertIn("Биринчи версия", f.text)
        self.assertIn("First version", self.v1.files.get(language="ru").text)

    def test_the_body_is_set_by_the_type(self):
        self.assertEqual(body_of_type("procedure"), "rector")
        self.assertEqual(body_of_type("regulation"), "council")
        self.assertEqual(body_of_type("form"), "qms")
        request = ApprovalRequest.objects.get(kind="document-version", object_id=self.v1.pk)
        self.assertEqual((request.body, request.decision_no), ("rector", "12"))

    def test_a_version_in_force_is_immutable(self):
        with self.assertRaises(ValidationError):
            services.add_file(self.v1, upload("x.docx", docx_bytes("x")), language="en",
                              by=self.qms)

    def test_a_new_version_supersedes_and_the_old_file_downloads_stamped(self):
        v2 = self.put_in_force(self.procedure, docx_bytes("Экинчи версия"))
        self.v1.refresh_from_db()
        self.assertEqual(self.v1.state, VersionState.SUPERSEDED)
        self.assertEqual(v2.state, VersionState.IN_FORCE)
        self.login(self.staff)
        pdf = self.v1.files.get(language="ru")
        response = self.client.get(reverse("documents:file", args=[pdf.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Security-Policy"], "sandbox; default-src 'none'")
        text = pdf_text(response.content)
        self.assertIn("OBSOLETE", text)
        self.assertIn("First version text", text)
        docx_file = self.v1.files.get(language="ky")
        response = self.client.get(reverse("documents:file", args=[docx_file.pk]))
        import docx

        first = docx.Document(io.BytesIO(response.content)).paragraphs[0].text
        self.assertIn("ЭСКИРГЕН", first)
        page = self.client.get(reverse("documents:version", args=[self.v1.pk]))
        self.assertContains(page, 'data-testid="obsolete-banner"')

    def test_review_comment_and_approval_flow_through_views(self):
        self.login(self.qms)
        response = self.client.post(reverse("documents:version_create",
                                            args=[self.procedure.pk]),
                                    {"change_summary": "Жаңы", "reviewers": [self.head.pk]})
        v2 = self.procedure.versions.get(number=2)
        self.assertRedirects(response, v2.get_absolute_url())
        self.client.post(reverse("documents:file_add", args=[v2.pk]),
                         {"language": "ky", "file": upload("v2.docx", docx_bytes("Жаңы текст"))})
        self.assertEqual(v2.files.count(), 1)
        # a web page renamed .docx is refused
        self.client.post(reverse("documents:file_add", args=[v2.pk]),
                         {"language": "ru", "file": upload("bad.docx", b"<html>x</html>")})
        self.assertEqual(v2.files.count(), 1)
        self.client.post(reverse("documents:send_review", args=[v2.pk]))
        v2.refresh_from_db()
        self.assertEqual(v2.state, VersionState.REVIEW)
        titles = [i.title for i in inbox.items_for(self.head)]
        self.assertTrue(any("P-01" in t for t in titles), titles)
        self.login(self.head)
        self.client.post(reverse("documents:comment", args=[v2.pk]), {"text": "Макул"})
        self.assertEqual(v2.comments.count(), 1)
        self.login(self.qms)
        self.client.post(reverse("approvals:submit", args=["document-version", v2.pk]),
                         {"next": v2.get_absolute_url()})
        self.assertEqual(approvals.current_state(v2), "submitted")
        self.login(self.rector)
        page = self.client.get(v2.get_absolute_url())
        self.assertContains(page, 'data-testid="approval-panel"')

    def test_acknowledgement_asked_of_the_audience_and_again_for_a_new_version(self):
        self.assertIn(self.v1, list(services.DocumentVersion.objects.filter(
            pk__in=[v.pk for v in __import__(
                "sapat.documents.inbox", fromlist=["x"]).to_acknowledge(self.staff)])))
        items = [i for i in inbox.items_for(self.staff) if "P-01" in i.title]
        self.assertEqual(len(items), 1)
        self.login(self.staff)
        self.client.post(reverse("documents:acknowledge", args=[self.v1.pk]))
        self.assertTrue(Acknowledgement.objects.filter(version=self.v1,
                                                       person=self.staff).exists())
        inbox.forget(self.staff)
        self.assertFalse([i for i in inbox.items_for(self.staff) if "P-01" in i.title])
        # head2 is a head: in the audience by role
        self.assertTrue([i for i in inbox.items_for(self.head2) if "P-01" in i.title])
        # the director is not
        self.assertFalse([i for i in inbox.items_for(self.director) if "P-01" in i.title])
        self.put_in_force(self.procedure, docx_bytes("v2"))
        inbox.forget(self.staff)
        self.assertTrue([i for i in inbox.items_for(self.staff) if "P-01" in i.title])

    def test_overdue_review_reaches_the_owner(self):
        self.procedure.next_review = datetime.date.today() - datetime.timedelta(days=3)
        self.procedure.save_state(["next_review"])
        items = [i for i in inbox.items_for(self.head) if i.url.endswith(
            f"/documents/{self.procedure.pk}/")]
        self.assertEqual(len(items), 1)
        self.assertEqual(items[0].urgency, "overdue")
        from sapat.documents.inbox import due_who

        self.assertIn(self.head.pk, due_who(datetime.date.today()))

    def test_superseding_lists_the_places_to_check(self):
        services.cite(self.procedure, self.dep_a2, "шилтеме")
        self.assertEqual(Citation.objects.count(), 1)
        self.login(self.qms)
        page = self.client.get(self.procedure.get_absolute_url())
        self.assertContains(page, "шилтеме")
        v2 = services.new_version(self.procedure, self.qms)
        services.add_file(v2, upload("a.pdf", pdf_bytes("x")), language="ky", by=self.qms)
        services.send_for_review(v2, self.qms)
        approvals.submit(v2, self.qms)
        approvals.approve(v2, self.rector, "3", datetime.date.today())
        v2.refresh_from_db()
        self.assertEqual(v2.state, VersionState.APPROVED)
        places = services.publish(v2, self.qms)
        self.assertEqual(len(places), 1)

    def test_retention_and_disposal(self):
        v1 = self.v1
        services.withdraw(v1, self.qms, on=datetime.date.today() - datetime.timedelta(
            days=365 * 4))
        from sapat.documents.views import retention_rows

        rows = retention_rows(datetime.date.today())
        self.assertEqual([r["document"] for r in rows], [self.procedure])
        self.login(self.qms)
        self.assertEqual(self.client.get(reverse("documents:retention")).status_code, 200)
        self.client.post(reverse("documents:dispose", args=[self.procedure.pk]),
                         {"decision": "hold", "reason": "Сот иши", "hold_until": "2030-01-01"})
        self.procedure.refresh_from_db()
        self.assertEqual(self.procedure.disposal, "hold")
        self.login(self.staff)
        self.assertEqual(self.client.get(reverse("documents:retention")).status_code, 403)

    def test_exports_in_three_formats(self):
        from sapat.reports.export import export_table

        for fmt in ("xlsx", "docx", "pdf"):
            for name in ("documents", "documents-in-force"):
                result = export_table(name, fmt, person=self.qms, lang="ru")
                self.assertTrue(result.content)
        pdf = export_table("documents-in-force", "pdf", person=self.staff, lang="ky")
        text = pdf_text(pdf.content)
        self.assertIn("P-01", text)
        self.assertNotIn("C-01", text)
