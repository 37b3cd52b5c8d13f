import datetime

from django.utils import timezone

from sapat.meetings import services
from sapat.meetings.models import Body
from sapat.org.models import Person, Role
from sapat.test import SapatTestCase

TODAY = timezone.localdate()


class MeetingTestCase(SapatTestCase):
    """The Academic Council (its secretary, a member with no other role) and a department's
    meeting; one council meeting with a decision for the head of dep_b1."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.secretary = cls.person("secretary", Role.STAFF, cls.apd)
        cls.member = Person.objects.create_user("member", password="x", full_name="Member")
        cls.council_body = Body.objects.create(kind=Body.Kind.COUNCIL, unit=cls.university,
                                               name="Окумуштуулар кеңеши",
                                               name_ru="Учёный совет",
                                               secretary=cls.secretary)
        cls.council_body.members.set([cls.council, cls.member])
        cls.dep_body = Body.objects.create(kind=Body.Kind.DEPARTMENT, unit=cls.dep_a1,
                                           name="Кафедранын жыйыны")
        cls.meeting = services.meeting_create(
            by=cls.secretary, body=cls.council_body, number="3",
            held_on=TODAY - datetime.timedelta(days=10), title="Сапат маселелери")
        cls.dep_meeting = services.meeting_create(by=cls.head, body=cls.dep_body, number="1",
                                                  held_on=TODAY)
        cls.decision = services.decision_create(
            meeting=cls.meeting, by=cls.secretary, number="3.1",
            text="Окуу пландарын жаңыртуу", people=[cls.head2], responsible_unit=cls.dep_b1,
            due_date=TODAY + datetime.timedelta(days=5))
