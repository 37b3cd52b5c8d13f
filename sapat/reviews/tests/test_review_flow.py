"""A review from preparation to its held, frozen record and its outputs as actions."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sapat.processes.models import Measurement
from sapat.reviews import sections, services
from sapat.reviews.models import ManagementReview, ReviewOutput

from .base import ReviewTestCase


def by_key(inputs):
    return {s["key"]: s for s in inputs}


class ReviewFlowTests(ReviewTestCase):
    def open(self, year=None):
        return services.review_create(university=self.university, year=year or self.this_year,
                                      by=self.qms)

    def hold(self, review, on=None):
        return services.review_hold(review=review, by=self.rector,
                                    held_on=on or timezone.localdate(),
                                    expected_version=review.version, minutes="Каралды")

    def test_every_input_is_a_section_and_empty_ones_say_so(self):
        review = self.open()
        with translation.override("en"):
            inputs = by_key(services.review_inputs(review))
        self.assertEqual(list(inputs), ["a", "b", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "d",
                                        "e", "f"])
        self.assertTrue(inputs["c7"]["empty"])
        self.assertEqual(inputs["c7"]["note"], "No data for this period.")
        self.assertFalse(inputs["c3"]["empty"])
        figures = dict(map(tuple, inputs["c3"]["figures"]))
        self.assertEqual(figures["Indicators"], "2")
        self.assertEqual(figures["on target"], "1")  # teaching 78 ≥ 75
        self.assertEqual(figures["off target"], "1")  # satisfaction 72 < 80 − 5
        self.assertIn("<svg", inputs["c3"]["charts"][0])
        c1 = inputs["c1"]
        self.assertEqual(c1["rows"][0][1], "72")
        self.assertEqual(c1["rows"][0][4], "↓")
        self.assertEqual(dict(map(tuple, inputs["c2"]["figures"]))["met"], "1")
        self.assertEqual(len(inputs["b"]["rows"]), 1)
        self.assertEqual(inputs["d"]["rows"][0][1], "partly adequate")
        e = dict(map(tuple, inputs["e"]["figures"]))
        self.assertEqual(e["done on time"], "1")
        self.assertEqual(e["Reassessments that lowered the level"], "1")
        self.assertEqual(len(inputs["e"]["charts"]), 3)

    def test_only_the_qms_office_opens_a_review(self):
        for person in (self.rector, self.head, self.council):
            with self.assertRaises(PermissionDenied):
                services.review_create(university=self.university, year=self.this_year,
                                       by=person)

    def test_holding_freezes_the_inputs_with_their_hash(self):
        review = self.hold(self.open())
        review.refresh_from_db()
        self.assertEqual(review.state, ManagementReview.State.HELD)
        self.assertEqual(review.chair, self.rector)
        self.assertEqual(set(review.snapshot), {"ky", "ru", "en"})
        self.assertEqual(review.snapshot_sha256, sections.content_hash(review.snapshot))
        before = services.review_inputs(review, "en")
        Measurement.objects.filter(indicator=self.kpi, period=self.this_period).update(value=10)
        self.assertEqual(services.review_inputs(review, "en"), before)
        live = sections.compile_all(services.review_scope(review), "en")
        self.assertNotEqual(by_key(live)["c3"]["figures"], by_key(before)["c3"]["figures"])

    def test_only_the_rector_holds_and_only_once(self):
        review = self.open()
        with self.assertRaises(PermissionDenied):
            services.review_hold(review=review, by=self.qms, held_on=timezone.localdate(),
                                 expected_version=review.version)
        self.hold(review)
        with self.assertRaises(PermissionDenied):
            self.hold(review)

    def test_outputs_are_actions_whose_status_is_the_next_reviews_input_a(self):
        last = self.hold(self.open(self.last_year), on=self.last_year.end)
        output = services.output_add(review=last, by=self.rector, kind="resource",
                                     text="Лаборатория сатып алуу", unit=self.dep_a1,
                                     due_date=self.last_year.end + datetime.timedelta(days=30),
                                     people=[self.head])
        self.assertEqual(output.number, 1)
        self.assertTrue(ReviewOutput.objects.assigned_to(self.head).filter(pk=output.pk).exists())
        services.output_complete(output=output, by=self.head, expected_version=output.version,
                                 on=self.last_year.end + datetime.timedelta(days=20))
        current = self.open()
        with translation.override("en"):
            a = by_key(services.review_inputs(current))["a"]
        self.assertEqual(dict(map(tuple, a["figures"]))["done on time"], "1")
        self.assertEqual(a["rows"][0][2], "Лаборатория сатып алуу")

    def test_outputs_wait_for_the_review_to_be_held(self):
        review = self.open()
        with self.assertRaises(PermissionDenied):
            services.output_add(review=review, by=self.rector, kind="change", text="x",
                                unit=self.dep_a1, due_date=None)
        with self.assertRaises(ValidationError):
            services.output_add(review=review, by=self.rector, kind="change", text="x",
                                unit=self.dep_a1, due_date=None, check=False)

    def test_head_of_another_unit_cannot_complete_an_output(self):
        review = self.hold(self.open())
        output = services.output_add(review=review, by=self.rector, kind="change", text="x",
                                     unit=self.dep_a1, due_date=timezone.localdate())
        with self.assertRaises(PermissionDenied):
            services.output_complete(output=output, by=self.head2,
                                     expected_version=output.version)
