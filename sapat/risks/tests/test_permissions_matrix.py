"""Issue 3's permission paragraph, role by role, through `risks.permissions` and services."""
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sapat.org.access import Action
from sapat.risks import permissions, services
from sapat.risks.models import Measure, Risk
from sapat.test import SapatTestCase

READ, UPDATE, CREATE = Action.READ, Action.UPDATE, Action.CREATE


class RiskPermissionMatrixTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.risks = {
            unit.code: Risk.objects.create(unit=unit, title=f"risk of {unit.code}",
                                           likelihood=3, consequences=3)
            for unit in (cls.dep_a1, cls.dep_a2, cls.dep_b1, cls.digital, cls.other_dep)
        }

    def outcome(self, person, code, action):
        try:
            permissions.risk_for(person, self.risks[code].pk, action)
            return "ok"
        except Http404:
            return "404"
        except PermissionDenied:
            return "403"

    # (person, unit code, action) -> expected
    MATRIX = [
        ("head", "dep-a1", UPDATE, "ok"), ("head", "dep-a1", CREATE, "ok"),
        ("head", "dep-a2", READ, "404"), ("head", "dep-b1", UPDATE, "404"),
        ("director", "dep-a1", UPDATE, "ok"), ("director", "dep-a2", UPDATE, "ok"),
        ("director", "dep-b1", READ, "404"),
        ("qms", "dep-a1", UPDATE, "ok"), ("qms", "dep-b1", UPDATE, "ok"),
        ("qms", "digital", UPDATE, "ok"), ("qms", "other-dep", READ, "404"),
        ("rector", "dep-b1", READ, "ok"), ("rector", "dep-b1", UPDATE, "403"),
        ("council", "dep-a1", READ, "ok"), ("council", "dep-a1", UPDATE, "403"),
        ("staff", "dep-a1", READ, "ok"), ("staff", "dep-a1", UPDATE, "403"),
        ("staff", "dep-a2", READ, "404"),
        ("auditor", "dep-a2", READ, "ok"), ("auditor", "dep-a2", UPDATE, "403"),
        ("service", "digital", UPDATE, "ok"), ("service", "dep-a1", READ, "404"),
        ("outsider", "dep-a1", READ, "404"),
    ]

    def test_the_matrix_of_roles_units_and_actions(self):
        failures = []
        for who, code, action, expected in self.MATRIX:
            got = self.outcome(getattr(self, who), code, action)
            if got != expected:
                failures.append(f"{who} {action} {code}: expected {expected}, got {got}")
        self.assertEqual(failures, [])

    def test_head_creates_a_risk_in_their_own_unit_only(self):
        risk = services.risk_create(by=self.head, unit=self.dep_a1, title="new",
                                    likelihood=4, consequences=5)
        self.assertEqual(risk.level, 20)
        with pytest.raises(Http404):
            services.risk_create(by=self.head, unit=self.dep_b1, title="x", likelihood=1,
                                 consequences=1)

    def test_rector_cannot_create_a_risk(self):
        with pytest.raises(PermissionDenied):
            services.risk_create(by=self.rector, unit=self.dep_a1, title="x", likelihood=1,
                                 consequences=1)

    def test_only_the_qms_office_escalates(self):
        risk = self.risks["dep-a1"]
        for who in (self.head, self.director, self.rector):
            with pytest.raises(PermissionDenied):
                services.risk_escalate(risk=risk, by=who)
        services.risk_escalate(risk=risk, by=self.qms)
        risk.refresh_from_db()
        self.assertTrue(risk.escalated)
        self.assertEqual(risk.register_number, 1)

    def test_lists_show_only_risks_in_scope(self):
        titles = set(permissions.risks_visible_to(self.director).values_list("unit__code",
                                                                               flat=True))
        self.assertEqual(titles, {"dep-a1", "dep-a2"})
        self.assertFalse(permissions.risks_visible_to(self.outsider).exists())
        self.assertEqual(permissions.risks_visible_to(self.rector).count(), 4)


class MeasurePermissionTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.risk = Risk.objects.create(unit=cls.dep_a1, title="R", likelihood=3, consequences=3)
        cls.mine = Measure.objects.create(risk=cls.risk, text="assigned to staff")
        cls.mine.responsible_people.add(cls.staff)
        cls.theirs = Measure.objects.create(risk=cls.risk, text="someone else's")

    def test_staff_update_progress_of_measures_assigned_to_them(self):
        measure = permissions.measure_for(self.staff, self.mine.pk, UPDATE)
        services.measure_complete(measure=measure, by=self.staff,
                                  expected_version=measure.version, result="done")
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.status, Measure.Status.DONE)

    def test_staff_cannot_rewrite_the_text_of_their_measure(self):
        with pytest.raises(PermissionDenied):
            services.measure_update(measure=self.mine, by=self.staff,
                                    expected_version=self.mine.version, text="changed")

    def test_staff_cannot_update_measures_of_others(self):
        with pytest.raises(PermissionDenied):
            permissions.measure_for(self.staff, self.theirs.pk, UPDATE)
        with pytest.raises(PermissionDenied):
            services.measure_complete(measure=self.theirs, by=self.staff,
                                      expected_version=self.theirs.version)

    def test_a_position_holder_is_responsible_too(self):
        from sapat.org.models import Position

        post = Position.objects.create(code="p-b", unit=self.dep_b1, name="Post",
                                       holder=self.head2)
        self.theirs.responsible_positions.add(post)
        self.assertEqual(permissions.measure_for(self.head2, self.theirs.pk, UPDATE),
                         self.theirs)

    def test_outsiders_get_404_for_measures(self):
        with pytest.raises(Http404):
            permissions.measure_for(self.outsider, self.mine.pk, READ)
        with pytest.raises(Http404):
            permissions.measure_for(self.head2, self.mine.pk, READ)
