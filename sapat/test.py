"""The base test case: a JASU-shaped university and one named person per role.

    university (jasu)
      rectorate, council, apd (QMS office), digital (a centre)
      inst_a (institute)  — director
        dep_a1 (department) — head, staff
          pck_a1 (a commission under the department, for "child unit" checks)
        dep_a2
      inst_b (institute)
        dep_b1 — head2
    other_university  — a second tenant that nobody here may touch
      other_dep

People: rector, qms, director, head, head2, service, council, auditor (assigned to
inst_a), staff (employee of dep_a1), outsider (signed in, no role).
"""
from django.test import TestCase

from sapat.org.models import Person, Role, RoleAssignment, Unit


def make_unit(code, kind, parent=None, name=None):
    return Unit.objects.create(code=code, kind=kind, parent=parent, name=name or code)


class SapatTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # A live-server or TransactionTestCase test that ran before on this worker may have
        # flushed the database: put back what the migrations install (idempotent).
        from sapat.risks import defaults
        from sapat.risks.models import RiskBand, RiskCategory, RiskScale, ScaleLevel

        defaults.install(RiskScale, ScaleLevel, RiskBand, RiskCategory)
        cls.university = make_unit("jasu", Unit.Kind.UNIVERSITY, name="ЖАМУ")
        cls.rectorate = make_unit("rectorate", Unit.Kind.GOVERNANCE, cls.university)
        cls.council_unit = make_unit("council", Unit.Kind.GOVERNANCE, cls.university)
        cls.apd = make_unit("apd", Unit.Kind.SERVICE, cls.university, "Академиялык саясат бөлүмү")
        cls.digital = make_unit("digital", Unit.Kind.CENTRE, cls.university)
        cls.inst_a = make_unit("inst-a", Unit.Kind.INSTITUTE, cls.university, "Институт А")
        cls.dep_a1 = make_unit("dep-a1", Unit.Kind.DEPARTMENT, cls.inst_a, "Кафедра А1")
        cls.pck_a1 = make_unit("pck-a1", Unit.Kind.COMMISSION, cls.dep_a1, "ПЦК А1")
        cls.dep_a2 = make_unit("dep-a2", Unit.Kind.DEPARTMENT, cls.inst_a, "Кафедра А2")
        cls.inst_b = make_unit("inst-b", Unit.Kind.INSTITUTE, cls.university, "Институт Б")
        cls.dep_b1 = make_unit("dep-b1", Unit.Kind.DEPARTMENT, cls.inst_b, "Кафедра Б1")
        cls.other_university = make_unit("other", Unit.Kind.UNIVERSITY, name="Башка университет")
        cls.other_dep = make_unit("other-dep", Unit.Kind.DEPARTMENT, cls.other_university)

        cls.rector = cls.person("rector", Role.RECTOR, cls.university, cls.rectorate)
        cls.qms = cls.person("qms", Role.QMS, cls.apd)
        cls.director = cls.person("director", Role.DIRECTOR, cls.inst_a)
        cls.head = cls.person("head", Role.HEAD, cls.dep_a1)
        cls.head2 = cls.person("head2", Role.HEAD, cls.dep_b1)
        cls.service = cls.person("service", Role.SERVICE_HEAD, cls.digital)
        cls.council = cls.person("council", Role.COUNCIL, cls.council_unit)
        cls.auditor = cls.person("auditor", Role.AUDITOR, cls.inst_a, cls.apd)
        cls.staff = cls.person("staff", Role.STAFF, cls.dep_a1)
        cls.outsider = Person.objects.create_user("outsider", password="x", full_name="Outsider")

    @classmethod
    def person(cls, username, role, role_unit, works_in=None):
        person = Person.objects.create_user(
            username, email=f"{username}@example.kg", password="password-for-tests",
            full_name=username.capitalize(), unit=works_in or role_unit,
        )
        RoleAssignment.objects.create(person=person, role=role, unit=role_unit)
        return person

    def login(self, person):
        self.client.force_login(person)
        return person
