"""Risk workflows: assessments kept, stale saves refused, archive keeps counts right."""
import pytest
from django.core.exceptions import ValidationError

from sapat.lib.locking import StaleRecord
from sapat.risks import services
from sapat.risks.models import Assessment, Measure, Risk
from sapat.test import SapatTestCase


class RiskServiceTests(SapatTestCase):
    def setUp(self):
        self.risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Risk",
                                         likelihood=3, consequences=3,
                                         responsible_text="Кафедра башчысы")

    def test_creating_a_risk_records_its_first_assessment_and_author(self):
        self.assertEqual(self.risk.assessments.count(), 1)
        self.assertEqual(self.risk.created_by, self.head)
        self.assertEqual(self.risk.history.first().history_user, self.head)

    def test_reassessment_keeps_who_when_old_new_and_reason(self):
        a = services.risk_reassess(risk=self.risk, by=self.head, expected_version=1,
                                   likelihood=4, consequences=5, residual_likelihood=2,
                                   residual_consequences=3, reason="New standard")
        self.assertEqual((a.old_level, a.new_level, a.new_residual_level), (9, 20, 6))
        self.assertEqual(a.by, self.head)
        self.assertEqual(Assessment.objects.filter(risk=self.risk).count(), 2)

    def test_reassessment_needs_a_reason(self):
        with pytest.raises(ValidationError):
            services.risk_reassess(risk=self.risk, by=self.head, expected_version=1,
                                   likelihood=4, consequences=5, reason=" ")

    def test_residual_above_inherent_is_refused_and_nothing_is_saved(self):
        with pytest.raises(ValidationError):
            services.risk_update(risk=self.risk, by=self.head, expected_version=1,
                                 residual_score=12)
        self.risk.refresh_from_db()
        self.assertIsNone(self.risk.residual_score)
        self.assertEqual(self.risk.assessments.count(), 1)

    def test_a_second_editor_with_an_old_version_is_refused(self):
        first = Risk.objects.get(pk=self.risk.pk)
        second = Risk.objects.get(pk=self.risk.pk)
        services.risk_update(risk=first, by=self.head, expected_version=1, title="Mine")
        with pytest.raises(StaleRecord):
            services.risk_update(risk=second, by=self.director, expected_version=1,
                                 title="Theirs")
        self.assertEqual(Risk.objects.get(pk=self.risk.pk).title, "Mine")

    def test_an_update_of_scores_is_kept_as_a_reassessment(self):
        services.risk_update(risk=self.risk, by=self.head, expected_version=1, likelihood=2)
        self.assertEqual(self.risk.assessments.count(), 2)
        services.risk_update(risk=self.risk, by=self.head, expected_version=2, title="t")
        self.assertEqual(self.risk.assessments.count(), 2)

    def test_archiving_hides_the_risk_and_its_measures_but_keeps_history(self):
        measure = services.measure_create(by=self.head, risk=self.risk, text="m")
        services.risk_escalate(risk=self.risk, by=self.qms)
        services.risk_archive(risk=self.risk, by=self.head)
        self.assertFalse(Risk.objects.live().filter(pk=self.risk.pk).exists())
        self.assertFalse(Measure.objects.live().filter(pk=measure.pk).exists())
        self.assertFalse(Risk.objects.live().escalated().exists())
        self.assertTrue(Risk.objects.filter(pk=self.risk.pk).exists())
        self.assertGreaterEqual(self.risk.history.count(), 2)

    def test_escalation_numbers_follow_on_and_refuse_duplicates(self):
        other = services.risk_create(by=self.head, unit=self.dep_a1, title="Other",
                                     likelihood=2, consequences=2)
        services.risk_escalate(risk=self.risk, by=self.qms)
        with pytest.raises(ValidationError):
            services.risk_escalate(risk=other, by=self.qms, number=1)
        services.risk_escalate(risk=other, by=self.qms)
        other.refresh_from_db()
        self.assertEqual(other.register_number, 2)
        services.risk_deescalate(risk=other, by=self.qms)
        other.refresh_from_db()
        self.assertFalse(other.escalated)

    def test_adding_a_measure_moves_the_risk_into_treatment(self):
        services.measure_create(by=self.head, risk=self.risk, text="m")
        self.risk.refresh_from_db()
        self.assertEqual(self.risk.status, Risk.Status.TREATING)

    def test_a_measure_needs_exactly_one_owner(self):
        with pytest.raises(ValidationError):
            services.measure_create(by=self.head, text="m")


class OpportunityServiceTests(SapatTestCase):
    def test_opportunity_gets_its_completion_mark_and_result(self):
        opp = services.opportunity_create(by=self.head, unit=self.dep_a1, title="Dual")
        services.opportunity_set_mark(opportunity=opp, by=self.head, status="completed",
                                      result="positive")
        opp.refresh_from_db()
        self.assertEqual((opp.status, opp.result), ("completed", "positive"))
