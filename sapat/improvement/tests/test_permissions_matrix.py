"""Who may do what with nonconformities, role by role, through `improvement.permissions`
(on `sapat.org.access`): the QMS office manages, the unit's heads run the corrective
action (Appendix 7), responsible staff complete their actions, council and rector read."""

from django.http import Http404

from sapat.improvement import permissions, services

from .base import ImprovementTestCase


class PermissionMatrixTests(ImprovementTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        nc = cls.nc
        services.record_correction(nc=nc, by=cls.head, text="x", done_by=cls.head,
                                   done_on=cls.yesterday)
        nc.refresh_from_db()
        services.decide_action(nc=nc, by=cls.head, needed=True, reason="x")
        nc.refresh_from_db()
        services.record_cause(nc=nc, by=cls.head, method="whys", category="people",
                              root_cause="x", causes=[{"text": "a", "evidence": "b"}])
        nc.refresh_from_db()
        cls.action = services.action_add(nc=nc, by=cls.head, text="a", due_date=cls.today,
                                         people=[cls.staff])
        # A nonconformity of the service (digital), run by its service head.
        cls.service_nc = services.nonconformity_create(
            by=cls.qms, unit=cls.digital, source="complaint", description="Шикаят")

    def reads(self, person, nc) -> bool:
        try:
            permissions.nonconformity_for(person, nc.pk)
            return True
        except Http404:
            return False

    # name -> (reads dep_a1's NC, runs it, completes its action, judges/closes (manages),
    #          reports in dep_a1, reads the digital NC, runs the digital NC)
    MATRIX = {
        "rector": (True, False, False, False, True, True, False),
        "qms": (True, True, True, True, True, True, True),
        "director": (True, True, True, False, True, False, False),
        "head": (True, True, True, False, True, False, False),
        "head2": (False, False, False, False, False, False, False),
        "service": (False, False, False, False, False, True, True),
        "council": (True, False, False, False, True, True, False),
        "auditor": (True, False, False, False, True, False, False),
        "staff": (True, False, True, False, True, False, False),
        "outsider": (False, False, False, False, False, False, False),
    }

    def test_the_matrix(self):
        nc = self.fresh()
        action = self.action
        action.nonconformity = nc
        for name, expected in self.MATRIX.items():
            person = getattr(self, name)
            with self.subTest(person=name):
                got = (
                    self.reads(person, nc),
                    permissions.may_run(person, nc),
                    permissions.may_complete(person, action),
                    permissions.may_manage(person),
                    permissions.may_report(person, self.dep_a1),
                    self.reads(person, self.service_nc),
                    permissions.may_run(person, self.service_nc),
                )
                self.assertEqual(got, expected)

    def test_a_responsible_person_outside_the_unit_reads_and_completes(self):
        services.action_add(nc=self.fresh(), by=self.head, text="b", due_date=self.today,
                            people=[self.head2])
        self.assertTrue(self.reads(self.head2, self.nc))
        action = self.fresh().actions.get(text="b")
        self.assertTrue(permissions.may_complete(self.head2, action))
        self.assertFalse(permissions.may_run(self.head2, self.fresh()))
