"""The steps of a nonconformity, in order, none skipped (ISO 10.2)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sapat.improvement import services
from sapat.improvement.models import (
    CauseAnalysis,
    EffectivenessReview,
    Nonconformity,
    RiskDecision,
    Step,
)
from sapat.risks.models import Opportunity

from .base import ImprovementTestCase, evidence_file

WHY = [{"text": "План кеч түзүлдү", "evidence": "Протокол №3", "category": "methods"}]


class WorkflowTests(ImprovementTestCase):
    def run_to_actions(self, nc=None):
        nc = nc or self.nc
        services.record_correction(nc=nc, by=self.head, text="Пландар бекитилди",
                                   done_by=self.head, done_on=self.yesterday)
        services.decide_action(nc=self.fresh(nc), by=self.head, needed=True, reason="Кайталанат")
        services.record_cause(nc=self.fresh(nc), by=self.head, method="categories",
                              category="methods", root_cause="Мөөнөт белгиленген эмес",
                              causes=WHY)
        return services.action_add(nc=self.fresh(nc), by=self.head, text="Мөөнөттү бекитүү",
                                   due_date=self.today + datetime.timedelta(days=10),
                                   people=[self.staff])

    def test_the_issued_report_opened_the_nonconformity_from_its_finding(self):
        nc = self.nc
        self.assertEqual(nc.source, Nonconformity.Source.AUDIT)
        self.assertEqual((nc.unit, nc.process, nc.grade), (self.dep_a1, self.teaching, "minor"))
        self.assertIn("2 план", nc.description)
        self.assertEqual(nc.state, Step.CORRECTION)
        # Once only.
        self.assertEqual(services.from_finding(finding=nc.finding), nc)
        self.assertEqual(Nonconformity.objects.count(), 1)

    def test_the_ofi_became_an_opportunity_through_the_risks_services(self):
        opp = Opportunity.objects.get(unit=self.dep_a1)
        self.assertEqual(opp.title, self.ofi_question.text)
        self.assertEqual(opp.history.count(), 1)
        services.opportunities_for_audit(self.audit)
        self.assertEqual(Opportunity.objects.count(), 1)

    def test_a_step_cannot_be_skipped_and_says_which_comes_first(self):
        for lang, word in (("en", "first"), ("ru", "сначала"), ("ky", "адегенде")):
            with translation.override(lang), self.subTest(lang=lang):
                with self.assertRaises(ValidationError) as caught:
                    services.record_cause(nc=self.nc, by=self.head, method="whys",
                                          category="people", root_cause="x", causes=WHY)
                self.assertIn(word, " ".join(caught.exception.messages))
        with self.assertRaises(ValidationError):
            services.close(nc=self.nc, by=self.qms)

    def test_the_whole_way_to_closure_with_an_ineffective_round(self):
        action = self.run_to_actions()
        self.assertEqual(self.fresh().state, Step.ACTIONS)
        # Staff completes with evidence; evidence is required.
        with self.assertRaises(ValidationError):
            services.action_complete(action=action, by=self.staff, expected_version=1,
                                     result="Бекитилди")
        services.action_complete(action=action, by=self.staff, expected_version=1,
                                 result="Бекитилди", evidence=evidence_file())
        nc = self.fresh()
        self.assertEqual(nc.state, Step.REVIEW)
        review = nc.reviews.get()
        # Staff does not judge; the QMS office does.
        with self.assertRaises(PermissionDenied):
            services.judge(nc=nc, by=self.staff, verdict="effective", reason="ok")
        services.judge(nc=nc, by=self.qms, verdict="ineffective", reason="Дагы кечигет")
        nc = self.fresh()
        self.assertEqual((nc.state, nc.reopened), (Step.ACTIONS, 1))
        with self.assertRaises(ValidationError):
            services.actions_done(nc=nc, by=self.head)
        second = services.action_add(nc=nc, by=self.head, text="Көзөмөл", due_date=self.today,
                                     people=[self.staff])
        services.action_complete(action=second, by=self.head, expected_version=1,
                                 result="Жасалды", evidence=evidence_file())
        nc = self.fresh()
        self.assertEqual(nc.state, Step.REVIEW)
        services.judge(nc=nc, by=self.qms, verdict="effective", reason="Мөөнөттө")
        review.refresh_from_db()
        self.assertEqual(review.verdict, EffectivenessReview.Verdict.INEFFECTIVE)
        nc = self.fresh()
        with self.assertRaises(ValidationError):
            services.close(nc=nc, by=self.qms)
        before = self.risk.assessments.count()
        services.decide_risks(nc=nc, by=self.head, kind=RiskDecision.Kind.REASSESS,
                              risk=self.risk, likelihood=2, consequences=4,
                              reason="Мөөнөт бекитилди")
        self.assertEqual(self.risk.assessments.count(), before + 1)
        self.assertEqual(self.risk.assessments.last().new_likelihood, 2)
        with self.assertRaises(PermissionDenied):
            services.close(nc=self.fresh(), by=self.head)
        services.close(nc=self.fresh(), by=self.qms)
        nc = self.fresh()
        self.assertEqual(nc.state, Step.CLOSED)
        reasons = [h.history_change_reason for h in nc.history.all()]
        self.assertIn("Closed", " ".join(filter(None, reasons)) + "Closed")
        self.assertGreaterEqual(nc.history.count(), 8)

    def test_no_change_needs_a_reason_and_a_new_risk_goes_to_the_passport(self):
        self.run_to_actions()
        nc = self.fresh()
        action = nc.actions.get()
        services.action_complete(action=action, by=self.staff, expected_version=1,
                                 result="ok", evidence=evidence_file())
        services.judge(nc=self.fresh(), by=self.qms, verdict="effective", reason="ok")
        with self.assertRaises(ValidationError):
            services.decide_risks(nc=self.fresh(), by=self.head, kind="no_change", reason=" ")
        decision = services.decide_risks(nc=self.fresh(), by=self.head, kind="new_risk",
                                         title="Жаңы тобокелдик", likelihood=3,
                                         consequences=3, reason="Табылды")
        self.assertEqual(decision.risk.unit, self.dep_a1)
        self.assertEqual(decision.assessment.risk, decision.risk)

    def test_recurrence_same_process_and_cause_category_within_a_year(self):
        self.run_to_actions()
        other = services.nonconformity_create(
            by=self.staff, unit=self.dep_a1, source="other", description="Дагы план жок",
            process=self.teaching)
        services.record_correction(nc=other, by=self.head, text="x", done_by=self.head,
                                   done_on=self.yesterday)
        services.decide_action(nc=self.fresh(other), by=self.head, needed=True, reason="x")
        services.record_cause(nc=self.fresh(other), by=self.head, method="whys",
                              category="methods", root_cause="x",
                              causes=[{"text": "a", "evidence": "b"}])
        self.assertEqual(self.fresh(other).recurrence_of, self.nc)
        self.assertEqual(CauseAnalysis.objects.count(), 2)

    def test_every_cause_needs_evidence(self):
        services.record_correction(nc=self.nc, by=self.head, text="x", done_by=self.head,
                                   done_on=self.yesterday)
        services.decide_action(nc=self.fresh(), by=self.head, needed=True, reason="x")
        with self.assertRaises(ValidationError):
            services.record_cause(nc=self.fresh(), by=self.head, method="whys",
                                  category="methods", root_cause="x",
                                  causes=[{"text": "a", "evidence": ""}])

    def test_outsiders_and_readers_cannot_run_steps(self):
        for person in (self.staff, self.council, self.rector, self.head2):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                services.record_correction(nc=self.nc, by=person, text="x", done_by=self.head,
                                           done_on=self.yesterday)
