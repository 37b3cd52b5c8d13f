"""Search asks each app the question its pages ask: for every named person and every kind,
what the search finds is exactly what the app's scoped queryset lets them read."""
from sapat.org.access import people_visible_to, units_in_scope
from sapat.processes.models import Indicator, Process
from sapat.processes.search import indicators_visible_to, processes_visible_to
from sapat.risks.permissions import (
    measures_visible_to,
    opportunities_visible_to,
    risks_visible_to,
)
from sapat.risks.tests.registers_fixtures import make_measure, make_opportunity, make_risk
from sapat.search import index
from sapat.test import SapatTestCase

WORD = "жылуулук"  # "heating": in every record below, in one form or another
FORMS = ["жылуулук", "жылуулуктун", "жылуулукка", "жылуулуктар", "жылуулугу"]

VISIBLE = {
    "risk": risks_visible_to, "opportunity": opportunities_visible_to,
    "measure": measures_visible_to, "process": processes_visible_to,
    "kpi": indicators_visible_to, "unit": units_in_scope, "person": people_visible_to,
}


class SameScopeTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        units = [cls.dep_a1, cls.dep_a2, cls.pck_a1, cls.dep_b1, cls.digital, cls.other_dep]
        for i, unit in enumerate(units):
            form = FORMS[i % len(FORMS)]
            risk = make_risk(unit, f"{unit.code}: {form} системасы")
            make_measure(risk, f"{form} текшерүү {unit.code}")
            make_opportunity(unit, f"{unit.code}: {form} үнөмдөө")
            unit.name = f"{unit.code} {form} бөлүмү"
            unit.save()
        for university in (cls.university, cls.other_university):
            process = Process.objects.create(code=f"heat-{university.code}", unit=university,
                                             name=f"{university.code}: жылуулук процесси")
            Indicator.objects.create(code=f"heat-kpi-{university.code}", process=process,
                                     owner_unit=university, target=1,
                                     name=f"{university.code}: жылуулуктун көрсөткүчү")
        for person in (cls.head, cls.head2, cls.staff):
            person.full_name = f"{person.username} Жылуулукова"
            person.save()
        index.rebuild()

    def test_every_person_finds_exactly_what_the_apps_let_them_read(self):
        people = [self.rector, self.qms, self.director, self.head, self.head2, self.service,
                  self.council, self.auditor, self.staff, self.outsider]
        for person in people:
            groups = {g.key: g for g in index.search(person, "жылуулуктары", limit=100)}
            for key, visible in VISIBLE.items():
                with self.subTest(person=person.username, kind=key):
                    found = {h.url for h in groups[key].hits} if key in groups else set()
                    matching = index.SearchEntry.objects.filter(
                        kind=key, object_id__in=visible(person).values("pk"),
                        terms__contains="жылуулук")
                    self.assertEqual(found, set(matching.values_list("url", flat=True)))
