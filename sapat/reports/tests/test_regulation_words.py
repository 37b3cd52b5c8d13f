"""The regulation's own words in the documents (issue 13): Appendix 4's headings, the
scale's «Ыктымалдуулуктун чечмелениши», the level rule as its two-column table, the
consolidated register titled with its opportunities and numbered by the register."""

from sapat.reports.export import export_table
from sapat.risks.defaults import CATEGORIES, LEVELS

from .base import ReportsTestCase, xlsx_rows


def texts(rows):
    return {str(v) for row in rows for v in row if v is not None}


class RegulationWordsTests(ReportsTestCase):
    def rows(self, table, lang, **params):
        return xlsx_rows(
            export_table(table, "xlsx", person=self.qms, lang=lang, params=params).content
        )

    def test_kyrgyz_headings_as_appendix_4_words_them(self):
        cells = texts(self.rows("register", "ky"))
        self.assertIn("Калган тобокелдик", cells)
        self.assertIn("Натыйжалары (1-5)", cells)
        self.assertNotIn("Калдык тобокелдик", cells)
        self.assertIn("Балл (ыктымалдуулук x натыйжа)", cells)
        self.assertIn("Тобокелдик деңгээли", cells)
        self.assertIn("6-10", cells)
        passport = texts(self.rows("passport", "ky", unit="dep-a1"))
        self.assertIn("Ыктымалдуулуктун чечмелениши", passport)

    def test_the_consolidated_register_is_titled_with_its_opportunities(self):
        for lang, title in (
            ("ky", "Тобокелдиктер менен мүмкүнчүлүктөрдүн кыскача реестри"),
            ("ru", "Сводный реестр рисков и возможностей"),
            ("en", "Consolidated register of risks and opportunities"),
        ):
            with self.subTest(lang):
                top = [v for r in self.rows("consolidated", lang)[:3] for v in r if v]
                self.assertIn(title, top)

    def test_the_consolidated_number_column_shows_register_numbers(self):
        rows = self.rows("consolidated", "ru")
        header = next(i for i, r in enumerate(rows) if r[0] == "№")
        self.assertIn("Структурное подразделение", rows[header])
        numbers = {
            r[4]: r[0]
            for r in rows[header + 1 :]
            if r[4] in (self.r1.title, self.r2.title, self.r3.title)
        }
        self.assertEqual(numbers, {self.r1.title: 1, self.r2.title: None, self.r3.title: 2})

    def test_english_and_russian_wording(self):
        self.assertEqual(
            [en for _c, (_k, _r, en) in CATEGORIES][-2:],
            ["Employer engagement", "Social and reputational"],
        )
        consequences = [t[2].split(":")[0] for axis, _s, t in LEVELS if axis == "consequences"]
        self.assertEqual(consequences, ["Negligible", "Minor", "Moderate", "Major", "Critical"])
        self.assertIn("приостановка деятельности по направлению", LEVELS[-1][2][1])
        cells = texts(self.rows("register", "en"))
        self.assertIn("Timeframe", cells)

    def test_the_rest_of_the_issues_wording_list(self):
        """Issue 13's list, word by word: the process map's English names, the catalogue's
        English and Russian strings (the documents' headings and title blocks)."""
        from django.utils import translation

        from sapat.demo.jasu import PROCESSES

        english = {code: names[2] for _n, code, _g, names in PROCESSES}
        self.assertEqual(english["upbringing"], "Student development")
        self.assertEqual(english["facilities"], "Infrastructure and facilities")
        self.assertEqual(english["employers"], "Employer engagement")
        with translation.override("en"):
            self.assertEqual(translation.gettext("Expected effect"), "Expected benefit")
            self.assertEqual(
                translation.gettext("Completion mark / result"), "Completion status / result"
            )
        with translation.override("ru"):
            self.assertEqual(translation.gettext("Prepared by"), "Составитель")
            self.assertEqual(translation.gettext("Expected effect"), "Ожидаемый эффект возможности")
        consolidated = texts(self.rows("consolidated", "ru"))
        self.assertIn("Сводный реестр рисков и возможностей", consolidated)
        self.assertIn("Структурное подразделение", consolidated)


class OverdueMarkTests(ReportsTestCase):
    def test_the_document_marks_an_overdue_measure_as_the_screen_does_and_reads_it_back(self):
        """Screen and document agree (issue 13): an open measure past its date is marked
        in the register's documents too, inside its bracket; the import reads the date."""
        import datetime

        from django.utils import timezone

        from sapat.reports.reading import split_measures
        from sapat.risks.models import Measure

        past = timezone.localdate() - datetime.timedelta(days=10)
        Measure.objects.create(risk=self.r1, text="Кечиккен чара", due_date=past)
        Measure.objects.create(
            risk=self.r1, text="Аткарылган чара", due_date=past,
            status=Measure.Status.DONE, completed_on=past,
        )
        when = past.strftime("%d.%m.%Y")
        for lang, mark in (("ky", "мөөнөтү өткөн"), ("ru", "просрочено"), ("en", "overdue")):
            with self.subTest(lang):
                cells = texts(RegulationWordsTests.rows(self, "register", lang))
                measures = next(c for c in cells if "Кечиккен чара" in c)
                self.assertIn(f"Кечиккен чара [{when}, {mark}]", measures)
                self.assertIn(f"Аткарылган чара [{when}]", measures)  # done: no mark
                read = {m.text: m for m in split_measures(measures)}
                self.assertEqual(read["Кечиккен чара"].due_date, past)
                self.assertEqual(read["Кечиккен чара"].rhythm_text, "")

    def test_the_integrated_table_marks_an_overdue_measure_as_its_screen_does(self):
        import datetime

        from django.utils import timezone

        from sapat.risks.models import Measure

        past = timezone.localdate() - datetime.timedelta(days=10)
        Measure.objects.create(risk=self.r2, text="Кечиккен чара", due_date=past)
        when = past.strftime("%d.%m.%Y")
        for lang, mark in (("ky", "мөөнөтү өткөн"), ("ru", "просрочено"), ("en", "overdue")):
            with self.subTest(lang):
                cells = texts(RegulationWordsTests.rows(self, "integrated", lang))
                self.assertTrue(
                    any(f"Кечиккен чара ({when}; {mark})" in c for c in cells),
                    [c for c in cells if "Кечиккен" in c],
                )
