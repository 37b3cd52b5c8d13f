"""The screens take the steps through the services, and cost fixed queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sapat.improvement import services
from sapat.improvement.models import CorrectiveAction, Nonconformity, Step

from .base import ImprovementTestCase, evidence_file


class ScreenFlowTests(ImprovementTestCase):
    def post_step(self, person, data):
        self.login(person)
        return self.client.post(reverse("improvement:detail", args=[self.nc.pk]), data)

    def test_head_staff_and_qms_office_take_the_steps_on_screen(self):
        url = reverse("improvement:detail", args=[self.nc.pk])
        # "Done by" is searched: the page carries the head (the default), nobody else.
        self.login(self.head)
        page = self.client.get(url)
        self.assertContains(page, f'<option value="{self.head.pk}" selected>')
        self.assertNotContains(page, f'<option value="{self.staff.pk}"')
        r = self.post_step(self.head, {"text": "Бекитилди", "done_by": self.head.pk,
                                       "done_on": self.yesterday.isoformat()})
        self.assertRedirects(r, url)
        self.post_step(self.head, {"needed": "yes", "reason": "Кайталанышы мүмкүн"})
        self.post_step(self.head, {"method": "whys", "category": "methods",
                                   "root_cause": "Мөөнөт жок", "cause_1": "Эмне үчүн?",
                                   "evidence_1": "Протокол"})
        # The action's responsible people are searched, not listed: the page carries none.
        page = self.client.get(url)
        self.assertContains(page, f'data-search-url="{reverse("risks:people_search")}"')
        self.assertNotContains(page, f'<option value="{self.staff.pk}"')
        due = (self.today + datetime.timedelta(days=5)).isoformat()
        self.post_step(self.head, {"text": "Мөөнөт бекитүү", "due_date": due,
                                   "people": [self.staff.pk]})
        self.assertEqual(self.fresh().state, Step.ACTIONS)
        action = CorrectiveAction.objects.get()
        self.login(self.staff)
        page = self.client.get(reverse("improvement:action", args=[action.pk]))
        self.assertContains(page, 'data-testid="complete-form"')
        r = self.client.post(reverse("improvement:action", args=[action.pk]), {
            "completed_on": self.today.isoformat(), "result": "Жасалды",
            "evidence": evidence_file(), "version": action.version})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(self.fresh().state, Step.REVIEW)
        # Staff cannot judge.
        self.assertEqual(self.post_step(self.staff, {"verdict": "effective",
                                                     "reason": "x"}).status_code, 403)
        self.post_step(self.qms, {"verdict": "effective", "reason": "Мөөнөттө"})
        self.post_step(self.head, {"kind": "reassess", "risk": self.risk.pk, "likelihood": 2,
                                   "consequences": 3, "reason": "Азайды"})
        self.assertEqual(self.fresh().state, Step.CLOSURE)
        self.login(self.qms)
        self.client.post(reverse("improvement:close", args=[self.nc.pk]))
        self.assertEqual(self.fresh().state, Step.CLOSED)
        page = self.client.get(url)
        self.assertContains(page, 'data-testid="closed"')
        self.assertContains(page, self.risk.title)

    def test_a_form_error_comes_back_in_the_language_of_the_person(self):
        self.login(self.head)
        r = self.client.post(reverse("improvement:detail", args=[self.nc.pk]),
                             {"text": "", "done_by": self.head.pk, "done_on": ""},
                             HTTP_ACCEPT_LANGUAGE="ru")
        self.assertContains(r, 'data-testid="error-summary"')

    def test_readers_see_but_cannot_post(self):
        for person in (self.rector, self.council):
            self.login(person)
            url = reverse("improvement:detail", args=[self.nc.pk])
            self.assertEqual(self.client.get(url).status_code, 200)
            self.assertEqual(self.client.post(url, {"text": "x"}).status_code, 403)
        self.login(self.head2)
        self.assertEqual(self.client.get(
            reverse("improvement:detail", args=[self.nc.pk])).status_code, 404)

    def test_anyone_with_a_role_reports_a_nonconformity(self):
        self.login(self.staff)
        r = self.client.post(reverse("improvement:create"), {
            "unit": self.dep_a1.pk, "source": "other", "grade": "minor",
            "description": "Аудитория жабдылган эмес"})
        nc = Nonconformity.objects.get(source="other")
        self.assertRedirects(r, reverse("improvement:detail", args=[nc.pk]))
        self.assertEqual(nc.reported_by, self.staff)


class QueryCountTests(ImprovementTestCase):
    def add_rows(self, n):
        for i in range(n):
            nc = services.nonconformity_create(by=self.qms, unit=self.dep_a1, source="other",
                                               description=f"НС {i}", process=self.teaching)
            services.record_correction(nc=nc, by=self.head, text="x", done_by=self.head,
                                       done_on=self.yesterday)
            services.decide_action(nc=self.fresh(nc), by=self.head, needed=True, reason="x")
            services.record_cause(nc=self.fresh(nc), by=self.head, method="whys",
                                  category="people", root_cause="x",
                                  causes=[{"text": "a", "evidence": "b"},
                                          {"text": "c", "evidence": "d"}])
            for _j in range(2):
                services.action_add(nc=self.fresh(nc), by=self.head, text="a",
                                    due_date=self.yesterday, people=[self.staff, self.head])
        return nc

    def count(self, person, url):
        self.login(person)
        self.client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx)

    def counts(self, n):
        nc = self.add_rows(n)
        return {
            "register": self.count(self.qms, reverse("improvement:register")),
            "register (head)": self.count(self.head, reverse("improvement:register")),
            "actions": self.count(self.qms, reverse("improvement:actions")),
            "nonconformity": self.count(self.head, reverse("improvement:detail", args=[nc.pk])),
            "action": self.count(self.staff, reverse(
                "improvement:action", args=[nc.actions.first().pk])),
            "home (qms)": self.count(self.qms, reverse("home")),
            "home (head)": self.count(self.head, reverse("home")),
            "home (rector)": self.count(self.rector, reverse("home")),
        }

    def test_pages_keep_their_query_counts_from_small_to_large(self):
        small = self.counts(1)
        large = self.counts(30)
        self.assertEqual(small, large)
        self.assertEqual({k: v for k, v in large.items() if k in EXPECTED}, EXPECTED)

    def test_home_panels_show_the_nonconformities(self):
        nc = self.add_rows(1)
        self.login(self.qms)
        page = self.client.get(reverse("home"))
        self.assertContains(page, 'data-testid="nc-qms-panel"')
        self.assertContains(page, nc.code)
        self.login(self.head)
        page = self.client.get(reverse("home"))
        self.assertContains(page, 'data-testid="nc-head-panel"')
        self.assertContains(page, nc.code)
        self.login(self.rector)
        self.assertContains(self.client.get(reverse("home")), 'data-testid="nc-trend-panel"')


# Measured; a change here is a change of the pages' cost, say why in the commit.
EXPECTED = {
    "register": 6,
    "register (head)": 6,
    "actions": 7,
    "nonconformity": 12,  # the action form lists no people (searched)
    "action": 6,
}


class InboxTests(ImprovementTestCase):
    def test_steps_and_actions_wait_for_their_people(self):
        from sapat.inbox.registry import items_for

        self.assertIn(self.nc.code, " ".join(i.title for i in items_for(self.head)))
        self.assertNotIn(self.nc.code, " ".join(i.title for i in items_for(self.staff)))
        services.record_correction(nc=self.nc, by=self.head, text="x", done_by=self.head,
                                   done_on=self.yesterday)
        services.decide_action(nc=self.fresh(), by=self.head, needed=True, reason="x")
        services.record_cause(nc=self.fresh(), by=self.head, method="whys", category="people",
                              root_cause="x", causes=[{"text": "a", "evidence": "b"}])
        action = services.action_add(nc=self.fresh(), by=self.head, text="Мөөнөт",
                                     due_date=self.today, people=[self.staff])
        self.staff._sapat_inbox = None
        titles = " ".join(i.title for i in items_for(self.staff))
        self.assertIn(self.nc.code, titles)
        services.action_complete(action=action, by=self.staff, expected_version=1,
                                 result="ok", evidence=evidence_file())
        self.qms._sapat_inbox = None
        self.assertIn(self.nc.code, " ".join(i.title for i in items_for(self.qms)))
