"""The review screens through the test client: who sees what, what the forms write, the
documents, and fixed query counts."""
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sapat.reviews import services
from sapat.reviews.models import ContextIssue, ManagementReview, ReviewOutput

from .base import ReviewTestCase


class ReviewViewTests(ReviewTestCase):
    def open(self):
        return services.review_create(university=self.university, year=self.this_year,
                                      by=self.qms)

    def test_anonymous_goes_to_sign_in(self):
        response = self.client.get(reverse("reviews:list"))
        self.assertEqual(response.status_code, 302)

    def test_a_head_cannot_read_reviews(self):
        review = self.open()
        self.login(self.head)
        self.assertEqual(self.client.get(reverse("reviews:list")).status_code, 404)
        self.assertEqual(self.client.get(review.get_absolute_url()).status_code, 404)

    def test_qms_office_opens_a_review_and_sees_every_section(self):
        self.login(self.qms)
        response = self.client.post(reverse("reviews:list"), {"year": self.this_year.pk})
        review = ManagementReview.objects.get()
        self.assertRedirects(response, review.get_absolute_url())
        page = self.client.get(review.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ky")
        for key in ("a", "b", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "d", "e", "f"):
            self.assertContains(page, f'data-testid="section-{key}"')
        self.assertContains(page, 'data-testid="live"')
        self.assertNotContains(page, 'data-testid="hold-form"')

    def test_rector_holds_and_records_a_decision_the_head_completes(self):
        review = self.open()
        self.login(self.rector)
        page = self.client.get(review.get_absolute_url())
        self.assertContains(page, 'data-testid="hold-form"')
        self.client.post(reverse("reviews:hold", args=[review.pk]), {
            "held_on": timezone.localdate().isoformat(), "version": review.version,
            "minutes": "Каралды"})
        review.refresh_from_db()
        self.assertTrue(review.is_held)
        self.client.post(reverse("reviews:output_add", args=[review.pk]), {
            "kind": "improvement", "text": "Сурамжылоону кеңейтүү", "unit": self.dep_a1.pk,
            "person": self.head.pk,
            "due_date": (timezone.localdate() + datetime.timedelta(days=5)).isoformat()})
        output = ReviewOutput.objects.get()
        self.assertEqual(list(output.responsible_people.all()), [self.head])
        self.login(self.head)
        from sapat.inbox.registry import items_for

        self.assertIn(output.get_absolute_url(), [i.url for i in items_for(self.head)])
        response = self.client.post(output.get_absolute_url(), {
            "completed_on": timezone.localdate().isoformat(), "result": "Аткарылды",
            "version": output.version})
        self.assertRedirects(response, output.get_absolute_url())
        output.refresh_from_db()
        self.assertEqual(output.status, "done")
        self.login(self.head2)
        self.assertEqual(self.client.get(output.get_absolute_url()).status_code, 404)

    def test_documents_in_three_languages(self):
        review = self.open()
        self.login(self.qms)
        for lang in ("ky", "ru", "en"):
            response = self.client.get(
                reverse("reviews:document", args=[review.pk, "pack", "pdf"]) + f"?lang={lang}")
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertTrue(response.content.startswith(b"%PDF"))
        response = self.client.get(reverse("reviews:document", args=[review.pk, "minutes",
                                                                     "docx"]))
        self.assertTrue(response.content.startswith(b"PK"))

    def test_context_register_kept_by_the_qms_office(self):
        self.login(self.qms)
        self.client.post(reverse("reviews:context"), {
            "kind": "party", "text": "Иш берүүчүлөр", "changed_on": "2025-01-10"})
        self.assertTrue(ContextIssue.objects.filter(text="Иш берүүчүлөр").exists())
        self.login(self.rector)
        response = self.client.post(reverse("reviews:context"), {
            "kind": "party", "text": "x", "changed_on": "2025-01-10"})
        self.assertEqual(response.status_code, 403)

    def count(self, person, url):
        self.login(person)
        self.client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx)

    def add_rows(self, n):
        from sapat.processes.tests.factories import make_indicator

        for i in range(n):
            make_indicator(self.process, self.dep_a1, code=f"k{n}-{i}", per_unit=False)
            ContextIssue.objects.create(university=self.university, kind="internal",
                                        text=f"t{i}", changed_on=self.this_year.start)

    def counts(self, n):
        self.add_rows(n)
        last = services.review_create(university=self.university, year=self.last_year,
                                      by=self.qms)
        last = services.review_hold(review=last, by=self.rector, held_on=timezone.localdate(),
                                    expected_version=last.version)
        for i in range(n):
            services.output_add(review=last, by=self.rector, kind="change", text=f"o{i}",
                                unit=self.dep_a1, due_date=None, people=[self.head])
        review = self.open()
        result = {
            "list": self.count(self.qms, reverse("reviews:list")),
            "live": self.count(self.qms, review.get_absolute_url()),
            "held": self.count(self.rector, last.get_absolute_url()),
            "context": self.count(self.qms, reverse("reviews:context")),
            "output": self.count(self.head, ReviewOutput.objects.first().get_absolute_url()),
        }
        ReviewOutput.objects.all().delete()
        ManagementReview.objects.all().delete()
        return result

    def test_pages_keep_their_query_counts(self):
        small = self.counts(1)
        large = self.counts(15)
        self.assertEqual(small, large)


class ReviewInboxTests(ReviewTestCase):
    def test_a_review_near_its_date_waits_for_the_qms_office_and_the_rector(self):
        from sapat.inbox.registry import items_for

        soon = timezone.localdate() + datetime.timedelta(days=9)
        review = services.review_create(university=self.university, year=self.this_year,
                                        by=self.qms, planned_on=soon)
        for person in (self.qms, self.rector):
            person = type(person).objects.get(pk=person.pk)
            self.assertIn(review.get_absolute_url(), [i.url for i in items_for(person)])
        head = type(self.head).objects.get(pk=self.head.pk)
        self.assertNotIn(review.get_absolute_url(), [i.url for i in items_for(head)])
