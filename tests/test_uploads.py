"""Uploads: what is refused (with a message in the person's language), and how files leave.

Evidence of measures and of KPI values, and the import files of passports, registers and
KPI values. Refused uploads leave the database and the media folder as they were;
accepted evidence leaves only through a view that checks the reader, as an attachment
that no browser renders in Sapat's origin.
"""
import datetime
import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from sapat.processes.models import Measurement
from sapat.processes.tests.factories import make_indicator, make_process, make_years
from sapat.risks import services
from sapat.risks.models import Measure, Risk
from sapat.test import SapatTestCase

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + b"\0" * 17
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b"<script>alert(2)</script></svg>")
# Files that pass a look at their first bytes but are web pages too.
POLYGLOT_PNG = PNG + b"<html><script>alert(1)</script></html>"
POLYGLOT_PDF = b"%PDF-1.4\n<svg onload=alert(1)>\n" + PDF
TOO_BIG_PDF = PDF + b"0" * (10 * 1024 * 1024)


def xlsx(rows=(("kpi", 2024, "", "dep-a1", 80, ""),)) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["code", "year", "number", "unit", "value", "comment"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A small .xlsx-shaped zip that unpacks to 200 MB of shared strings."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            chunk = b"A" * (1024 * 1024)
            for _i in range(200):
                f.write(chunk)
    return out.getvalue()


class MediaRootMixin:
    """Every test writes into its own media folder and checks what is left there."""

    def setUp(self):
        super().setUp()
        self.media = tempfile.mkdtemp(prefix="sapat-uploads-")
        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(shutil.rmtree, self.media, True)
        cache.clear()

    def stored_files(self) -> list[Path]:
        return [p for p in Path(self.media).rglob("*") if p.is_file()]


class MeasureEvidenceTests(MediaRootMixin, SapatTestCase):
    def setUp(self):
        super().setUp()
        self.risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Risk A",
                                         likelihood=3, consequences=4)
        self.measure = services.measure_create(
            by=self.head, risk=self.risk, text="Inspect the labs",
            due_date=timezone.localdate() + datetime.timedelta(days=3), people=[self.staff])
        self.url = reverse("risks:measure_complete", args=[self.measure.pk])

    def complete(self, name, content, language="en"):
        self.client.cookies["sapat_language"] = language
        return self.client.post(self.url, {
            "completed_on": timezone.localdate().isoformat(), "result": "Done",
            "version": self.measure.version, "evidence": SimpleUploadedFile(name, content),
        })

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertIn(message, response.context["form"].errors["evidence"][0])
        self.measure.refresh_from_db()
        self.assertEqual(self.measure.status, Measure.Status.PLANNED)
        self.assertFalse(self.measure.evidence)
        self.assertEqual(self.stored_files(), [])

    def test_an_html_page_renamed_pdf_is_refused(self):
        self.login(self.staff)
        self.assert_refused(self.complete("report.pdf", HTML),
                            "The file’s content does not match its type (.pdf).")

    def test_an_svg_renamed_png_is_refused(self):
        self.login(self.staff)
        self.assert_refused(self.complete("photo.png", SVG),
                            "The file’s content does not match its type (.png).")

    def test_an_svg_or_html_file_is_refused_by_its_name(self):
        self.login(self.staff)
        for name, content in (("drawing.svg", SVG), ("page.html", HTML)):
            with self.subTest(name=name):
                self.assert_refused(self.complete(name, content),
                                    "Only PDF, DOCX, XLSX, PNG and JPG files are accepted.")

    def test_a_polyglot_that_is_also_a_web_page_is_refused(self):
        self.login(self.staff)
        for name, content in (("photo.png", POLYGLOT_PNG), ("report.pdf", POLYGLOT_PDF)):
            with self.subTest(name=name):
                self.assert_refused(self.complete(name, content), "web-page code")

    def test_a_file_over_ten_megabytes_is_refused(self):
        self.login(self.staff)
        self.assert_refused(self.complete("big.pdf", TOO_BIG_PDF),
                            "The file is too large: at most 10 MB is accepted.")

    def test_the_refusal_is_in_the_persons_language(self):
        self.login(self.staff)
        self.assert_refused(self.complete("report.pdf", HTML, language="ru"),
                            "Содержимое файла не соответствует его типу (.pdf).")
        self.assert_refused(self.complete("big.pdf", TOO_BIG_PDF, language="ky"),
                            "Файл өтө чоң: көлөмү эң көп дегенде 10 МБ болгон файл кабыл алынат.")

    def test_the_form_offers_today_as_the_language_writes_dates(self):
        # A text input in the page's format (issue 12: type=date showed mm/dd/yyyy).
        self.login(self.staff)
        self.client.cookies["sapat_language"] = "ru"
        self.assertContains(self.client.get(self.url),
                            f'value="{timezone.localdate():%d.%m.%Y}"')

    def test_a_pdf_is_kept_and_downloaded_as_an_attachment_that_never_renders(self):
        self.login(self.staff)
        response = self.complete("report.pdf", PDF)
        self.assertEqual(response.status_code, 302)
        self.measure.refresh_from_db()
        download = reverse("risks:measure_evidence", args=[self.measure.pk])
        response = self.client.get(download)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertIn('filename="report', response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", response["Content-Security-Policy"])
        self.assertIn("default-src 'none'", response["Content-Security-Policy"])

    def test_only_readers_of_the_measure_download_it(self):
        self.measure.evidence.save("report.pdf", ContentFile(PDF))
        download = reverse("risks:measure_evidence", args=[self.measure.pk])
        self.assertRedirects(self.client.get(download), f"{reverse('login')}?next={download}")
        for person in (self.head2, self.outsider):
            self.login(person)
            self.assertEqual(self.client.get(download).status_code, 404, person)
        self.login(self.director)
        self.assertEqual(self.client.get(download).status_code, 200)

    def test_the_media_folder_is_served_to_nobody(self):
        self.measure.evidence.save("report.pdf", ContentFile(PDF))
        self.login(self.head)
        for path in (f"/media/{self.measure.evidence.name}", "/media/"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_no_route_serves_the_media_folder_even_in_development(self):
        import importlib

        import sapat.urls

        try:
            with override_settings(DEBUG=True):
                patterns = [str(p.pattern) for p in importlib.reload(sapat.urls).urlpatterns]
        finally:
            importlib.reload(sapat.urls)
        self.assertTrue(patterns)
        self.assertEqual([p for p in patterns if "media" in p], [])

    def test_a_stored_file_of_another_type_still_downloads_as_opaque_bytes(self):
        # Files stored before these checks (or put there by hand) are never rendered either.
        self.measure.evidence.save("old.html", ContentFile(HTML))
        self.login(self.head)
        response = self.client.get(reverse("risks:measure_evidence", args=[self.measure.pk]))
        self.assertEqual(response["Content-Type"], "application/octet-stream")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertIn("sandbox", response["Content-Security-Policy"])

    def test_the_api_gives_the_checked_download_address_not_the_media_one(self):
        self.measure.evidence.save("report.pdf", ContentFile(PDF))
        self.login(self.head)
        data = self.client.get(f"/api/v1/measures/{self.measure.pk}/").json()
        self.assertEqual(
            data["evidence"],
            "http://testserver" + reverse("risks:measure_evidence", args=[self.measure.pk]),
        )


class KpiEvidenceTests(MediaRootMixin, SapatTestCase):
    def setUp(self):
        super().setUp()
        self.kpi = make_indicator(make_process(self.university), self.university)
        self.period = make_years(count=1)[0]
        self.url = reverse("processes:kpi", args=[self.kpi.pk])

    def enter(self, name, content, language="en"):
        self.client.cookies["sapat_language"] = language
        return self.client.post(self.url, {
            "period": self.period.pk, "unit": self.dep_a1.pk, "value": "80",
            "seen_version": 0, "evidence": SimpleUploadedFile(name, content),
        })

    def test_web_pages_polyglots_and_big_files_are_refused(self):
        self.login(self.head)
        for name, content, message in (
            ("protocol.pdf", HTML, "The file’s content does not match its type (.pdf)."),
            ("chart.png", SVG, "The file’s content does not match its type (.png)."),
            ("chart.svg", SVG, "Only PDF, DOCX, XLSX, PNG and JPG files are accepted."),
            ("photo.png", POLYGLOT_PNG, "web-page code"),
            ("big.pdf", TOO_BIG_PDF, "The file is too large: at most 10 MB is accepted."),
        ):
            with self.subTest(name=name):
                response = self.enter(name, content)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.context["form"].errors["evidence"][0])
                self.assertFalse(Measurement.objects.exists())
                self.assertEqual(self.stored_files(), [])

    def test_a_zip_renamed_docx_is_refused(self):
        # Only the word/ folder makes a zip a Word document; any other zip is not one.
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("index.html", HTML)
        self.login(self.head)
        response = self.enter("minutes.docx", out.getvalue())
        self.assertIn("(.docx)", response.context["form"].errors["evidence"][0])

    def test_evidence_downloads_as_a_sandboxed_attachment_to_readers_only(self):
        self.login(self.head)
        self.assertEqual(self.enter("protocol.pdf", PDF).status_code, 302)
        download = reverse("processes:evidence", args=[Measurement.objects.get().pk])
        response = self.client.get(download)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", response["Content-Security-Policy"])
        self.login(self.outsider)
        self.assertEqual(self.client.get(download).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(download).status_code, 302)


class ImportUploadTests(MediaRootMixin, SapatTestCase):
    """Passport and register imports (reports) and KPI value imports (processes)."""

    def import_risks(self, name, content, language="en"):
        self.client.cookies["sapat_language"] = language
        return self.client.post(reverse("reports:import"), {
            "kind": "passport", "unit": self.dep_a1.pk,
            "file": SimpleUploadedFile(name, content),
        })

    def import_kpis(self, name, content, language="en"):
        self.client.cookies["sapat_language"] = language
        return self.client.post(reverse("processes:kpi_import"), {
            "file": SimpleUploadedFile(name, content),
        })

    def assert_nothing_kept(self):
        self.assertFalse(Risk.objects.exists())
        self.assertFalse(Measurement.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_a_web_page_renamed_xlsx_is_refused_by_both_imports(self):
        self.login(self.head)
        response = self.import_risks("passport.xlsx", HTML)
        self.assertContains(response, "This is not an Excel (.xlsx) or Word (.docx) file.")
        self.assertContains(self.import_kpis("values.xlsx", HTML),
                            "This is not an Excel (.xlsx) or Word (.docx) file.")
        self.assert_nothing_kept()

    def test_a_zip_bomb_is_refused_before_any_parser_opens_it(self):
        bomb = zip_bomb()
        self.assertLess(len(bomb), 1024 * 1024)
        self.login(self.head)
        for response in (self.import_risks("passport.xlsx", bomb),
                         self.import_kpis("values.xlsx", bomb)):
            self.assertContains(response, "The file unpacks to too much data to be a table.")
        self.assert_nothing_kept()

    def test_a_file_over_five_megabytes_is_refused_in_the_persons_language(self):
        big = b"PK\x03\x04" + b"0" * (5 * 1024 * 1024)
        self.login(self.head)
        self.assertContains(self.import_risks("passport.xlsx", big, language="ru"),
                            "Файл слишком большой; предел — 5 МБ.")
        self.assertContains(self.import_kpis("values.xlsx", big, language="ky"),
                            "Файлдын көлөмү 5 МБ чегинен ашат.")
        self.assert_nothing_kept()

    def test_a_good_kpi_file_still_previews(self):
        make_indicator(make_process(self.university), self.university)
        make_years(first=2024, count=1)
        self.login(self.head)
        response = self.import_kpis("values.xlsx", xlsx())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["errors"], [])
        self.assertEqual(len(response.context["rows"]), 1)
