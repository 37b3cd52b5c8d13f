from django.urls import reverse

from sapat.org.models import Unit
from sapat.test import SapatTestCase


class UnitListTests(SapatTestCase):
    url = reverse("org:units")

    def test_it_requires_login(self):
        r = self.client.get(self.url)
        self.assertRedirects(r, f"{reverse('login')}?next={self.url}")

    def test_it_refuses_people_who_do_not_configure(self):
        for person in (self.rector, self.director, self.head, self.staff, self.outsider):
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 403, person)

    def test_qms_office_sees_the_tree(self):
        self.login(self.qms)
        r = self.client.get(self.url)
        self.assertContains(r, "Кафедра А1")
        self.assertContains(r, "indent-2")

    def test_query_count_does_not_grow_with_units(self):
        from sapat.test import make_unit

        self.login(self.qms)
        with self.assertNumQueries(4):
            self.client.get(self.url)
        for i in range(50):
            make_unit(f"extra-{i}", Unit.Kind.DEPARTMENT, self.inst_b)
        with self.assertNumQueries(4):
            self.client.get(self.url)


class UnitEditTests(SapatTestCase):
    def test_qms_office_creates_a_department(self):
        self.login(self.qms)
        r = self.client.post(reverse("org:unit_new"), {
            "name": "Физика кафедрасы", "code": "dep-phys", "kind": "department",
            "parent": self.inst_b.pk, "order": 3, "is_active": "on",
        })
        self.assertRedirects(r, reverse("org:units"))
        unit = Unit.objects.get(code="dep-phys")
        self.assertTrue(unit.is_within(self.inst_b))

    def test_head_cannot_create_units(self):
        self.login(self.head)
        r = self.client.post(reverse("org:unit_new"), {
            "name": "x", "code": "x", "kind": "department", "parent": self.dep_a1.pk,
        })
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Unit.objects.filter(code="x").exists())

    def test_a_stale_edit_is_refused_and_shows_what_changed(self):
        self.login(self.qms)
        url = reverse("org:unit_edit", args=[self.dep_a2.pk])
        form = {"name": "Кафедра А2 (жаңы)", "code": "dep-a2", "kind": "department",
                "parent": self.inst_a.pk, "order": 0, "is_active": "on",
                "version": self.dep_a2.version}
        # Someone else saves first.
        self.dep_a2.name = "Башка аталыш"
        self.dep_a2.version += 1
        self.dep_a2.save()
        r = self.client.post(url, form)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "data-testid=\"stale-changes\"")
        self.assertContains(r, "Башка аталыш")
        self.dep_a2.refresh_from_db()
        self.assertEqual(self.dep_a2.name, "Башка аталыш")

    def test_an_edit_with_the_current_version_saves_and_bumps_it(self):
        self.login(self.qms)
        version = self.dep_a2.version
        r = self.client.post(reverse("org:unit_edit", args=[self.dep_a2.pk]), {
            "name": "Кафедра А2 жаңы", "code": "dep-a2", "kind": "department",
            "parent": self.inst_a.pk, "order": 0, "is_active": "on", "version": version,
        })
        self.assertRedirects(r, reverse("org:units"))
        self.dep_a2.refresh_from_db()
        self.assertEqual(self.dep_a2.name, "Кафедра А2 жаңы")
        self.assertEqual(self.dep_a2.version, version + 1)

    def test_moving_a_unit_under_its_own_child_is_refused(self):
        self.login(self.qms)
        r = self.client.post(reverse("org:unit_edit", args=[self.inst_a.pk]), {
            "name": "Институт А", "code": "inst-a", "kind": "institute",
            "parent": self.dep_a1.pk, "order": 0, "version": self.inst_a.version,
        })
        self.assertEqual(r.status_code, 200)
        self.inst_a.refresh_from_db()
        self.assertEqual(self.inst_a.parent, self.university)
