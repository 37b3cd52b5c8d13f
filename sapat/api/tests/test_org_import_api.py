"""`POST /api/v1/org/import/`: the HR file through the API, with the screen's rules."""
from django.core.files.uploadedfile import SimpleUploadedFile

from sapat.org.models import Person
from sapat.org.tests.hr_files import PEOPLE_RU, workbook
from sapat.test import SapatTestCase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OrgImportApiTests(SapatTestCase):
    def post(self, content, dry_run=False, language="ru"):
        return self.client.post("/api/v1/org/import/", {
            "file": SimpleUploadedFile("hr.xlsx", content, XLSX), "dry_run": dry_run,
        }, HTTP_ACCEPT_LANGUAGE=language)

    def file(self, *rows):
        return workbook(Сотрудники=[PEOPLE_RU, *rows])

    def test_a_dry_run_shows_the_plan_and_saves_nothing(self):
        self.client.force_login(self.qms)
        response = self.post(self.file(["501", "Асан Үсөнов", "asan@jasu.kg", "dep-a1", ""]),
                             dry_run=True)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["counts"]["people"]["new"], 1)
        self.assertEqual(body["people"][0]["fate"], "new")
        self.assertFalse(body["saved"])
        self.assertFalse(Person.objects.filter(email="asan@jasu.kg").exists())

    def test_the_import_saves_all_of_it(self):
        self.client.force_login(self.qms)
        response = self.post(self.file(["501", "Асан Үсөнов", "asan@jasu.kg", "dep-a1", ""]))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["saved"])
        self.assertTrue(Person.objects.filter(email="asan@jasu.kg", staff_number="501").exists())

    def test_row_errors_come_back_in_the_requests_language_and_nothing_is_saved(self):
        self.client.force_login(self.qms)
        response = self.post(self.file(["501", "Асан", "asan@jasu.kg", "dep-a1", ""],
                                       ["502", "Бек", "не-почта", "dep-a1", ""]))
        self.assertEqual(response.status_code, 400)
        [error] = response.json()["errors"]
        self.assertEqual((error["sheet"], error["row"], error["column"]),
                         ("Сотрудники", 3, "E-mail"))
        self.assertIn("почт", error["message"])
        self.assertFalse(Person.objects.filter(email="asan@jasu.kg").exists())

    def test_only_the_qms_office_imports(self):
        for person in (self.rector, self.director, self.head, self.staff, self.auditor):
            self.client.force_login(person)
            response = self.post(self.file(["501", "Асан", "asan@jasu.kg", "dep-a1", ""]))
            self.assertEqual(response.status_code, 403, person.username)

    def test_a_request_without_a_file_is_refused_plainly(self):
        self.client.force_login(self.qms)
        response = self.client.post("/api/v1/org/import/", {"dry_run": "true"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("file", response.json()["errors"])
