"""The QMS office's import screen: upload, preview, save, what is next."""
import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from sapat.org.models import Person
from sapat.test import SapatTestCase

from .hr_files import PEOPLE_RU, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportScreenTests(SapatTestCase):
    def setUp(self):
        self.client.force_login(self.qms)

    def upload(self, *rows, language="ru"):
        content = workbook(Сотрудники=[PEOPLE_RU, *rows])
        return self.client.post("/org/import/", {
            "files": SimpleUploadedFile("hr.xlsx", content, XLSX)}, HTTP_ACCEPT_LANGUAGE=language)

    def test_the_preview_shows_each_rows_fate_and_saves_nothing(self):
        response = self.upload(["501", "Асан Үсөнов", "asan@jasu.kg", "dep-a1", ""],
                               ["", "Head", "head@example.kg", "dep-a1", "head"])
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="org-import-commit"')
        self.assertContains(response, "Асан Үсөнов")
        self.assertEqual(response.context["plan"].counts()["people"]["new"], 1)
        self.assertFalse(Person.objects.filter(email="asan@jasu.kg").exists())

    def test_saving_imports_and_offers_invitations(self):
        preview = self.upload(["501", "Асан Үсөнов", "asan@jasu.kg", "dep-a1", ""])
        token = preview.context["token"]
        response = self.client.post("/org/import/save/", {"token": token})
        self.assertRedirects(response, "/org/import/done/")
        asan = Person.objects.get(email="asan@jasu.kg")
        self.assertEqual(asan.unit, self.dep_a1)
        done = self.client.get("/org/import/done/")
        self.assertContains(done, 'data-testid="invite-new"')
        self.client.post("/accounts/settings/invite-new/")
        self.assertEqual([m.to for m in mail.outbox], [["asan@jasu.kg"]])
        # The stashed file is gone: the same token saves nothing twice.
        again = self.client.post("/org/import/save/", {"token": token})
        self.assertRedirects(again, "/org/import/")

    def test_a_file_with_errors_has_no_save_button(self):
        response = self.upload(["501", "", "asan@jasu.kg", "nowhere", ""])
        self.assertContains(response, 'data-testid="import-errors"')
        self.assertNotContains(response, 'data-testid="org-import-commit"')

    def test_someone_elses_token_saves_nothing(self):
        preview = self.upload(["501", "Асан Үсөнов", "asan@jasu.kg", "dep-a1", ""])
        other = self.client_class()
        other.force_login(self.qms)
        response = other.post("/org/import/save/", {"token": preview.context["token"]})
        self.assertRedirects(response, "/org/import/")
        self.assertFalse(Person.objects.filter(email="asan@jasu.kg").exists())

    def test_templates_in_each_language(self):
        for lang, title in (("ky", "Кызматкерлер"), ("ru", "Сотрудники"), ("en", "People")):
            response = self.client.get(f"/org/import/template-{lang}.xlsx")
            self.assertEqual(response["Content-Type"], XLSX)
            wb = load_workbook(io.BytesIO(response.content))
            self.assertIn(title, wb.sheetnames)
        self.assertEqual(self.client.get("/org/import/template-de.xlsx").status_code, 404)

    def test_the_organisation_downloads_as_an_hr_file(self):
        response = self.client.get("/org/export/hr.xlsx?lang=ru")
        wb = load_workbook(io.BytesIO(response.content))
        people = [row[2] for row in wb["Сотрудники"].iter_rows(min_row=2, values_only=True)]
        self.assertIn("head@example.kg", people)
        self.assertNotIn("other-dep", [row[0] for row in wb["Подразделения"].iter_rows(
            min_row=2, values_only=True)])  # another university's units stay out
