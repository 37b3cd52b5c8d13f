"""The organisation from the HR file: first import, re-import, errors, all or nothing."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import translation

from sapat.org.hr.commit import org_import_commit
from sapat.org.hr.planning import Fate, org_import_plan
from sapat.org.hr.workbook import hr_template, org_export_hr
from sapat.org.models import Person, Position, Role, RoleAssignment, Unit
from sapat.test import SapatTestCase

from .hr_files import PEOPLE_RU, UNITS_RU, csv_bytes, small_university, workbook


def plan_of(by, content, name="hr.xlsx", lang="ru"):
    with translation.override(lang):
        return org_import_plan(files=[(name, content)], by=by)


def commit(by, content, lang="ru"):
    plan = plan_of(by, content, lang=lang)
    assert plan.ok, plan.messages()
    with translation.override(lang):
        return plan, org_import_commit(plan=plan, by=by)


class FirstImportTests(TestCase):
    """An empty database: the administrator brings the whole university in."""

    def setUp(self):
        self.admin = Person.objects.create_superuser("admin", "admin@jasu.kg", "x")

    def test_it_creates_units_positions_people_and_roles(self):
        plan, result = commit(self.admin, workbook(**small_university()))
        self.assertEqual(result.units["new"], 7)
        self.assertEqual(result.people["new"], 7)
        self.assertEqual(result.positions["new"], 3)
        jasu = Unit.objects.get(code="jasu")
        self.assertEqual(jasu.kind, Unit.Kind.UNIVERSITY)
        dep_it = Unit.objects.get(code="dep-it")
        self.assertTrue(dep_it.is_within(Unit.objects.get(code="inst-tech")))
        self.assertEqual(dep_it.kind, Unit.Kind.DEPARTMENT)
        self.assertEqual(dep_it.name_ru, "Кафедра информатики")
        gulnara = Person.objects.get(staff_number="1002")
        self.assertEqual(gulnara.email, "gulnara@jasu.kg")
        self.assertEqual(gulnara.username, "gulnara")
        self.assertFalse(gulnara.has_usable_password())
        self.assertTrue(gulnara.from_hr_file)
        self.assertEqual(set(gulnara.roles.values_list("role", "unit__code")),
                         {(Role.HEAD, "dep-it")})
        # An empty roles cell makes a newcomer an employee of their unit.
        self.assertEqual(set(Person.objects.get(staff_number="1003").roles.values_list(
            "role", "unit__code")), {(Role.STAFF, "dep-it")})
        # A role in another unit is held there.
        self.assertEqual(set(Person.objects.get(staff_number="1004").roles.values_list(
            "role", "unit__code")), {(Role.STAFF, "dep-math"), (Role.AUDITOR, "inst-med")})
        self.assertEqual(Position.objects.get(code="head-dep-it").holder, gulnara)
        self.assertIsNone(Position.objects.get(code="head-dep-bio").holder)
        # Every record has its history row, in the importer's name.
        self.assertEqual(gulnara.history.get().history_user, self.admin)

    def test_the_same_file_again_changes_nothing(self):
        content = workbook(**small_university())
        commit(self.admin, content)
        plan = plan_of(self.admin, content)
        self.assertTrue(plan.ok, plan.messages())
        counts = plan.counts()
        self.assertEqual(counts["units"][Fate.UNCHANGED], 7)
        self.assertEqual(counts["people"][Fate.UNCHANGED], 7)
        self.assertEqual(counts["positions"][Fate.UNCHANGED], 3)
        self.assertEqual(counts["people"][Fate.LEAVING], 0)

    def test_a_qms_officer_cannot_start_a_new_university(self):
        commit(self.admin, workbook(**small_university()))
        aigul = Person.objects.get(staff_number="1000")
        sheets = small_university()
        sheets["Подразделения"][1][0] = "another"
        for row in sheets["Подразделения"][2:]:
            row[4] = "another" if row[4] == "jasu" else row[4]
        plan = plan_of(aigul, workbook(**sheets))
        self.assertIn("администратор", plan.problem)

    def test_csv_files_in_utf8_with_commas(self):
        sheets = small_university()
        with translation.override("ru"):
            plan = org_import_plan(files=[
                ("units.csv", csv_bytes(sheets["Подразделения"], ",", "utf-8-sig")),
                ("people.csv", csv_bytes(sheets["Сотрудники"], ",", "utf-8-sig")),
            ], by=self.admin)
        self.assertTrue(plan.ok, plan.messages())
        self.assertEqual(len(plan.units), 7)
        self.assertEqual(len(plan.people), 7)
        self.assertEqual(plan.people[1].full_name, "Бакыт Токтоматов")

    def test_a_csv_file_from_a_russian_excel(self):
        # Windows-1251 and semicolons, as Excel on a Russian Windows saves "CSV".
        with translation.override("ru"):
            plan = org_import_plan(files=[("units.csv", csv_bytes([
                UNITS_RU, ["jasu", "ЖАГУ", "Джалал-Абадский университет", "Университет", ""],
                ["dep-1", "", "Кафедра истории", "Кафедра", "jasu"],
            ]))], by=self.admin)
        self.assertTrue(plan.ok, plan.messages())
        self.assertEqual(plan.units[1].name, "Кафедра истории")


class ReimportTests(TestCase):
    """Next semester's file: one unit moved, one new head, one person gone."""

    def setUp(self):
        self.admin = Person.objects.create_superuser("admin", "admin@jasu.kg", "x")
        commit(self.admin, workbook(**small_university()))

    def changed_file(self):
        sheets = small_university()
        units, people, posts = (sheets["Подразделения"], sheets["Сотрудники"],
                                sheets["Должности"])
        units[5][4] = "inst-med"  # dep-math moves to the medical institute
        people[3][4] = "Кызматкер"  # Gulnara steps down…
        people[4][4] = "Кафедра башчысы / ПЦК башчысы"  # …Daniyar heads the department
        posts[1][3] = "daniyar@jasu.kg"
        del people[7]  # Nurbek has left
        return workbook(**sheets)

    def test_the_preview_shows_every_rows_fate(self):
        plan = plan_of(self.admin, self.changed_file())
        self.assertTrue(plan.ok, plan.messages())
        fates = {r.code: r.fate for r in plan.units}
        self.assertEqual(fates["dep-math"], Fate.CHANGED)
        self.assertEqual(fates["dep-it"], Fate.UNCHANGED)
        people = {r.staff_number: r for r in plan.people}
        self.assertEqual(people["1003"].fate, Fate.CHANGED)
        self.assertEqual(people["1002"].fate, Fate.CHANGED)
        self.assertEqual(people["1000"].fate, Fate.UNCHANGED)
        self.assertEqual([p.label for p in plan.leaving_people], ["Нурбек Абдыкеримов"])
        self.assertEqual({r.code: r.fate for r in plan.positions}["head-dep-it"], Fate.CHANGED)

    def test_commit_moves_reroots_and_deactivates(self):
        from sapat.risks.models import Measure, Risk

        nurbek = Person.objects.get(staff_number="1006")
        bio = Unit.objects.get(code="dep-bio")
        risk = Risk.objects.create(unit=bio, title="Тобокелдик", likelihood=2, consequences=3)
        measure = Measure.objects.create(risk=risk, text="Окуу планын жаңыртуу",
                                         due_date=datetime.date(2031, 1, 1))
        measure.responsible_people.add(nurbek)
        plan = plan_of(self.admin, self.changed_file())
        [leaving] = plan.leaving_people
        self.assertEqual([w.title for w in leaving.open_work], ["Окуу планын жаңыртуу"])
        with translation.override("ru"):
            org_import_commit(plan=plan, by=self.admin)
        math = Unit.objects.get(code="dep-math")
        self.assertTrue(math.is_within(Unit.objects.get(code="inst-med")))
        self.assertEqual(math.depth, 2)
        daniyar = Person.objects.get(staff_number="1003")
        self.assertEqual(set(daniyar.roles.values_list("role", "unit__code")),
                         {(Role.HEAD, "dep-it")})
        self.assertEqual(Position.objects.get(code="head-dep-it").holder, daniyar)
        self.assertEqual(set(Person.objects.get(staff_number="1002").roles.values_list(
            "role", "unit__code")), {(Role.STAFF, "dep-it")})
        nurbek.refresh_from_db()
        self.assertFalse(nurbek.is_active)  # deactivated, never deleted
        self.assertTrue(measure.responsible_people.filter(pk=nurbek.pk).exists())
        # The same file a third time: nothing more to do.
        again = plan_of(self.admin, self.changed_file())
        self.assertEqual(again.counts()["people"][Fate.CHANGED], 0)
        self.assertEqual(again.counts()["units"][Fate.CHANGED], 0)
        self.assertEqual(again.leaving_people, [])

    def test_a_person_who_comes_back_is_reactivated(self):
        commit(self.admin, self.changed_file())
        plan = plan_of(self.admin, workbook(**small_university()))
        nurbek = next(r for r in plan.people if r.staff_number == "1006")
        self.assertEqual(nurbek.fate, Fate.CHANGED)
        with translation.override("ru"):
            org_import_commit(plan=plan, by=self.admin)
        self.assertTrue(Person.objects.get(staff_number="1006").is_active)
        self.assertEqual(Person.objects.filter(staff_number="1006").count(), 1)

    def test_people_are_matched_by_email_when_the_staff_number_is_new(self):
        sheets = small_university()
        sheets["Сотрудники"][2][0] = "9001"  # HR renumbered Bakyt
        plan = plan_of(self.admin, workbook(**sheets))
        bakyt = next(r for r in plan.people if r.email == "bakyt@jasu.kg")
        self.assertEqual(bakyt.fate, Fate.CHANGED)
        self.assertEqual(bakyt.existing_id, Person.objects.get(email="bakyt@jasu.kg").pk)


class RowErrorTests(TestCase):
    def setUp(self):
        self.admin = Person.objects.create_superuser("admin", "admin@jasu.kg", "x")

    def test_errors_name_sheet_row_and_column_in_the_readers_language(self):
        sheets = small_university()
        sheets["Сотрудники"][3][2] = "не-почта"
        sheets["Сотрудники"][4][3] = "dep-nowhere"
        sheets["Сотрудники"][5][4] = "Царь"
        plan = plan_of(self.admin, workbook(**sheets), lang="ru")
        self.assertFalse(plan.ok)
        messages = "\n".join(plan.messages())
        self.assertIn("Сотрудники, строка 4, столбец «E-mail»", messages)
        self.assertIn("«не-почта» — не адрес электронной почты", messages)
        self.assertIn("dep-nowhere", messages)
        self.assertIn("Царь", messages)
        with self.assertRaises(ValidationError):
            org_import_commit(plan=plan, by=self.admin)
        self.assertFalse(Unit.objects.exists())  # all or nothing
        with translation.override("ky"):
            ky = org_import_plan(files=[("hr.xlsx", workbook(**sheets))], by=self.admin)
        self.assertIn("-сап", "\n".join(ky.messages()))

    def test_a_circle_of_parents_is_refused(self):
        sheets = small_university()
        sheets["Подразделения"][3][4] = "dep-it"  # the institute under its own department
        plan = plan_of(self.admin, workbook(**sheets))
        self.assertIn("inst-tech → dep-it → inst-tech", "\n".join(plan.messages()))

    def test_duplicates_in_the_file_are_named(self):
        sheets = small_university()
        sheets["Сотрудники"][4][0] = "1002"
        sheets["Сотрудники"][6][2] = "AIGUL@jasu.kg"
        messages = "\n".join(plan_of(self.admin, workbook(**sheets)).messages())
        self.assertIn("строке 4", messages)
        self.assertIn("строке 2", messages)

    def test_a_file_without_the_lists_says_what_is_missing(self):
        plan = plan_of(self.admin, workbook(Лист1=[["Привет"], ["мир"]]))
        self.assertIn("шаблон", plan.problem)
        plan = plan_of(self.admin, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "hr.xls")
        self.assertIn(".xls", plan.problem)


class TemplateTests(TestCase):
    def setUp(self):
        self.admin = Person.objects.create_superuser("admin", "admin@jasu.kg", "x")

    def test_each_languages_template_reads_back(self):
        import io

        from openpyxl import load_workbook

        for lang in ("ky", "ru", "en"):
            wb = load_workbook(io.BytesIO(hr_template(lang)))
            units, posts, people = wb.worksheets[:3]
            units.append(["jasu", "ЖАМУ", "", "", "", "", ""])
            units.append(["dep-x", "Кафедра", "", "", "", "", "jasu"])
            people.append(["77", "Асан Үсөнов", "asan@jasu.kg", "dep-x", "", "", ""])
            posts.append(["", "Кафедра башчысы", "", "", "dep-x", "77"])
            buffer = io.BytesIO()
            wb.save(buffer)
            plan = plan_of(self.admin, buffer.getvalue(), lang=lang)
            self.assertTrue(plan.ok, (lang, plan.messages()))
            self.assertEqual([len(plan.units), len(plan.positions), len(plan.people)],
                             [2, 1, 1], lang)

    def test_the_export_reads_back_unchanged(self):
        commit(self.admin, workbook(**small_university()))
        for lang in ("ky", "ru", "en"):
            plan = plan_of(self.admin, org_export_hr(lang), lang=lang)
            self.assertTrue(plan.ok, (lang, plan.messages()))
            for key, counts in plan.counts().items():
                self.assertEqual(counts[Fate.NEW] + counts[Fate.CHANGED]
                                 + counts[Fate.LEAVING], 0, (lang, key, counts))


class WhoMayImportTests(SapatTestCase):
    def test_only_the_qms_office_and_superusers_may_import(self):
        content = workbook(Сотрудники=[PEOPLE_RU, ["5", "Асан", "asan@x.kg", "dep-a1", ""]])
        for person in (self.rector, self.director, self.head, self.council, self.auditor,
                       self.staff, self.outsider):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                plan_of(person, content)
        self.assertTrue(plan_of(self.qms, content).ok)

    def test_the_qms_office_imports_into_its_own_university_only(self):
        content = workbook(Подразделения=[UNITS_RU, ["other-dep", "X", "", "Кафедра", "jasu"]])
        plan = plan_of(self.qms, content)
        self.assertIn("другого университета", "\n".join(plan.messages()))
        self.assertEqual(RoleAssignment.objects.filter(person=self.qms).count(), 1)


class HostileFileTests(TestCase):
    """Whatever arrives as a file is a clear problem, never a crash."""

    def setUp(self):
        self.admin = Person.objects.create_superuser("admin", "admin@jasu.kg", "x")

    def test_garbage_files_are_refused_in_words(self):
        for name, content in (
            ("a.csv", b"x" * 200_000),  # one cell past the csv module's field limit
            ("a.csv", b'"' + b"a" * 200_000),  # a quote never closed
            ("a.csv", b"\x98\x98\x98"),  # neither UTF-8 nor Windows-1251
            ("a.xlsx", b"PK\x03\x04garbage"),  # a zip that is not one
            ("a.csv", b"\x00\x01\x02"),
            ("a.csv", b""),
        ):
            with self.subTest(content=content[:12]):
                plan = plan_of(self.admin, content, name)
                self.assertTrue(plan.problem)
                self.assertFalse(plan.ok)
