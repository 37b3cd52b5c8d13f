"""A passport or register import that fails half-way leaves the database as it was, and the
person is told which row failed and that nothing was imported."""
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from sapat.reports.importing import RowError, import_commit, plan_import
from sapat.reports.reading import FIELD_LABELS
from sapat.reports.tests.base import ReportsTestCase
from sapat.reports.tests.files import KY_PASSPORT_HEADERS, KY_REGISTER_HEADERS, xlsx_file
from sapat.risks.models import Risk

from .faults import AllOrNothingMixin, WriteFault, changed_tables, snapshot

# Row 2 updates a risk already in dep-a1's passport; rows 3 and 4 are new; all have measures.
PASSPORT = xlsx_file(KY_PASSPORT_HEADERS, [
    [1, "Студенттердин мотивациясы төмөн", 4, 3, "", "Директорлор",
     "Мотивациялоочу программаларды ишке киргизүү; Кеңеш берүү"],
    [2, "Лабораториялык жабдуулардын эскириши", 3, 4, "", "Проректор",
     "Жабдууларды жаңылоо; Тейлөө графиги"],
    [3, "Окутуучулардын агымы", 2, 5, "", "Кадрлар бөлүмү", "Айлык акыны көтөрүү"],
])
# A new register risk numbered 7, and the escalated risk r1 confirmed as number 1.
REGISTER = xlsx_file([h.replace("\n", "") for h in KY_REGISTER_HEADERS], [
    [7, "academic", "Аккредитациянын мөөнөтү өтүп кетиши", 3, 5, 15, "Ректорат",
     "Өз алдынча баалоо; Документтерди даярдоо", "Квартал сайын", 6],
    [8, "academic", "Санариптик инфраструктуранын иштен чыгышы", 2, 4, 8, "IT борбору",
     "Резервдик көчүрмө", "Жыл сайын", 4],
])


class ImportFaultTests(AllOrNothingMixin, ReportsTestCase):
    def passport_import(self):
        plan = plan_import(kind="passport", content=PASSPORT, filename="p.xlsx",
                           unit=self.dep_a1, person=self.head)
        self.assertTrue(plan.ok, plan.messages())
        return import_commit(plan=plan, person=self.head)

    def register_import(self):
        plan = plan_import(kind="register", content=REGISTER, filename="r.xlsx",
                           unit=self.university, person=self.qms)
        self.assertTrue(plan.ok, plan.messages())
        return import_commit(plan=plan, person=self.qms)

    def names_a_row(self, exc):
        self.assertRegex(" ".join(exc.messages), r"Row [2-4]\b.*nothing was imported")

    def test_passport_import_refused_at_any_write_leaves_every_table_as_it_was(self):
        with translation.override("en"):
            writes = self.assert_all_or_nothing(
                self.passport_import, expected=ValidationError, check=self.names_a_row)
        self.assertGreaterEqual(writes, 10)

    def test_register_import_refused_at_any_write_leaves_every_table_as_it_was(self):
        with translation.override("en"):
            writes = self.assert_all_or_nothing(
                self.register_import, expected=ValidationError, check=self.names_a_row)
        self.assertGreaterEqual(writes, 8)

    def test_the_same_import_saves_everything_when_nothing_fails(self):
        # The control: the workflow the tests above break does write when left alone.
        result = self.passport_import()
        self.assertEqual((result.created, result.updated, result.measures_added), (2, 1, 4))


class ImportFaultScreenTests(ReportsTestCase):
    """Through the screens: the person sees the failed row in their language."""

    def preview(self):
        response = self.client.post(reverse("reports:import"), {
            "kind": "passport", "unit": self.dep_a1.pk,
            "file": SimpleUploadedFile("p.xlsx", PASSPORT),
        })
        token = response.context["token"]
        self.assertTrue(token, "the preview should offer to save the file")
        return token

    def test_a_refused_row_shows_a_clear_message_and_saves_nothing(self):
        self.login(self.head)
        self.client.cookies["sapat_language"] = "ru"
        token = self.preview()
        before = snapshot(exclude=("sessions.Session",))
        refused = WriteFault(fail_at=self.first_new_risk_write())
        with connection.execute_wrapper(refused):
            response = self.client.post(reverse("reports:import_commit"), {
                "token": token, "kind": "passport", "unit": self.dep_a1.pk,
            })
        self.assertEqual(response.status_code, 200)
        self.assertIn(Risk._meta.db_table, refused.refused_sql)
        with translation.override("ru"):
            # Row 3 of the file is the first new risk (row 2 updates an existing one).
            expected = str(RowError(3, FIELD_LABELS["title"], gettext(
                "the database refused to save this row, so nothing was imported; try "
                "again, and if it happens again tell the QMS office")))
        self.assertContains(response, expected)
        self.assertContains(response, '<html lang="ru">')
        self.assertEqual(changed_tables(before, snapshot(exclude=("sessions.Session",))), {})
        # The file is kept: saving again, with the database willing, saves every row.
        response = self.client.post(reverse("reports:import_commit"), {
            "token": token, "kind": "passport", "unit": self.dep_a1.pk,
        })
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Risk.objects.filter(unit=self.dep_a1).count(), 4)

    def first_new_risk_write(self) -> int:
        """The position, among the commit's writes, of the first INSERT into the risk table
        (row 2 of the file updates a risk; row 3 inserts the first new one)."""
        seen = []

        def record(execute, sql, params, many, context):
            if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
                seen.append(sql)
            return execute(sql, params, many, context)

        plan = plan_import(kind="passport", content=PASSPORT, filename="p.xlsx",
                           unit=self.dep_a1, person=self.head)
        with transaction.atomic():
            with connection.execute_wrapper(record):
                import_commit(plan=plan, person=self.head)
            transaction.set_rollback(True)
        table = f'INSERT INTO "{Risk._meta.db_table}"'
        return next(i for i, sql in enumerate(seen, start=1) if sql.startswith(table))
