"""The meeting forms search people instead of listing all of them (3,000 at the scale we
design for): the pages carry only the chosen ones; the search answers those who record
meetings, with anyone active."""
import re

from django.urls import reverse

from sapat.org.models import Person

from .base import MeetingTestCase


class PeoplePickerTests(MeetingTestCase):
    def search(self, text):
        return self.client.get(reverse("meetings:people_search"), {"q": text})

    def test_the_secretary_finds_anyone_active_by_name(self):
        Person.objects.create_user("gone", password="x", full_name="Айбек Кеткен",
                                   is_active=False)
        Person.objects.create_user("far", password="x", full_name="Айбек Алыскы")
        self.login(self.secretary)
        answer = self.search("айбек").json()
        self.assertEqual([r["text"] for r in answer["results"]], ["Айбек Алыскы"])
        self.assertFalse(answer["more"])

    def test_those_who_record_no_meeting_are_refused(self):
        self.login(self.member)
        self.assertEqual(self.search("а").status_code, 403)

    def options(self, response, name) -> list[str]:
        """The option values of the page's <select name=`name`>."""
        html = response.content.decode()
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
        self.assertIsNotNone(select, name)
        return re.findall(r'<option value="([^"]*)"', select.group(1))

    def test_meeting_and_decision_forms_carry_only_the_chosen_people(self):
        self.login(self.secretary)
        url = reverse("meetings:people_search")
        for page, names in (
                (self.meeting.get_absolute_url(), ["agenda-speaker", "att-person"]),
                (reverse("meetings:decision_create", args=[self.meeting.pk]),
                 ["responsible_people"]),
                (reverse("meetings:edit", args=[self.meeting.pk]), ["chair", "secretary"])):
            r = self.client.get(page)
            self.assertContains(r, f'data-search-url="{url}"')
            for name in names:
                with self.subTest(page=page, field=name):
                    self.assertLessEqual(set(self.options(r, name)),
                                         {"", str(self.secretary.pk)})
        r = self.client.get(reverse("meetings:decision_edit", args=[self.decision.pk]))
        self.assertEqual(self.options(r, "responsible_people"), [str(self.head2.pk)])

    def test_a_chosen_person_comes_back_with_a_form_that_was_refused(self):
        """The picker's widget takes its choices from the people set after it: a speaker
        or attendee chosen on a form sent back with an error is still shown as chosen."""
        from sapat.meetings.forms import AgendaForm, AttendanceForm

        agenda = AgendaForm({"agenda-title": "", "agenda-speaker": self.head.pk},
                            prefix="agenda")
        attendance = AttendanceForm({"att-person": self.head.pk, "att-present": "x"},
                                    prefix="att")
        for form, name in ((agenda, "speaker"), (attendance, "person")):
            with self.subTest(field=name):
                self.assertFalse(form.is_valid())
                self.assertIn(f'<option value="{self.head.pk}" selected>', str(form[name]))
