import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sapat.processes.models import Measurement
from sapat.test import SapatTestCase

from .factories import make_indicator, make_process, make_years


def xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["code", "year", "n", "unit", "value", "comment"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("values.xlsx", out.getvalue())


class KpiImportTests(SapatTestCase):
    url = reverse("processes:kpi_import")

    def setUp(self):
        process = make_process(self.university)
        self.kpi = make_indicator(process, self.university, code="outcomes")
        make_years(2023, 3)

    def test_staff_may_not_import(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_the_template_lists_the_codes_the_person_may_use(self):
        self.login(self.head)
        response = self.client.get(reverse("processes:kpi_template"))
        wb = load_workbook(io.BytesIO(response.content))
        codes = [r[0] for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)]
        self.assertEqual(codes, ["outcomes"])
        units = [r[0] for r in wb.worksheets[2].iter_rows(min_row=2, values_only=True)]
        self.assertIn("dep-a1", units)
        self.assertNotIn("dep-b1", units)

    def test_preview_then_commit_saves_every_row(self):
        self.login(self.head)
        response = self.client.post(self.url, {"file": xlsx([
            ["outcomes", 2023, None, "dep-a1", 71, "сессия"],
            ["outcomes", 2024, None, "dep-a1", "74,5", ""],
        ])})
        self.assertContains(response, 'data-testid="import-preview"')
        self.assertFalse(Measurement.objects.exists())
        response = self.client.post(reverse("processes:kpi_import_commit"))
        self.assertRedirects(response, reverse("processes:kpis"))
        self.assertEqual(sorted(Measurement.objects.values_list("value", flat=True)),
                         [71, 74.5])

    def test_row_errors_name_row_and_column_and_nothing_is_saved(self):
        self.login(self.head)
        self.client.cookies["sapat_language"] = "en"
        response = self.client.post(self.url, {"file": xlsx([
            ["outcomes", 2023, None, "dep-a1", 71, ""],
            ["nope", 2023, None, "dep-a1", 71, ""],
            ["outcomes", 2023, None, "dep-b1", 71, ""],
            ["outcomes", 2024, None, "dep-a1", "a lot", ""],
        ])})
        self.assertContains(response, 'data-testid="import-errors"')
        errors = [(e.row, e.column) for e in response.context["errors"]]
        self.assertEqual(errors, [(3, "Indicator code"), (4, "Unit code"), (5, "Value")])
        self.assertFalse(Measurement.objects.exists())
        response = self.client.post(reverse("processes:kpi_import_commit"))
        self.assertFalse(Measurement.objects.exists())

    def test_values_are_read_as_people_write_them_and_a_percentage_stays_within_100(self):
        self.login(self.head)
        self.client.cookies["sapat_language"] = "en"
        count = make_indicator(self.kpi.process, self.university, code="count", target="1000")
        count.measure_unit = "students"
        count.save()
        response = self.client.post(self.url, {"file": xlsx([
            ["outcomes", 2023, None, "dep-a1", "79,5", ""],
            ["count", 2023, None, "dep-a1", "1\u00a0234,5", ""],
            ["count", 2024, None, "dep-a1", "1,234.5", ""],
            ["outcomes", 2024, None, "dep-a1", 120, ""],
            ["outcomes", 2025, None, "dep-a1", "79,555", ""],
        ])})
        errors = [(e.row, e.column) for e in response.context["errors"]]
        self.assertEqual(errors, [(5, "Value"), (6, "Value")])
        response = self.client.post(self.url, {"file": xlsx([
            ["outcomes", 2023, None, "dep-a1", "79,5", ""],
            ["count", 2023, None, "dep-a1", "1\u00a0234,5", ""],
            ["count", 2024, None, "dep-a1", "1,234.5", ""],
        ])})
        self.assertContains(response, "1234.5")  # the English page's decimal point
        self.client.post(reverse("processes:kpi_import_commit"))
        self.assertEqual(sorted(Measurement.objects.values_list("value", flat=True)),
                         [Decimal("79.5"), Decimal("1234.5"), Decimal("1234.5")])

    def test_errors_are_in_the_persons_language(self):
        self.login(self.head)
        self.client.cookies["sapat_language"] = "ru"
        response = self.client.post(self.url, {"file": xlsx([["nope", 2023, None, "dep-a1",
                                                               "x", ""]])})
        error = response.context["errors"][-1]
        self.assertEqual(error.row, 2)
        self.assertNotEqual(error.column, "Value")  # the Russian heading

    def test_a_file_that_is_not_xlsx_is_refused(self):
        self.login(self.head)
        response = self.client.post(self.url, {"file": SimpleUploadedFile("x.xlsx", b"hello")},
                                    HTTP_ACCEPT_LANGUAGE="en")
        # Refused by the form, before openpyxl opens it (see tests/test_uploads.py).
        self.assertIn("This is not an Excel (.xlsx) or Word (.docx) file.",
                      response.context["form"].errors["file"])
        self.assertEqual(response.context["rows"], [])


class KpiButtonsTests(SapatTestCase):
    """A button shows only when the check that guards its action allows it (issue 12)."""

    url = reverse("processes:kpis")

    def setUp(self):
        self.process = make_process(self.university)
        make_indicator(self.process, self.university, code="outcomes")

    def test_the_import_button_shows_to_those_who_may_import(self):
        import_url = reverse("processes:kpi_import")
        for person in (self.staff, self.rector, self.council, self.head, self.qms):
            self.login(person)
            allowed = self.client.get(import_url).status_code == 200
            shown = 'data-testid="kpi-import"' in self.client.get(self.url).content.decode()
            self.assertEqual(shown, allowed, person)
        self.login(self.staff)
        self.assertNotContains(self.client.get(self.url), 'data-testid="kpi-import"')
        self.login(self.head)
        self.assertContains(self.client.get(self.url), 'data-testid="kpi-import"')

    def test_the_new_indicator_button_shows_to_a_process_owner(self):
        create = reverse("processes:kpi_create")
        self.login(self.head)
        self.assertEqual(self.client.get(create).status_code, 403)
        self.assertNotContains(self.client.get(self.url), create)
        self.process.owner_person = self.head
        self.process.save()
        self.assertEqual(self.client.get(create).status_code, 200)
        self.assertContains(self.client.get(self.url), f'href="{create}"')
