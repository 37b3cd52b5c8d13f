"""Nonconformities in the one search: by code and description, shown with unit and process,
found by exactly those the register shows them to."""
from django.utils import translation

from sapat.improvement.models import Nonconformity
from sapat.improvement.permissions import nonconformities_visible_to
from sapat.search import index

from .base import ImprovementTestCase


def hits(person, query):
    return [h for g in index.search(person, query, kinds=["nonconformity"], limit=100)
            for h in g.hits]


class NonconformitySearchTests(ImprovementTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ncs = {}
        for i, unit in enumerate([cls.dep_a1, cls.dep_a2, cls.dep_b1, cls.other_dep], 1):
            cls.ncs[unit.code] = Nonconformity.objects.create(
                number=100 + i, source="other", unit=unit, process=cls.teaching,
                description=f"{unit.code}: жылуулук системасынын журналы жүргүзүлбөйт",
                description_ru=f"{unit.code}: не ведётся журнал системы отопления")
        index.rebuild()

    def test_every_person_finds_exactly_the_nonconformities_they_may_read(self):
        people = [self.rector, self.qms, self.director, self.head, self.head2, self.service,
                  self.council, self.auditor, self.staff, self.outsider]
        for person in people:
            with self.subTest(person=person.username):
                found = {h.url for h in hits(person, "журналдары")}
                visible = nonconformities_visible_to(person).filter(
                    pk__in=[nc.pk for nc in self.ncs.values()])
                self.assertEqual(found, {f"/improvement/{nc.pk}/" for nc in visible})

    def test_head_finds_their_units_and_not_another(self):
        found = {h.url for h in hits(self.head, "жылуулуктун")}
        self.assertIn(f"/improvement/{self.ncs[self.dep_a1.code].pk}/", found)
        self.assertNotIn(f"/improvement/{self.ncs[self.dep_b1.code].pk}/", found)
        self.assertEqual(hits(self.outsider, "жылуулуктун"), [])

    def test_found_by_code_and_in_russian_with_unit_and_process_shown(self):
        nc = self.ncs[self.dep_a1.code]
        [hit] = hits(self.head, nc.code)
        self.assertTrue(hit.title.startswith(f"{nc.code}: "))
        self.assertIn("Окутуу", hit.context)
        with translation.override("ru"):
            found = hits(self.head, "журнала отопления")
        self.assertIn(f"/improvement/{nc.pk}/", {h.url for h in found})

    def test_an_audit_finding_is_found_by_its_description(self):
        self.assertIn(f"/improvement/{self.nc.pk}/",
                      {h.url for h in hits(self.head, "бекитилбеген план")})
