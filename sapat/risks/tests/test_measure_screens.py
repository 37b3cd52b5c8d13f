"""Measures: add, complete with evidence, my measures with overdue badge."""
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sapat.org.models import Position
from sapat.risks import services
from sapat.risks.models import Measure
from sapat.test import SapatTestCase

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@override_settings(MEDIA_ROOT="/tmp/sapat-test-media")
class MeasureScreenTests(SapatTestCase):
    def setUp(self):
        self.risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Risk A",
                                         likelihood=3, consequences=4)
        today = timezone.localdate()
        self.late = services.measure_create(by=self.head, risk=self.risk, text="Late work",
                                            due_date=today - datetime.timedelta(days=3),
                                            people=[self.staff])

    def test_head_adds_a_measure(self):
        self.login(self.head)
        url = reverse("risks:measure_create", args=[self.risk.pk])
        response = self.client.post(url, {"text": "Invite specialists",
                                          "due_date": "2030-01-31"})
        self.assertRedirects(response, reverse("risks:risk_detail", args=[self.risk.pk]))
        self.assertTrue(Measure.objects.filter(text="Invite specialists").exists())

    def test_a_measure_needs_a_due_date_or_a_rhythm(self):
        self.login(self.head)
        url = reverse("risks:measure_create", args=[self.risk.pk])
        response = self.client.post(url, {"text": "No date"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Measure.objects.filter(text="No date").exists())

    def test_staff_cannot_add_measures(self):
        self.login(self.staff)
        url = reverse("risks:measure_create", args=[self.risk.pk])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_my_measures_lists_assigned_measures_with_overdue_badge(self):
        self.assertEqual(self.client.get(reverse("risks:my_measures")).status_code, 302)
        self.login(self.staff)
        response = self.client.get(reverse("risks:my_measures"))
        self.assertContains(response, "Late work")
        self.assertContains(response, 'data-testid="overdue"')
        self.login(self.head2)
        self.assertNotContains(self.client.get(reverse("risks:my_measures")), "Late work")

    def test_my_measures_includes_measures_of_positions_held(self):
        post = Position.objects.create(code="post", unit=self.dep_b1, name="Post",
                                       holder=self.head2)
        services.measure_create(by=self.head, risk=self.risk, text="Via post",
                                rhythm_text="Yearly", positions=[post])
        self.login(self.head2)
        self.assertContains(self.client.get(reverse("risks:my_measures")), "Via post")

    def test_staff_completes_their_measure_with_a_pdf(self):
        self.login(self.staff)
        url = reverse("risks:measure_complete", args=[self.late.pk])
        response = self.client.post(url, {
            "completed_on": timezone.localdate().isoformat(), "result": "Done well",
            "version": self.late.version,
            "evidence": SimpleUploadedFile("report.pdf", PDF, "application/pdf"),
        })
        self.assertEqual(response.status_code, 302)
        self.late.refresh_from_db()
        self.assertEqual(self.late.status, "done")
        self.assertTrue(self.late.evidence.name.endswith(".pdf"))
        download = reverse("risks:measure_evidence", args=[self.late.pk])
        self.assertEqual(b"".join(self.client.get(download).streaming_content), PDF)
        self.login(self.head2)
        self.assertEqual(self.client.get(download).status_code, 404)

    def test_evidence_whose_content_lies_about_its_type_is_refused(self):
        self.login(self.staff)
        url = reverse("risks:measure_complete", args=[self.late.pk])
        response = self.client.post(url, {
            "completed_on": timezone.localdate().isoformat(), "version": self.late.version,
            "evidence": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf"),
        })
        self.assertEqual(response.status_code, 200)
        self.late.refresh_from_db()
        self.assertEqual(self.late.status, "planned")

    def test_evidence_with_a_forbidden_extension_is_refused(self):
        self.login(self.staff)
        response = self.client.post(reverse("risks:measure_complete", args=[self.late.pk]), {
            "completed_on": timezone.localdate().isoformat(), "version": self.late.version,
            "evidence": SimpleUploadedFile("run.exe", PDF),
        })
        self.assertEqual(response.status_code, 200)

    def test_evidence_over_ten_megabytes_is_refused(self):
        from django.core.exceptions import ValidationError

        from sapat.risks.files import validate_evidence

        big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
        with self.assertRaises(ValidationError):
            validate_evidence(big)

    def test_docx_and_xlsx_are_told_apart_by_content(self):
        import zipfile

        from django.core.exceptions import ValidationError

        from sapat.risks.files import validate_evidence

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("word/document.xml", "<w/>")
        validate_evidence(SimpleUploadedFile("a.docx", buf.getvalue()))
        with self.assertRaises(ValidationError):
            validate_evidence(SimpleUploadedFile("a.xlsx", buf.getvalue()))

    def test_head2_cannot_complete_a_measure_elsewhere(self):
        self.login(self.head2)
        url = reverse("risks:measure_complete", args=[self.late.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
