"""The QMS office keeps the bodies on a screen of its own (no admin needed): adds one with
its secretary and members (searched), edits it without overwriting another's change, and
archives it — no new meetings of it, its meetings stay."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sapat.meetings import permissions
from sapat.meetings.models import Body

from .base import MeetingTestCase


class BodyScreenTests(MeetingTestCase):
    def post_new(self, **changes):
        data = {"kind": Body.Kind.DEPARTMENT, "unit": self.dep_a2.pk,
                "name": "А2 кафедрасынын жыйыны", "name_ru": "Заседание кафедры А2",
                "secretary": self.staff.pk, "members": [self.head.pk, self.staff.pk]}
        data.update(changes)
        return self.client.post(reverse("meetings:body_create"), data,
                                HTTP_ACCEPT_LANGUAGE="ky")

    def test_the_qms_office_adds_a_body_whose_secretary_then_opens_its_meetings(self):
        self.login(self.qms)
        response = self.post_new()
        self.assertRedirects(response, reverse("meetings:bodies"))
        body = Body.objects.get(name="А2 кафедрасынын жыйыны")
        self.assertEqual((body.unit, body.secretary), (self.dep_a2, self.staff))
        self.assertEqual(set(body.members.all()), {self.head, self.staff})
        self.assertIn(body, permissions.bodies_for_new_meeting(self.staff))
        page = self.client.get(reverse("meetings:bodies"))
        self.assertContains(page, "А2 кафедрасынын жыйыны")

    def test_others_are_refused(self):
        for person in (self.head, self.secretary, self.rector):
            with self.subTest(person=person.username):
                self.login(person)
                self.assertEqual(self.client.get(reverse("meetings:bodies")).status_code, 403)
                self.assertEqual(self.post_new().status_code, 403)
                self.assertEqual(self.client.get(
                    reverse("meetings:body_edit", args=[self.dep_body.pk])).status_code, 404)
                self.assertEqual(self.client.post(
                    reverse("meetings:body_archive", args=[self.dep_body.pk])).status_code, 404)
        self.assertEqual(Body.objects.count(), 2)

    def test_a_unit_outside_the_university_is_refused_with_a_message(self):
        self.login(self.qms)
        response = self.post_new(unit=self.other_dep.pk, name="Башка")
        self.assertEqual(response.status_code, 200)
        self.assertIn("unit", response.context["form"].errors)
        self.assertFalse(Body.objects.filter(name="Башка").exists())

    def test_a_stale_edit_writes_nothing_and_shows_the_other_change(self):
        self.login(self.qms)
        url = reverse("meetings:body_edit", args=[self.dep_body.pk])
        version = self.dep_body.version
        data = {"kind": Body.Kind.DEPARTMENT, "unit": self.dep_a1.pk, "name": "Биринчи",
                "version": version}
        self.assertRedirects(self.client.post(url, data), reverse("meetings:bodies"))
        response = self.client.post(url, dict(data, name="Экинчи"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].stale_changes)
        self.dep_body.refresh_from_db()
        self.assertEqual(self.dep_body.name, "Биринчи")

    def test_an_archived_body_opens_no_meeting_and_keeps_its_meetings(self):
        self.login(self.qms)
        response = self.client.post(reverse("meetings:body_archive", args=[self.dep_body.pk]))
        self.assertRedirects(response, reverse("meetings:bodies"))
        self.dep_body.refresh_from_db()
        self.assertTrue(self.dep_body.is_archived)
        self.assertNotIn(self.dep_body, permissions.bodies_for_new_meeting(self.head))
        self.assertTrue(self.dep_body.meetings.filter(pk=self.dep_meeting.pk).exists())
        self.assertNotContains(self.client.get(reverse("meetings:bodies")), "Кафедранын жыйыны")

    def test_the_list_costs_the_same_queries_for_two_bodies_or_twenty(self):
        self.login(self.qms)

        def count():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(reverse("meetings:bodies")).status_code, 200)
            return len(queries)

        few = count()
        for i in range(18):
            body = Body.objects.create(kind=Body.Kind.INSTITUTE, unit=self.inst_a,
                                       name=f"Жыйын {i}", secretary=self.staff)
            body.members.set([self.head, self.staff])
        self.assertEqual(count(), few)

    def test_the_meetings_page_links_the_bodies_for_the_qms_office_only(self):
        self.login(self.qms)
        self.assertContains(self.client.get(reverse("meetings:list")), 'data-testid="bodies"')
        self.login(self.secretary)
        self.assertNotContains(self.client.get(reverse("meetings:list")),
                               'data-testid="bodies"')
