"""Escalation, renumbering and archiving of register risks, refused by the database at any
write, leave every table (history included) as it was."""
from django.db import IntegrityError, connection
from django.urls import reverse

from sapat.reports.tests.base import ReportsTestCase
from sapat.risks.models import Risk

from .faults import AllOrNothingMixin, WriteFault, changed_tables, snapshot


class RegisterFaultTests(AllOrNothingMixin, ReportsTestCase):
    """r1 is number 1 in the register with two measures; r2 is only in its passport."""

    def post(self, name, risk, **data):
        return self.client.post(reverse(name, args=[risk.pk]), data)

    def test_escalation_refused_at_any_write_changes_nothing(self):
        self.login(self.qms)
        self.assert_all_or_nothing(
            lambda: self.post("risks:register_escalate", self.r2, number="5"),
            expected=IntegrityError)

    def test_renumbering_refused_at_any_write_changes_nothing(self):
        self.login(self.qms)
        self.assert_all_or_nothing(
            lambda: self.post("risks:register_renumber", self.r1, number="9"),
            expected=IntegrityError)

    def test_archiving_a_register_risk_with_measures_refused_at_any_write_changes_nothing(self):
        # Archiving takes the risk out of the register and archives its measures: several
        # records, one transaction.
        self.login(self.head)
        writes = self.assert_all_or_nothing(
            lambda: self.post("risks:risk_archive", self.r1), expected=IntegrityError)
        self.assertGreaterEqual(writes, 6)

    def test_the_person_sees_the_error_page_that_says_nothing_was_lost(self):
        self.login(self.qms)
        self.client.raise_request_exception = False
        before = snapshot(exclude=("sessions.Session",))
        with connection.execute_wrapper(WriteFault(fail_at=2)):
            response = self.post("risks:register_renumber", self.r1, number="9")
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "no data was lost", status_code=500)
        self.assertEqual(changed_tables(before, snapshot(exclude=("sessions.Session",))), {})
        self.assertEqual(Risk.objects.get(pk=self.r1.pk).register_number, 1)

    def test_without_a_fault_each_workflow_writes(self):
        self.login(self.qms)
        self.post("risks:register_escalate", self.r2, number="5")
        self.post("risks:register_renumber", self.r1, number="9")
        self.assertEqual(
            dict(Risk.objects.filter(escalated=True).values_list("title", "register_number")),
            {self.r1.title: 9, self.r2.title: 5, self.r3.title: 2})
