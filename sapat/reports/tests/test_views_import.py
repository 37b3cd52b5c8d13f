"""The import screens: upload → preview → commit, errors in the user's language."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sapat.risks.models import Risk
from sapat.test import SapatTestCase

from .files import KY_PASSPORT_HEADERS, xlsx_file

ROWS = [[1, "Илимий даражалуу окутуучулардын жетишсиздиги", 4, 4, "", "Проректор",
         "Квалификацияны жогорулатуу"]]


class ImportViewTests(SapatTestCase):
    def upload(self, content, name="p.xlsx", unit=None, kind="passport"):
        return self.client.post(reverse("reports:import"), {
            "kind": kind, "unit": (unit or self.dep_a1).pk,
            "file": SimpleUploadedFile(name, content),
        }, HTTP_ACCEPT_LANGUAGE="en")

    def test_anonymous_is_sent_to_login(self):
        self.assertEqual(self.client.get(reverse("reports:import")).status_code, 302)

    def test_read_only_people_are_refused(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(reverse("reports:import")).status_code, 403)

    def test_head_previews_then_commits_their_passport(self):
        self.login(self.head)
        response = self.upload(xlsx_file(KY_PASSPORT_HEADERS, ROWS))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="import-preview"')
        self.assertContains(response, "16 –")
        self.assertEqual(Risk.objects.count(), 0)
        token = response.context["token"]
        response = self.client.post(reverse("reports:import_commit"), {
            "token": token, "kind": "passport", "unit": self.dep_a1.pk,
        })
        self.assertRedirects(response, reverse("risks:passport", args=["dep-a1"]),
                             fetch_redirect_response=False)
        self.assertEqual(Risk.objects.filter(unit=self.dep_a1).count(), 1)

    def test_row_errors_are_shown_and_there_is_no_commit_button(self):
        self.login(self.head)
        response = self.upload(xlsx_file(KY_PASSPORT_HEADERS, [[1, "X", 7, 4, "", "", ""]]))
        self.assertContains(response, 'data-testid="import-errors"')
        self.assertContains(response, "“7”")
        self.assertNotContains(response, 'data-testid="import-commit"')

    def test_a_pdf_or_an_encrypted_file_gets_a_message_not_a_server_error(self):
        self.login(self.head)
        for content in (b"%PDF-1.4 ...", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64):
            with self.subTest(content=content[:4]):
                response = self.upload(content, name="x.xlsx")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'data-testid="import-errors"')

    def test_head_cannot_import_into_another_department(self):
        self.login(self.head)
        response = self.upload(xlsx_file(KY_PASSPORT_HEADERS, ROWS), unit=self.dep_b1)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Risk.objects.exists())

    def test_someone_elses_token_cannot_be_committed(self):
        self.login(self.head)
        response = self.client.post(reverse("reports:import_commit"), {
            "token": f"{self.qms.pk}-{'a' * 32}.bin", "kind": "passport", "unit": self.dep_a1.pk,
        })
        self.assertRedirects(response, reverse("reports:import"), fetch_redirect_response=False)
