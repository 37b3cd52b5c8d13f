"""Appendix 6 as the regulation draws it: the demo's integrated table reproduces the six
example rows of the regulation cell by cell (`reports/tests/data/integrated-ky.csv`, a copy
of the clean table in shared/data), each row with its own inputs/outputs and indicators."""
import csv
from pathlib import Path

from django.test import TestCase, override_settings
from django.utils import translation

from sapat.demo.loader import load_demo
from sapat.org.models import Person
from sapat.processes.models import Process
from sapat.reports.integrated import COLUMN_KEYS, integrated_rows
from sapat.reports.processcard import process_card_rows

CSV = Path(__file__).resolve().parents[2] / "reports" / "tests" / "data" / "integrated-ky.csv"
# Appendix 6 names the processes in its own words; the demo's process map in Appendix 1's.
PROCESSES = {
    "Окуу процессин уюштуруу": "education",
    "Илимий ишмердүүлүк": "research",
    "Иш берүүчүлөр менен өз ара аракеттенүү": "employers",
}
MISSING = "(source cells missing)"


def regulation_rows():
    with CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@override_settings(SAPAT_DEMO=True)
class Appendix6Tests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.qms = Person.objects.get(username="qms")

    def table(self, lang="ky"):
        with translation.override(lang):
            return integrated_rows(person=self.qms)

    def test_the_six_rows_word_for_word(self):
        rows = self.table()
        found = []
        for expected in regulation_rows():
            with self.subTest(expected["item"]):
                kind = "Тобокелдик" if expected["kind"] == "risk" else "Мүмкүнчүлүк"
                # Register risk 7 (Appendix 4) has the fifth row's title, worded otherwise.
                matches = [r for r in rows
                           if r.kind == expected["kind"] and not getattr(r.record, "escalated", 0)
                           and r.cells["item"].endswith(f"{kind}: {expected['item']}")]
                self.assertEqual(len(matches), 1, [r.cells["item"] for r in matches])
                row = matches[0]
                found.append(rows.index(row))
                self.assertEqual(row.process.code, PROCESSES[expected["process"]])
                want = {
                    "goal": expected["goal_cause_essence"],
                    "inputs_outputs": expected["inputs_outputs"],
                    "indicators": expected["indicators"],
                    "likelihood": expected["likelihood"],
                    "consequences": expected["consequences_or_effect"],
                    "responsible": expected["responsible"],
                    "measures": expected["measures"],
                    "mark": expected["mark"],
                }
                got = {k: str(row.cells[k]) for k in COLUMN_KEYS if k != "item"}
                self.assertEqual(got, {k: "" if v == MISSING else v for k, v in want.items()})
        # In the regulation's order.
        self.assertEqual(found, sorted(found))

    def test_a_row_without_its_own_cells_falls_back_to_the_process_card(self):
        register_risk = next(r for r in self.table() if r.record is not None
                             and getattr(r.record, "register_number", None) == 6)
        research = Process.objects.get(code="research")
        self.assertEqual(register_risk.cells["inputs_outputs"],
                         f"{research.inputs} / {research.outputs}")
        self.assertIn("Цитирлөө индекси", register_risk.cells["indicators"])

    def test_the_process_card_names_the_heads_when_it_names_no_owner(self):
        with translation.override("ky"):
            for process in Process.objects.live():
                with self.subTest(process.code):
                    owner = dict((r["element"], r["content"])
                                 for r in process_card_rows(process))["Процесстин ээси"]
                    if process.owner_units.exists():
                        self.assertTrue(owner)
        facilities = Process.objects.get(code="facilities")
        with translation.override("ky"):
            self.assertEqual(
                facilities.owner_heads(),
                "Финансы-экономика бөлүмүнүн башчысы; "
                "Санариптештирүү жана техникалык тейлөө борборунун директору (Эрмек Садыков)")


@override_settings(SAPAT_DEMO=True)
class RecordsInRussianTests(TestCase):
    """A record's own texts in Russian where the demo gives them; the original elsewhere."""

    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.qms = Person.objects.get(username="qms")

    def test_the_russian_integrated_table_prints_the_russian_texts(self):
        with translation.override("ru"):
            rows = integrated_rows(person=self.qms)
        dual = next(r for r in rows if "Внедрение дуального обучения" in r.cells["item"])
        self.assertIn("Возможность: Внедрение дуального обучения", dual.cells["item"])
        self.assertEqual(dual.cells["inputs_outputs"],
                         "Требования работодателя / Студенты, завершившие обучение")
        self.assertEqual(dual.cells["measures"],
                         "Заключение договоров; организация стажировок (ежегодно)")
        motivation = next(r for r in rows if r.cells["item"].endswith(
            "Риск: Низкая мотивация студентов") and r.record.unit.code == "inst-tech")
        self.assertEqual(motivation.cells["goal"], "Обеспечение качественного образовательного "
                         "процесса / Недостаточная посещаемость студентов")
        self.assertEqual(motivation.cells["responsible"], "Директора институтов и техникумов")
        # No Kyrgyz record text is left in the six rows of the regulation.
        for row in rows:
            if row.record is not None and row.record.has_own_cells:
                for key in ("item", "goal", "inputs_outputs", "indicators", "responsible",
                            "measures"):
                    self.assertNotRegex(str(row.cells[key]), "[өүң]", (key, row.cells[key]))

    def test_the_russian_register_prints_the_russian_texts(self):
        from sapat.reports.register import register_queryset, register_rows

        with translation.override("ru"):
            rows = list(register_rows(register_queryset(self.qms).filter(escalated=True)
                                      .order_by("register_number")))
        first = rows[0]
        self.assertTrue(first["title"].startswith("Несоответствие образовательных программ"))
        self.assertEqual(first["responsible"],
                         "Проректор по учебной работе; заведующие кафедрами")
        self.assertIn("Ежегодное обновление РПД", first["measures"])
        self.assertEqual(first["deadline"], "Ежегодно, IV квартал")
        for row in rows:
            for key in ("title", "responsible", "measures", "deadline"):
                self.assertNotRegex(row[key], "[өүң]", (key, row[key]))
        with translation.override("ky"):
            first = next(register_rows(register_queryset(self.qms).filter(register_number=1)))
        self.assertTrue(first["title"].startswith("Билим берүү программаларынын"))

    def test_english_falls_back_to_the_original(self):
        with translation.override("en"):
            rows = integrated_rows(person=self.qms)
        self.assertTrue(any("Opportunity: Дуалдык билим берүүнү ишке ашыруу" in r.cells["item"]
                            for r in rows))
