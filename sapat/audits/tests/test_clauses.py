from django.test import TestCase
from django.utils import translation

from sapat.audits import clauses_data
from sapat.audits.models import Clause


class ClauseCatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The migration installs the catalogue, but a live-server or TransactionTestCase test
        # that ran before on this worker may have flushed it: install it as the migration
        # does (idempotent; `test_installing_again_changes_nothing` holds it to that).
        if not Clause.objects.exists():
            clauses_data.install(Clause)

    def test_the_catalogue_holds_clauses_4_to_10_in_three_languages(self):
        self.assertEqual(Clause.objects.count(), len(clauses_data.CLAUSES))
        tops = list(Clause.objects.filter(parent__isnull=True).values_list("code", flat=True))
        self.assertEqual(tops, ["4", "5", "6", "7", "8", "9", "10"])
        audit = Clause.objects.get(code="9.2")
        self.assertEqual(audit.parent.code, "9")
        self.assertEqual(
            (audit.name, audit.name_ru, audit.name_en),
            ("Ички аудит", "Внутренний аудит", "Internal audit"),
        )
        with translation.override("ru"):
            self.assertEqual(str(audit), "9.2 Внутренний аудит")

    def test_each_kyrgyz_title_says_where_it_comes_from(self):
        self.assertTrue(Clause.objects.get(code="9.2").ky_source.startswith("regulation §8.2"))
        self.assertEqual(Clause.objects.get(code="4.1").ky_source, "translation")
        self.assertFalse(Clause.objects.filter(ky_source="").exists())

    def test_installing_again_changes_nothing(self):
        before = list(Clause.objects.values_list("pk", "code", "parent_id"))
        clauses_data.install(Clause)
        self.assertEqual(list(Clause.objects.values_list("pk", "code", "parent_id")), before)
