"""The audit tests' world: the named people of `SapatTestCase`, a process, a programme.

The auditor (works in the QMS office, `apd`) is qualified; so is `auditor2`, who works in
dep_a2. The process «teaching» is run by dep_a1 and owned by `head`.
"""

import datetime

from sapat.audits import clauses_data
from sapat.audits.models import Audit, AuditorQualification, AuditProgramme, Clause
from sapat.org.models import AcademicYear, Role
from sapat.processes.models import Process
from sapat.test import SapatTestCase


class AuditTestCase(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        clauses_data.install(Clause)
        cls.today = datetime.date.today()
        cls.year = AcademicYear.objects.create(
            start=datetime.date(cls.today.year - 1, 9, 1),
            end=datetime.date(cls.today.year + 1, 8, 31),
            is_current=True,
        )
        cls.auditor2 = cls.person("auditor2", Role.AUDITOR, cls.inst_b, cls.dep_a2)
        for p in (cls.auditor, cls.auditor2):
            AuditorQualification.objects.create(
                person=p, university=cls.university, basis="ISO 19011 training"
            )
        cls.teaching = Process.objects.create(
            code="teaching",
            name="Окутуу",
            name_ru="Обучение",
            unit=cls.university,
            owner_person=cls.head,
            inputs="Окуу пландары",
            outputs="Бүтүрүүчүлөр",
        )
        cls.teaching.owner_units.set([cls.dep_a1])
        cls.programme = AuditProgramme.objects.create(university=cls.university, year=cls.year)

    @classmethod
    def make_audit(cls, units=None, state=Audit.State.PLANNED, lead=None, **kwargs):
        audit = Audit.objects.create(
            programme=kwargs.pop("programme", cls.programme),
            title=kwargs.pop("title", "Аудит"),
            lead_auditor=lead or cls.auditor,
            planned_start=cls.today,
            planned_end=cls.today + datetime.timedelta(days=2),
            state=state,
            **kwargs,
        )
        audit.units.set(units or [cls.dep_a1])
        return audit
