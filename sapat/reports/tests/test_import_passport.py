"""Importing a unit's passport: preview with levels and row errors, all or nothing, no
duplicates on re-import, Kyrgyz/Russian/broken Word tables."""
from django.core.exceptions import PermissionDenied
from django.utils import translation

from sapat.reports.importing import import_commit, plan_import
from sapat.risks.models import Measure, Risk
from sapat.test import SapatTestCase

from .files import KY_PASSPORT_HEADERS, RU_PASSPORT_HEADERS, docx_file, xlsx_file

ROWS = [
    [1, "Илимий даражалуу окутуучулардын жетишсиздиги", 4, 4, "жогорку",
     "Илимий иштер жана инновациялар боюнча проректор",
     "Квалификацияны жогорулатуу; адистерди чакыруу"],
    [2, "Студенттердин мотивациясы төмөн", 3, 3, "орто",
     "Институттардын жана колледждердин директорлору",
     "Мотивациялоочу программаларды ишке киргизүү"],
]


class PassportImportTests(SapatTestCase):
    def plan(self, content, person=None, unit=None):
        return plan_import(kind="passport", content=content, filename="p",
                           unit=unit or self.dep_a1, person=person or self.head)

    def test_preview_shows_every_row_with_its_level_and_band(self):
        plan = self.plan(xlsx_file(KY_PASSPORT_HEADERS, ROWS, title_rows=[["Паспорт"], []]))
        self.assertTrue(plan.ok, plan.messages())
        self.assertEqual([(r.score.level, r.score.band.code) for r in plan.rows],
                         [(16, "high"), (9, "medium")])
        self.assertEqual([m.text for m in plan.rows[0].measures],
                         ["Квалификацияны жогорулатуу", "адистерди чакыруу"])
        self.assertEqual(Risk.objects.count(), 0)

    def test_commit_saves_all_rows_and_reimport_creates_no_duplicates(self):
        content = xlsx_file(KY_PASSPORT_HEADERS, ROWS)
        result = import_commit(plan=self.plan(content), person=self.head)
        self.assertEqual((result.created, result.measures_added), (2, 3))
        again = import_commit(plan=self.plan(content), person=self.head)
        self.assertEqual((again.created, again.updated, again.unchanged, again.measures_added),
                         (0, 0, 2, 0))
        self.assertEqual(Risk.objects.count(), 2)
        self.assertEqual(Measure.objects.count(), 3)

    def test_likelihood_seven_is_a_row_error_in_the_users_language_and_nothing_is_saved(self):
        rows = [ROWS[0], [2, "Башка тобокелдик", 7, 3, "", "", ""]]
        with translation.override("en"):
            plan = self.plan(xlsx_file(KY_PASSPORT_HEADERS, rows))
            messages = plan.messages()
        self.assertFalse(plan.ok)
        self.assertEqual(len(messages), 1)
        self.assertIn("Row 3", messages[0])
        self.assertIn("Ыктымалдуулук (1-5)", messages[0])
        self.assertIn("“7” is not a whole number from 1 to 5", messages[0])
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            import_commit(plan=plan, person=self.head)
        self.assertEqual(Risk.objects.count(), 0)

    def test_russian_headed_word_table_imports(self):
        plan = self.plan(docx_file(RU_PASSPORT_HEADERS, ROWS))
        self.assertTrue(plan.ok, plan.messages())
        self.assertEqual(plan.file_kind, "docx")
        self.assertEqual([r.title for r in plan.rows], [ROWS[0][1], ROWS[1][1]])

    def test_word_table_with_cells_broken_over_lines_imports(self):
        plan = self.plan(docx_file(KY_PASSPORT_HEADERS, ROWS, broken=True))
        self.assertTrue(plan.ok, plan.messages())
        self.assertEqual(plan.rows[0].title, ROWS[0][1])
        self.assertEqual(plan.rows[1].responsible, ROWS[1][5])
        self.assertEqual([m.text for m in plan.rows[0].measures],
                         ["Квалификацияны жогорулатуу", "адистерди чакыруу"])

    def test_a_risk_broken_over_two_table_rows_is_one_risk(self):
        rows = [
            [1, "Илимий даражалуу", 4, 4, "", "Илимий иштер боюнча", "Квалификацияны"],
            [None, "окутуучулардын жетишсиздиги", None, None, None, "проректор",
             "жогорулатуу"],
        ]
        plan = self.plan(docx_file(KY_PASSPORT_HEADERS, rows))
        self.assertTrue(plan.ok, plan.messages())
        self.assertEqual(len(plan.rows), 1)
        self.assertEqual(plan.rows[0].title, "Илимий даражалуу окутуучулардын жетишсиздиги")

    def test_a_head_cannot_import_into_another_department(self):
        with self.assertRaises(PermissionDenied):
            self.plan(xlsx_file(KY_PASSPORT_HEADERS, ROWS), person=self.head2)

    def test_a_file_without_the_columns_names_what_is_missing(self):
        with translation.override("en"):
            plan = self.plan(xlsx_file(["Аты", "Жөнү"], [["a", "b"]]))
            self.assertFalse(plan.ok)
            self.assertIn("Missing", plan.messages()[0])
