"""Files other universities keep: category names in any catalogue language and form,
categories the catalogue lacks mapped or created (all or nothing), a passport's title
naming its unit, and the CLI speaking the language asked for."""

import io
import re
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command

from sapat.reports.importing import NEW, import_commit, plan_import
from sapat.reports.reading import name_key
from sapat.risks.models import Risk, RiskCategory

from .base import ReportsTestCase
from .factories import category
from .files import KY_PASSPORT_HEADERS, KY_REGISTER_HEADERS, docx_file, xlsx_file

RU_REGISTER_HEADERS = [
    "№",
    "Категория риска",
    "Наименование риска",
    "Вероятность (1-5)",
    "Последствия (1-5)",
    "Уровень риска",
    "Ответственный",
    "Меры по снижению риска",
    "Срок исполнения",
    "Остаточный риск",
]


def register_row(number, cat, title, lc=(3, 3)):
    return [number, cat, title, lc[0], lc[1], lc[0] * lc[1], "Проректор", "Меры", "", ""]


class CategoryNamesTests(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        category("financial")
        RiskCategory.objects.filter(code="academic").update(
            name="Академиялык", name_ru="Академические", name_en="Academic"
        )
        RiskCategory.objects.filter(code="financial").update(
            name="Каржылык", name_ru="Финансовые", name_en="Financial"
        )

    def plan(self, rows, category_map=None):
        content = xlsx_file(RU_REGISTER_HEADERS, rows)
        return plan_import(
            kind="register",
            content=content,
            filename="r.xlsx",
            unit=self.university,
            person=self.qms,
            category_map=category_map,
        )

    def test_usual_forms_in_any_language_case_and_punctuation_ignored(self):
        self.assertEqual(name_key("Финансовый"), name_key("ФИНАНСОВЫЕ риски."))
        plan = self.plan(
            [
                register_row(10, "Академический", "Риск А"),
                register_row(11, "ФИНАНСОВЫЙ.", "Риск Б"),
                register_row(12, "academic risks", "Риск В"),
                register_row(13, "каржылык", "Риск Г"),
            ]
        )
        self.assertTrue(plan.ok, plan.messages())
        self.assertEqual(
            [r.category.code for r in plan.rows], ["academic", "financial", "academic", "financial"]
        )

    def test_an_unknown_category_is_listed_and_refused_until_mapped(self):
        rows = [
            register_row(10, "Экологические", "Риск А"),
            register_row(11, "Экологический", "Риск Б"),
        ]
        plan = self.plan(rows)
        self.assertFalse(plan.ok)
        self.assertEqual(list(plan.unknown_categories.values()), ["Экологические"])
        mapped = self.plan(rows, {"Экологические": "financial"})
        self.assertTrue(mapped.ok, mapped.messages())
        self.assertEqual({r.category.code for r in mapped.rows}, {"financial"})

    def test_an_unknown_category_can_be_created_on_import(self):
        before = RiskCategory.objects.count()
        rows = [
            register_row(10, "Экологические", "Риск А"),
            register_row(11, "экологический", "Риск Б"),
        ]
        plan = self.plan(rows, {"экологические": NEW})
        self.assertTrue(plan.ok, plan.messages())
        import_commit(plan=plan, person=self.qms)
        self.assertEqual(RiskCategory.objects.count(), before + 1)
        created = RiskCategory.objects.get(name="Экологические")
        self.assertEqual(
            set(Risk.objects.filter(title__startswith="Риск ").values_list("category", flat=True)),
            {created.pk},
        )

    def test_the_cli_maps_and_creates_categories_all_or_nothing(self):
        content = xlsx_file(
            RU_REGISTER_HEADERS,
            [
                register_row(10, "Экологические", "Риск А"),
                register_row(11, "Спортивные", "Риск Б"),
            ],
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "r.xlsx")
            path.write_bytes(content)
            err = io.StringIO()
            with self.assertRaises(CommandError):
                call_command(
                    "import",
                    "register",
                    str(path),
                    "--as",
                    "qms",
                    "--lang",
                    "en",
                    "--map-category",
                    "Экологический=financial",
                    stderr=err,
                    stdout=io.StringIO(),
                )
            self.assertIn('--new-category "Спортивные"', err.getvalue())
            self.assertFalse(Risk.objects.filter(title__startswith="Риск ").exists())
            out = io.StringIO()
            call_command(
                "import",
                "register",
                str(path),
                "--as",
                "qms",
                "--lang",
                "en",
                "--map-category",
                "Экологический=financial",
                "--new-category",
                "спортивный",
                stdout=out,
                stderr=io.StringIO(),
            )
        self.assertIn("Imported: 2 new risks", out.getvalue())
        self.assertEqual(Risk.objects.get(title="Риск А").category.code, "financial")
        self.assertEqual(Risk.objects.get(title="Риск Б").category.name, "Спортивные")


class PassportTitleTests(ReportsTestCase):
    def run_import(self, content, name, lang="ky"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, name)
            path.write_bytes(content)
            out, err = io.StringIO(), io.StringIO()
            try:
                call_command(
                    "import",
                    "passport",
                    str(path),
                    "--as",
                    "qms",
                    "--lang",
                    lang,
                    stdout=out,
                    stderr=err,
                )
            except CommandError as exc:
                return None, str(exc) + err.getvalue()
            return out.getvalue(), err.getvalue()

    def test_the_title_names_the_unit_in_its_genitive(self):
        self.dep_a2.name = "Информатика жана эсептөө техникасы кафедрасы"
        self.dep_a2.save()
        content = xlsx_file(
            KY_PASSPORT_HEADERS,
            [[1, "Жаңы тобокелдик", 2, 3, 6, "", ""]],
            title_rows=[["Информатика жана эсептөө техникасы кафедрасынын тобокелдик паспорту"]],
        )
        out, err = self.run_import(content, "p.xlsx")
        self.assertIsNotNone(out, err)
        self.assertEqual(Risk.objects.get(title="Жаңы тобокелдик").unit, self.dep_a2)

    def test_a_word_file_title_in_russian(self):
        self.dep_b1.name_ru = "Кафедра истории"
        self.dep_b1.save()
        from docx import Document

        doc = Document(
            io.BytesIO(docx_file(KY_PASSPORT_HEADERS, [[1, "Тарых тобокелдиги", 2, 2, 4, "", ""]]))
        )
        doc.paragraphs[0].text = "Паспорт рисков кафедры истории"
        buf = io.BytesIO()
        doc.save(buf)
        out, err = self.run_import(buf.getvalue(), "p.docx")
        self.assertIsNotNone(out, err)
        self.assertEqual(Risk.objects.get(title="Тарых тобокелдиги").unit, self.dep_b1)

    def test_no_match_names_the_title_and_the_closest_units(self):
        content = xlsx_file(
            KY_PASSPORT_HEADERS,
            [[1, "Тобокелдик Х", 2, 3, 6, "", ""]],
            title_rows=[["Кафедра А9нын тобокелдик паспорту"]],
        )
        out, err = self.run_import(content, "p.xlsx", lang="en")
        self.assertIsNone(out)
        self.assertIn("Кафедра А9нын", err)
        self.assertIn("Кафедра А", err)  # a closest unit
        self.assertFalse(Risk.objects.filter(title="Тобокелдик Х").exists())


class CliLanguageTests(ReportsTestCase):
    def test_the_summary_and_the_problems_come_in_the_language_asked(self):
        content = xlsx_file(
            KY_REGISTER_HEADERS, [[1, "", "Тобокелдик Z", 9, 3, "", "", "", "", ""]]
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "r.xlsx")
            path.write_bytes(content)
            for lang, words in (
                ("ru", "ничего не сохранено"),
                ("ky", "эч нерсе сакталган жок"),
                ("en", "nothing was saved"),
            ):
                with self.subTest(lang), self.assertRaises(CommandError) as caught:
                    call_command(
                        "import",
                        "register",
                        str(path),
                        "--as",
                        "qms",
                        "--lang",
                        lang,
                        stdout=io.StringIO(),
                        stderr=io.StringIO(),
                    )
                self.assertIn(words, str(caught.exception))


class CategoryScreenTests(ReportsTestCase):
    def test_the_qms_office_maps_an_unknown_category_on_the_screen_then_saves(self):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        content = xlsx_file(
            RU_REGISTER_HEADERS,
            [register_row(10, "Экологические", "Риск А"), register_row(11, "Спортивные", "Риск Б")],
        )
        self.login(self.qms)
        response = self.client.post(
            reverse("reports:import"),
            {
                "kind": "register",
                "unit": self.university.pk,
                "file": SimpleUploadedFile("r.xlsx", content),
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
        self.assertContains(response, 'data-testid="import-categories"')
        self.assertContains(response, "«Экологические»")
        self.assertNotContains(response, 'data-testid="import-commit"')
        token = response.context["token"]
        choice = {
            "token": token,
            "kind": "register",
            "unit": self.university.pk,
            "category_name_0": "Экологические",
            "category_map_0": "academic",
        }
        response = self.client.post(reverse("reports:import"), choice)
        self.assertNotContains(response, 'data-testid="import-commit"')  # one still unmapped
        choice |= {"category_name_1": "Спортивные", "category_map_1": NEW}
        response = self.client.post(reverse("reports:import"), choice)
        self.assertContains(response, 'data-testid="import-commit"')
        self.assertEqual(Risk.objects.filter(title__startswith="Риск ").count(), 0)
        commit = {k: v for k, v in response.context["plan"].category_map.items()}
        self.assertEqual(set(commit.values()), {"academic", NEW})
        response = self.client.post(reverse("reports:import_commit"), choice)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Risk.objects.get(title="Риск А").category.code, "academic")
        self.assertEqual(Risk.objects.get(title="Риск Б").category.name, "Спортивные")


class TemplateTests(ReportsTestCase):
    def test_each_template_in_each_language_filled_in_imports(self):
        from django.urls import reverse
        from openpyxl import load_workbook

        self.login(self.qms)
        self.assertContains(
            self.client.get(reverse("reports:import")),
            reverse("reports:risk_import_template", args=["register", "ru"]),
        )
        for kind in ("passport", "register"):
            for lang in ("ky", "ru", "en"):
                with self.subTest(kind=kind, lang=lang):
                    response = self.client.get(
                        reverse("reports:risk_import_template", args=[kind, lang])
                    )
                    self.assertEqual(response.status_code, 200)
                    wb = load_workbook(io.BytesIO(response.content))
                    ws = wb.worksheets[0]
                    headers = [c.value for c in ws[ws.max_row]]
                    row = {"№": 1}
                    values = []
                    for h in headers:
                        # Headings keep «(1–5)» whole with an invisible word joiner.
                        text = str(h or "").replace("\u2060", "")
                        values.append(
                            1
                            if text.startswith(("№", "No"))
                            else f"Шаблон {kind} {lang}"
                            if h == headers[1 if kind == "passport" else 2]
                            else 2
                            if re.search(r"1\s*[-–]\s*5", text)
                            else ""
                        )
                    ws.append(values)
                    buf = io.BytesIO()
                    wb.save(buf)
                    plan = plan_import(
                        kind=kind,
                        content=buf.getvalue(),
                        filename="t.xlsx",
                        unit=self.dep_a1 if kind == "passport" else self.university,
                        person=self.qms,
                    )
                    self.assertTrue(plan.ok, (headers, plan.messages()))
                    self.assertEqual(plan.rows[0].title, f"Шаблон {kind} {lang}")
                    self.assertEqual(plan.rows[0].score.level, 4)
                    del row

    def test_people_who_cannot_import_get_no_template(self):
        from django.urls import reverse

        self.login(self.staff)
        response = self.client.get(reverse("reports:risk_import_template", args=["passport", "ky"]))
        self.assertEqual(response.status_code, 403)
