"""The Academic Council's home is what awaits its decision, not the rector's dashboard."""
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sapat.approvals import services as approvals
from sapat.approvals.tests.test_workflow import CardKind
from sapat.processes.tests.factories import make_process
from sapat.test import SapatTestCase


class CouncilHomeTests(CardKind, SapatTestCase):
    def setUp(self):
        self.card = make_process(self.university, goal="Отчёт")

    def test_the_council_sees_what_awaits_its_decision(self):
        approvals.submit(self.card, self.qms)
        self.login(self.council)
        r = self.client.get(reverse("home"))
        self.assertContains(r, 'data-testid="dashboard-council"')
        self.assertContains(r, 'data-testid="council-waiting"')
        self.assertContains(r, "Процесс education")
        self.assertNotContains(r, 'data-testid="heatmap-university"')

    def test_the_rector_keeps_the_university_dashboard_without_the_councils_list(self):
        approvals.submit(self.card, self.qms)
        self.login(self.rector)
        r = self.client.get(reverse("home"))
        self.assertNotContains(r, 'data-testid="dashboard-council"')
        self.assertContains(r, 'data-testid="heatmap-university"')

    def test_decisions_are_listed_with_their_number(self):
        approvals.submit(self.card, self.qms)
        approvals.approve(self.card, self.council, "14", timezone.localdate()
                          - datetime.timedelta(days=1))
        self.login(self.council)
        r = self.client.get(reverse("home"))
        self.assertContains(r, "№ 14")
        self.assertNotContains(r, 'data-testid="council-waiting"')

    def test_the_council_home_costs_the_same_queries_whatever_the_requests(self):
        self.login(self.council)
        self.client.get(reverse("home"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("home"))
        for n in range(5):
            card = make_process(self.university, code=f"p{n}", number=10 + n)
            approvals.submit(card, self.qms)
        with self.assertNumQueries(len(few)):
            self.client.get(reverse("home"))


class CouncilMeetingDecisionsTests(SapatTestCase):
    def test_the_council_home_lists_the_open_decisions_of_its_meetings(self):
        from sapat.meetings import services
        from sapat.meetings.models import Body

        body = Body.objects.create(kind=Body.Kind.COUNCIL, unit=self.council_unit,
                                   name="Кеңеш")
        meeting = services.meeting_create(by=self.qms, body=body, number="1",
                                          held_on=timezone.localdate())
        services.decision_create(meeting=meeting, by=self.qms, number="1.1",
                                 text="Кеңештин чечими", people=[self.head],
                                 due_date=timezone.localdate())
        self.login(self.council)
        r = self.client.get(reverse("home"))
        self.assertContains(r, 'data-testid="council-meeting-decisions"')
        self.assertContains(r, "Кеңештин чечими")
