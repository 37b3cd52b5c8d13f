"""Who may do what with reviews and annual reports, role by role (`reviews.permissions`)."""
from django.http import Http404
from django.utils import timezone

from sapat.approvals.permissions import may_decide
from sapat.reviews import permissions, services

from .base import ReviewTestCase

PEOPLE = ("rector", "qms", "director", "head", "head2", "service", "council", "auditor",
          "staff", "outsider")

# name -> (reads reviews, prepares, holds, records outputs, reads the dep_a1 output,
#          completes it, approves the review report, approves the annual report)
MATRIX = {
    "rector": (True, False, True, True, True, False, True, False),
    "qms": (True, True, False, True, True, True, False, False),
    "director": (False, False, False, False, True, True, False, False),
    "head": (False, False, False, False, True, True, False, False),
    "head2": (False, False, False, False, False, False, False, False),
    "service": (False, False, False, False, False, False, False, False),
    "council": (True, False, False, False, True, False, False, True),
    "auditor": (False, False, False, False, True, False, False, False),
    "staff": (False, False, False, False, True, False, False, False),
    "outsider": (False, False, False, False, False, False, False, False),
}


class PermissionMatrixTests(ReviewTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.review = services.review_create(university=cls.university, year=cls.this_year,
                                            by=cls.qms)
        cls.held = services.review_create(university=cls.university, year=cls.last_year,
                                          by=cls.qms)
        cls.held = services.review_hold(review=cls.held, by=cls.rector,
                                        held_on=timezone.localdate(),
                                        expected_version=cls.held.version)
        cls.output = services.output_add(review=cls.held, by=cls.rector, kind="change",
                                         text="x", unit=cls.dep_a1, due_date=None)

    def reads_output(self, person) -> bool:
        try:
            permissions.output_for(person, self.output.pk)
            return True
        except Http404:
            return False

    def test_matrix(self):
        found = {}
        for name in PEOPLE:
            p = getattr(self, name)
            found[name] = (
                permissions.may_read_reviews(p, self.university),
                permissions.may_prepare(p, self.university),
                permissions.may_hold(p, self.review),
                permissions.may_record_outputs(p, self.held),
                self.reads_output(p),
                self.reads_output(p) and permissions.may_progress_output(p, self.output),
                may_decide(p, "rector", self.university),
                may_decide(p, "council", self.university),
            )
        self.assertEqual(found, MATRIX)

    def test_the_responsible_person_reads_and_completes_outside_their_unit(self):
        self.output.responsible_people.set([self.head2])
        self.assertTrue(self.reads_output(self.head2))
        self.assertTrue(permissions.may_progress_output(self.head2, self.output))
