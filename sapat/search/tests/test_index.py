"""The index finds within what a person may read, in other grammatical forms."""
from sapat.risks.tests.registers_fixtures import make_measure, make_opportunity, make_risk
from sapat.search import index
from sapat.search.models import SearchEntry
from sapat.test import SapatTestCase


def kinds(groups) -> dict[str, list[str]]:
    return {g.key: [h.title for h in g.hits] for g in groups}


class IndexTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.risk_a1 = make_risk(cls.dep_a1, "Окутуучулардын тобокелдиктери",
                                title_ru="Риски преподавателей", cause="Кадрлардын жетишсиздиги")
        cls.risk_b1 = make_risk(cls.dep_b1, "Студенттердин тобокелдиги",
                                title_ru="Риск отчисления студентов")
        cls.opp = make_opportunity(cls.dep_a1, "Санариптик китепкана",
                                   title_ru="Цифровая библиотека")
        cls.measure = make_measure(cls.risk_a1, "Окутуучуларды окутуу", text_ru="Обучение")
        index.rebuild()

    def test_rebuild_indexes_every_provider(self):
        self.assertEqual(
            SearchEntry.objects.filter(kind__in=["risk", "opportunity", "measure"]).count(), 4)

    def test_kyrgyz_word_in_another_form_is_found(self):
        # The title says тобокелдиктери; the person types тобокелдикти.
        found = kinds(index.search(self.qms, "тобокелдикти"))
        self.assertIn("Окутуучулардын тобокелдиктери", found["risk"])
        self.assertIn("Студенттердин тобокелдиги", found["risk"])

    def test_kyrgyz_word_in_the_text_is_found(self):
        found = kinds(index.search(self.qms, "кадрлар"))
        self.assertEqual(found["risk"], ["Окутуучулардын тобокелдиктери"])

    def test_russian_word_in_another_form_is_found(self):
        found = kinds(index.search(self.qms, "преподаватель"))
        self.assertEqual(found["risk"], ["Окутуучулардын тобокелдиктери"])
        found = kinds(index.search(self.qms, "библиотеке"))
        self.assertEqual(found["opportunity"], ["Санариптик китепкана"])

    def test_head_does_not_find_another_units_risk(self):
        found = kinds(index.search(self.head, "тобокелдик"))
        self.assertEqual(found["risk"], ["Окутуучулардын тобокелдиктери"])
        self.assertEqual(kinds(index.search(self.head2, "кадрлар")), {})

    def test_outsider_finds_nothing(self):
        self.assertEqual(index.search(self.outsider, "тобокелдик"), [])

    def test_measure_is_found_and_links_to_its_risk(self):
        groups = index.search(self.head, "окутуу")
        measure = next(g for g in groups if g.key == "measure")
        self.assertEqual(measure.hits[0].url, f"/risks/{self.risk_a1.pk}/")

    def test_snippet_marks_the_word_found(self):
        groups = index.search(self.qms, "кадр")
        self.assertIn("<mark>Кадрлардын</mark>", groups[0].hits[0].snippet)

    def test_a_title_shows_in_the_persons_language(self):
        from django.utils import translation

        with translation.override("ru"):
            found = kinds(index.search(self.qms, "библиотека"))
        self.assertEqual(found["opportunity"], ["Цифровая библиотека"])
