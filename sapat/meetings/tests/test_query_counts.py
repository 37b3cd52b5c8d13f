"""Meeting pages, the decision register and its API cost the same number of queries
whatever the number of agenda items, attendees and decisions."""
import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sapat.meetings import services

from .base import TODAY, MeetingTestCase


class QueryCountTests(MeetingTestCase):
    def queries(self, url) -> int:
        cache.clear()
        self.client.get(url)  # warm the per-process caches
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get(url)
        self.assertEqual(r.status_code, 200, url)
        return len(ctx.captured_queries)

    def grow(self, start: int, n: int) -> None:
        people = [self.head, self.head2, self.staff, self.director, self.rector, self.qms]
        for i in range(start, start + n):
            services.agenda_add(meeting=self.meeting, by=self.secretary, title=f"Маселе {i}")
            services.attendance_set(meeting=self.meeting, by=self.secretary,
                                    person=people[i % len(people)], present=bool(i % 2))
            services.decision_create(
                meeting=self.meeting, by=self.secretary, number=f"3.{i + 2}", text=f"Чечим {i}",
                people=[people[i % len(people)]], responsible_unit=self.dep_a1,
                due_date=TODAY + datetime.timedelta(days=i - 3))
            services.meeting_create(by=self.secretary, body=self.council_body,
                                    number=f"x{i}", held_on=TODAY)

    def test_pages_cost_no_more_queries_with_more_rows(self):
        self.login(self.qms)
        urls = [self.meeting.get_absolute_url(), reverse("meetings:list"),
                reverse("meetings:register"), reverse("meetings:register") + "?overdue=on",
                reverse("meetings:decision", args=[self.decision.pk]),
                "/api/v1/decisions/", "/api/v1/meetings/", f"/api/v1/meetings/{self.meeting.pk}/"]
        self.grow(0, 1)  # one of each: an empty list skips its prefetches
        before = {url: self.queries(url) for url in urls}
        self.grow(1, 5)
        after = {url: self.queries(url) for url in urls}
        print("meetings queries:", before)
        self.assertEqual(after, before)
        self.assertLessEqual(before[self.meeting.get_absolute_url()], 20)
        self.assertLessEqual(before[reverse("meetings:register")], 20)
