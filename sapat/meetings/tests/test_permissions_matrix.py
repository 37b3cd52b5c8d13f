"""Who may do what with meetings and decisions, role by role, through
`meetings.permissions` (views, API and exports ask the same functions)."""
from django.http import Http404

from sapat.meetings import permissions

from .base import MeetingTestCase


class MeetingPermissionMatrixTests(MeetingTestCase):
    NAMES = ("rector", "qms", "director", "head", "head2", "service", "council", "auditor",
             "staff", "secretary", "member", "outsider")

    # name -> (reads the council meeting, records it, reads the dep_a1 meeting, records it,
    #          reads the council's decision for dep_b1, progresses it, opens a council meeting)
    MATRIX = {
        "rector": (True, False, True, False, True, False, False),
        "qms": (True, True, True, True, True, True, True),
        "director": (False, False, True, True, False, False, False),
        "head": (False, False, True, True, False, False, False),
        # Heads see and complete their units' decisions.
        "head2": (False, False, False, False, True, True, False),
        "service": (False, False, False, False, False, False, False),
        "council": (True, False, True, False, True, False, False),
        "auditor": (False, False, True, False, False, False, False),
        "staff": (False, False, True, False, False, False, False),
        # The body's secretary records its meetings whatever their role.
        "secretary": (True, True, False, False, True, True, True),
        # A council member with no role sees the council's meetings.
        "member": (True, False, False, False, True, False, False),
        "outsider": (False, False, False, False, False, False, False),
    }

    def reads(self, person, meeting) -> bool:
        try:
            permissions.meeting_for(person, meeting.pk)
            return True
        except Http404:
            return False

    def reads_decision(self, person) -> bool:
        try:
            permissions.decision_for(person, self.decision.pk)
            return True
        except Http404:
            return False

    def test_the_matrix(self):
        for name in self.NAMES:
            person = getattr(self, name)
            with self.subTest(person=name):
                got = (
                    self.reads(person, self.meeting),
                    permissions.may_record(person, self.meeting),
                    self.reads(person, self.dep_meeting),
                    permissions.may_record(person, self.dep_meeting),
                    self.reads_decision(person),
                    permissions.may_progress(person, self.decision),
                    permissions.may_create_meeting(person, self.council_body),
                )
                self.assertEqual(got, self.MATRIX[name])

    def test_the_lists_agree_with_the_record_rules(self):
        for name in self.NAMES:
            person = getattr(self, name)
            with self.subTest(person=name):
                meetings = set(permissions.meetings_visible_to(person))
                self.assertEqual(self.meeting in meetings, self.MATRIX[name][0])
                self.assertEqual(self.dep_meeting in meetings, self.MATRIX[name][2])
                decisions = set(permissions.decisions_visible_to(person))
                self.assertEqual(self.decision in decisions, self.MATRIX[name][4])
