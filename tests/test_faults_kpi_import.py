"""A KPI values import that fails half-way leaves the database as it was, and says so."""
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook

from sapat.processes import xlsx_import
from sapat.processes.models import Measurement
from sapat.processes.services import measurement_record
from sapat.processes.tests.factories import make_indicator, make_process, make_years
from sapat.test import SapatTestCase

from .faults import AllOrNothingMixin, WriteFault, changed_tables, snapshot

# Three years for dep-a1; 2023 replaces a value already stored.
ROWS = [
    ["outcomes", 2023, None, "dep-a1", 71, "сессия"],
    ["outcomes", 2024, None, "dep-a1", "74,5", ""],
    ["outcomes", 2025, None, "dep-a1", 78, "жаңы"],
]


def xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["code", "year", "n", "unit", "value", "comment"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class KpiImportFaultTests(AllOrNothingMixin, SapatTestCase):
    def setUp(self):
        process = make_process(self.university)
        self.kpi = make_indicator(process, self.university, code="outcomes")
        years = make_years(2023, 3)
        measurement_record(indicator=self.kpi, period=years[0], unit=self.dep_a1,
                           value=Decimal("60"), by=self.head)

    def commit(self):
        rows, errors = xlsx_import.parse(io.BytesIO(xlsx(ROWS)), self.head)
        self.assertEqual(errors, [])
        return xlsx_import.commit(xlsx_import.to_session(rows), self.head)

    def test_refused_at_any_write_leaves_every_table_as_it_was(self):
        writes = self.assert_all_or_nothing(self.commit, expected=xlsx_import.RowRefused)
        self.assertGreaterEqual(writes, 6)  # a value and its history row, per row

    def test_the_same_import_saves_every_value_when_nothing_fails(self):
        self.assertEqual(self.commit(), 3)
        self.assertEqual(sorted(Measurement.objects.values_list("value", flat=True)),
                         [Decimal("71"), Decimal("74.5"), Decimal("78")])

    def test_the_person_is_told_nothing_was_imported_in_their_language(self):
        self.login(self.head)
        self.client.cookies["sapat_language"] = "ru"
        response = self.client.post(reverse("processes:kpi_import"), {
            "file": SimpleUploadedFile("values.xlsx", xlsx(ROWS))})
        self.assertContains(response, 'data-testid="import-preview"')
        before = snapshot(exclude=("sessions.Session",))
        # The third write is the second row's value (the first row wrote a value and its
        # history): row 3 of the file.
        fault = WriteFault(fail_at=3)
        with connection.execute_wrapper(fault):
            response = self.client.post(reverse("processes:kpi_import_commit"), follow=True)
        self.assertTrue(fault.refused_sql.startswith(
            f'INSERT INTO "{Measurement._meta.db_table}"'), fault.refused_sql)
        with translation.override("ru"):
            expected = gettext(
                "Nothing was imported: the database refused row %(row)s (perhaps someone "
                "saved the same value meanwhile). Upload the file again.") % {"row": 3}
        self.assertContains(response, expected)
        self.assertEqual(changed_tables(before, snapshot(exclude=("sessions.Session",))), {})
        self.assertEqual(Measurement.objects.get().value, Decimal("60"))
