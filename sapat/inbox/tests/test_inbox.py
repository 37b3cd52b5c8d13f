"""What waits for each person: every provider of today, the home page, the menu count,
the daily digest."""
import datetime

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sapat.approvals import services as approvals
from sapat.inbox import registry
from sapat.processes.models import Measurement, PolicyAcknowledgement, QualityPolicy
from sapat.processes.tests.factories import make_indicator, make_process
from sapat.risks import services as risk_services
from sapat.risks.reminders import send_reminders
from sapat.test import SapatTestCase

TODAY = timezone.localdate()


def kinds(items):
    with translation.override("en"):
        return [str(i.kind) for i in items]


class InboxTests(SapatTestCase):
    def setUp(self):
        self.policy = QualityPolicy.objects.create(
            version=1, text="Саясат", unit=self.university, approved_by=self.rector,
            approved_on=datetime.date(2025, 8, 29))
        self.draft = QualityPolicy.objects.create(version=2, text="Жаңы", unit=self.university)
        approvals.submit(self.draft, self.qms)
        risk = risk_services.risk_create(by=self.head, unit=self.dep_a1, title="Лаборатория",
                                         likelihood=3, consequences=4)
        risk_services.measure_create(by=self.head, risk=risk, text="Кечиккен иш",
                                     due_date=TODAY - datetime.timedelta(days=2),
                                     people=[self.staff])
        risk_services.measure_create(by=self.head, risk=risk, text="Алыскы иш",
                                     due_date=TODAY + datetime.timedelta(days=60),
                                     people=[self.staff])
        from sapat.org.services import academic_year_create

        start = TODAY.year if TODAY.month >= 9 else TODAY.year - 1
        academic_year_create(start=datetime.date(start - 1, 9, 1))  # ended: its value is due
        academic_year_create(start=datetime.date(start, 9, 1))  # running: asked of nobody
        process = make_process(self.university)
        self.kpi = make_indicator(process, self.inst_a, code="pass-rate")

    def items(self, person):
        # A fresh look, as the next request would take (the policy's status is kept on
        # the person object for one request, like the inbox).
        registry.forget(person)
        person.__dict__.pop("_sapat_policy", None)
        return registry.items_for(person, TODAY)

    def test_the_rector_is_told_a_draft_awaits_approval(self):
        items = self.items(self.rector)
        self.assertEqual(kinds(items), ["Approval"])
        self.assertEqual(items[0].url, reverse("processes:policy_version",
                                               args=[self.draft.pk]))
        # The rector's body, not the council's: the council member has only the policy to read.
        self.assertEqual(kinds(self.items(self.council)), ["Acknowledgement"])

    def test_the_qms_office_hears_of_a_returned_draft(self):
        approvals.return_(self.draft, self.rector, "Тактоо керек")
        self.assertEqual(kinds(self.items(self.qms))[:1], ["Returned for correction"])
        self.assertEqual(self.items(self.rector), [])

    def test_an_employee_sees_overdue_measures_first_and_the_policy_to_read(self):
        items = self.items(self.staff)
        self.assertEqual(kinds(items), ["Measure", "Acknowledgement"])
        self.assertEqual(items[0].urgency, registry.Urgency.OVERDUE)
        self.assertIn("Кечиккен иш", items[0].title)
        PolicyAcknowledgement.objects.create(policy=self.policy, person=self.staff)
        self.assertEqual(kinds(self.items(self.staff)), ["Measure"])

    def test_a_measure_reads_in_the_persons_language_where_it_has_a_translation(self):
        from sapat.risks.models import Measure

        Measure.objects.filter(text="Кечиккен иш").update(text_ru="Просроченное дело")
        with translation.override("ru"):
            self.assertIn("Просроченное дело", self.items(self.staff)[0].title)
        with translation.override("ky"):
            self.assertIn("Кечиккен иш", self.items(self.staff)[0].title)

    def test_the_rector_who_approved_the_policy_is_not_asked_to_read_it(self):
        self.assertNotIn("Acknowledgement", kinds(self.items(self.rector)))

    def test_a_head_is_asked_for_the_kpi_values_of_their_unit(self):
        with translation.override("en"):
            titles = [i.title for i in self.items(self.head) if str(i.kind) == "KPI value"]
        self.assertEqual(titles, ["KPI pass-rate — Кафедра А1"])
        # Each department reports this KPI, not the institute: its director is not asked…
        self.assertEqual(kinds(self.items(self.director)).count("KPI value"), 0)
        # …but is for the institute's own KPI.
        make_indicator(self.kpi.process, self.inst_a, code="own", per_unit=False)
        self.assertEqual(kinds(self.items(self.director)).count("KPI value"), 1)
        with translation.override("en"):
            item = next(i for i in self.items(self.head) if str(i.kind) == "KPI value")
        period = int(item.url.split("period=")[1].split("&")[0])
        # The year that ended, not the one that runs (issue 12).
        from sapat.org.models import Period

        self.assertLess(Period.objects.get(pk=period).end, TODAY)
        self.assertGreater(item.due, Period.objects.get(pk=period).end)
        Measurement.objects.create(indicator=self.kpi, period_id=period, unit=self.dep_a1,
                                   value=80, entered_by=self.head)
        self.assertNotIn("KPI value", kinds(self.items(self.head)))

    def test_the_home_page_starts_with_the_inbox_and_the_menu_counts_it(self):
        self.login(self.staff)
        r = self.client.get(reverse("home"))
        self.assertContains(r, 'data-testid="inbox-home"')
        self.assertContains(r, "Кечиккен иш")
        self.assertContains(r, 'data-testid="inbox-count"')
        r = self.client.get(reverse("inbox:count"))
        self.assertContains(r, ">2<")
        r = self.client.get(reverse("inbox:list"))
        self.assertContains(r, "Кечиккен иш")

    def test_a_person_without_a_role_has_an_empty_inbox(self):
        self.login(self.outsider)
        self.assertContains(self.client.get(reverse("inbox:list")),
                            'data-testid="inbox-empty"')
        self.assertNotContains(self.client.get(reverse("inbox:count")), "inbox-count")


class InboxQueryTests(InboxTests):
    """The inbox costs the home page at most three queries, whatever the number of items."""

    def home_queries(self, person) -> int:
        self.login(person)
        self.client.get(reverse("home"))  # warm the per-process caches (scale, bands)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get(reverse("home"))
        return len(ctx.captured_queries)

    def without_inbox(self, person) -> int:
        saved = dict(registry._PROVIDERS)
        registry._PROVIDERS.clear()
        try:
            return self.home_queries(person)
        finally:
            registry._PROVIDERS.update(saved)

    def test_the_inbox_adds_at_most_three_queries_to_the_home_page(self):
        for person in (self.rector, self.qms, self.head, self.staff, self.council):
            with self.subTest(person=person.username):
                total, without = self.home_queries(person), self.without_inbox(person)
                print(f"home queries for {person.username}: {without} without the inbox, "
                      f"{total} with it")
                self.assertLessEqual(total - without, 3)

    def test_more_items_cost_no_more_queries(self):
        before = {p.username: self.home_queries(p) for p in (self.rector, self.head,
                                                             self.staff)}
        risk = risk_services.risk_create(by=self.head, unit=self.dep_a1, title="Б",
                                         likelihood=2, consequences=2)
        for n in range(5):
            risk_services.measure_create(by=self.head, risk=risk, text=f"Иш {n}",
                                         due_date=TODAY + datetime.timedelta(days=n),
                                         people=[self.staff])
            draft = QualityPolicy.objects.create(version=10 + n, text=f"т {n}",
                                                 unit=self.university)
            approvals.submit(draft, self.qms)
        process = make_process(self.university, code="research", number=5)
        for n in range(4):
            make_indicator(process, self.dep_a1, code=f"k{n}")
        for person in (self.rector, self.head, self.staff):
            with self.subTest(person=person.username):
                self.assertEqual(self.home_queries(person), before[person.username])

    def test_more_items_cost_the_inbox_page_no_more_queries(self):
        self.login(self.staff)
        url = reverse("inbox:list")
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        risk = risk_services.risk_create(by=self.head, unit=self.dep_a1, title="В",
                                         likelihood=2, consequences=2)
        for n in range(5):
            risk_services.measure_create(by=self.head, risk=risk, text=f"Иш {n}",
                                         due_date=TODAY, people=[self.staff])
        with self.assertNumQueries(len(few)):
            self.client.get(url)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class DigestTests(InboxTests):
    def test_one_digest_a_day_with_the_whole_inbox(self):
        sent = send_reminders(today=TODAY)
        by_person = {m.to[0]: m for m in mail.outbox}
        self.assertEqual(sent, len(mail.outbox))
        self.assertIn("rector@example.kg", by_person)
        self.assertIn(reverse("processes:policy_version", args=[self.draft.pk]),
                      by_person["rector@example.kg"].body)
        staff = by_person["staff@example.kg"].body
        self.assertIn("Кечиккен иш", staff)
        self.assertNotIn("Алыскы иш", staff)
        self.assertIn(reverse("processes:policy"), staff)
        self.assertIn(reverse("inbox:list"), staff)

    def test_running_twice_the_same_day_sends_once(self):
        first = send_reminders(today=TODAY)
        self.assertGreater(first, 0)
        self.assertEqual(send_reminders(today=TODAY), 0)
        self.assertEqual(len(mail.outbox), first)
        # The next day is a new digest.
        self.assertEqual(send_reminders(today=TODAY + datetime.timedelta(days=1)), first)

    def test_the_digest_is_in_the_persons_language(self):
        self.staff.language = "ru"
        self.staff.save()
        send_reminders(today=TODAY)
        message = next(m for m in mail.outbox if m.to == ["staff@example.kg"])
        self.assertIn("Мера", message.body)
        self.assertIn("Что ждёт вас", message.body)
