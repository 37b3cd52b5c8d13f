"""Units, people and audits are found within the same scopes as their own pages."""
import datetime

from sapat.audits.models import Audit, AuditProgramme
from sapat.org.models import AcademicYear
from sapat.search import index
from sapat.test import SapatTestCase


def titles(person, query, kind):
    return [h.title for g in index.search(person, query) if g.key == kind for h in g.hits]


class ProviderTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.head.full_name = "Асанова Гүлнара"
        cls.head.save()
        year = AcademicYear.objects.create(start=datetime.date(2025, 9, 1),
                                           end=datetime.date(2026, 8, 31))
        programme = AuditProgramme.objects.create(university=cls.university, year=year)
        cls.audit = Audit.objects.create(
            programme=programme, title="Кафедранын ички аудити",
            planned_start=datetime.date(2026, 3, 1), planned_end=datetime.date(2026, 3, 2),
            lead_auditor=cls.auditor)
        cls.audit.units.add(cls.dep_a1)
        index.rebuild()

    def test_unit_found_by_its_readers(self):
        self.assertEqual(titles(self.head, "кафедрасы", "unit"), ["Кафедра А1"])
        self.assertEqual(titles(self.qms, "кафедрасы", "unit"),
                         ["Кафедра А1", "Кафедра А2", "Кафедра Б1"])

    def test_person_found_by_readers_of_their_unit(self):
        self.assertEqual(titles(self.director, "Асанованын", "person"), ["Асанова Гүлнара"])
        self.assertEqual(titles(self.head2, "Асанова", "person"), [])

    def test_audit_found_by_the_audited_units_readers(self):
        self.assertEqual(titles(self.staff, "аудит", "audit"), ["Кафедранын ички аудити"])
        self.assertEqual(titles(self.head2, "аудит", "audit"), [])
