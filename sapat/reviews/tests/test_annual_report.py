"""The annual QMS report: generated from the year's records, edited, submitted to the
Academic Council, returned with a reason, corrected and approved; the approved PDF is
frozen and a KPI changed afterwards changes neither it nor the report."""
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sapat.approvals import services as approvals
from sapat.approvals.models import State
from sapat.processes.models import Measurement
from sapat.reviews import services
from sapat.reviews.approval import annual_render

from .base import ReviewTestCase


class AnnualReportTests(ReviewTestCase):
    def generate(self):
        return services.annual_generate(university=self.university, year=self.this_year,
                                        by=self.qms)

    def test_generated_from_the_same_sections(self):
        report = self.generate()
        keys = [s["key"] for s in report.data["ky"]]
        self.assertEqual(keys[:4], ["a", "b", "c1", "c2"])
        self.assertIn("c4", keys)

    def test_only_the_qms_office_generates_and_edits(self):
        with self.assertRaises(PermissionDenied):
            services.annual_generate(university=self.university, year=self.this_year,
                                     by=self.rector)
        report = self.generate()
        with self.assertRaises(PermissionDenied):
            services.annual_edit(report=report, by=self.council,
                                 expected_version=report.version, texts={"c2": "x"})

    def test_the_render_is_the_same_file_for_the_same_record(self):
        report = self.generate()
        self.assertEqual(annual_render(report)[0][:4], b"%PDF")
        self.assertEqual(hashlib.sha256(annual_render(report)[0]).hexdigest(),
                         hashlib.sha256(annual_render(report)[0]).hexdigest())

    def test_returned_corrected_approved_and_frozen(self):
        report = self.generate()
        report = services.annual_edit(report=report, by=self.qms, expected_version=report.version,
                                      texts={"c2": "Максаттар аткарылды."})
        approvals.submit(report, self.qms)
        with self.assertRaises(ValidationError):  # waiting: no change until decided
            services.annual_edit(report=report, by=self.qms, expected_version=report.version,
                                 texts={"c2": "x"})
        with self.assertRaises(PermissionDenied):  # the rector is not the council
            approvals.return_(report, self.rector, "…")
        approvals.return_(report, self.council, "c3 бөлүмүн толуктагыла")
        self.assertEqual(approvals.current_state(report), State.RETURNED)
        report.refresh_from_db()
        report = services.annual_edit(report=report, by=self.qms, expected_version=report.version,
                                      texts={"c2": "Максаттар аткарылды.",
                                             "c3": "Процесстер толукталды."})
        approvals.submit(report, self.qms)
        request = approvals.approve(report, self.council, "7/3", timezone.localdate())
        self.assertEqual(request.state, State.APPROVED)
        self.assertEqual(request.number, 1)
        frozen = bytes(request.document)
        self.assertEqual(hashlib.sha256(frozen).hexdigest(), request.sha256)
        report.refresh_from_db()
        data_before = report.data
        Measurement.objects.filter(indicator=self.kpi, period=self.this_period).update(value=5)
        report.refresh_from_db()
        request.refresh_from_db()
        self.assertEqual(report.data, data_before)
        self.assertEqual(bytes(request.document), frozen)
        self.assertFalse(approvals.changed_since_approval(report))
        # Generating again reads the changed KPI: a new version to submit; the approved
        # copy stays as it was.
        report = self.generate()
        self.assertTrue(approvals.changed_since_approval(report))
        request.refresh_from_db()
        self.assertEqual(bytes(request.document), frozen)


class FrozenLanguageTests(ReviewTestCase):
    def test_the_frozen_file_is_the_same_in_any_language(self):
        from django.utils import translation

        report = services.annual_generate(university=self.university, year=self.this_year,
                                          by=self.qms)
        with translation.override("ru"):
            russian = annual_render(report)[0]
        with translation.override("en"):
            english = annual_render(report)[0]
        self.assertEqual(russian, english)
