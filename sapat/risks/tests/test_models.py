"""Risk, measure and opportunity rules that live on the models."""
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sapat.risks import scoring
from sapat.risks.models import Measure, Risk, RiskBand, RiskCategory, RiskScale
from sapat.test import SapatTestCase


class RiskModelTests(SapatTestCase):
    def make(self, **kw):
        values = {"unit": self.dep_a1, "title": "Risk", "likelihood": 4, "consequences": 5}
        values.update(kw)
        return Risk(**values)

    def test_the_default_scale_and_eight_categories_exist_after_migrate(self):
        scale = RiskScale.active()
        self.assertEqual(scale.levels.count(), 10)
        self.assertEqual([b.code for b in scale.bands.all()], ["low", "medium", "high"])
        self.assertEqual(RiskCategory.objects.count(), 8)

    def test_level_and_band_are_computed_from_l_and_c(self):
        risk = self.make()
        self.assertEqual(risk.level, 20)
        self.assertEqual(risk.band.code, "high")

    def test_residual_above_inherent_is_refused_with_a_clear_message(self):
        risk = self.make(likelihood=2, consequences=2, residual_likelihood=3,
                         residual_consequences=3)
        with self.assertRaises(ValidationError) as caught:
            risk.full_clean()
        self.assertIn("residual_likelihood", caught.exception.message_dict)
        risk = self.make(likelihood=3, consequences=3, residual_score=10)
        with self.assertRaises(ValidationError) as caught:
            risk.full_clean()
        self.assertIn("residual_score", caught.exception.message_dict)

    def test_residual_as_a_level_alone_is_accepted_and_banded(self):
        risk = self.make(residual_score=10)
        risk.full_clean()
        self.assertEqual(risk.residual.text.split(" — ")[0], "10")
        self.assertEqual(risk.residual_band.code, "medium")

    def test_residual_needs_both_l_and_c_or_neither(self):
        with self.assertRaises(ValidationError):
            self.make(residual_likelihood=2).full_clean()

    def test_scores_outside_one_to_five_are_refused(self):
        with self.assertRaises(ValidationError):
            self.make(likelihood=6).full_clean()

    def test_with_scoring_annotates_levels_and_loads_bands_once(self):
        for i in range(5):
            self.make(title=f"r{i}", likelihood=i + 1, consequences=2).save()
        with self.assertNumQueries(2):
            risks = list(Risk.objects.with_scoring())
            self.assertEqual([r.band.code for r in risks][:3], ["low", "low", "medium"])
        self.assertEqual(getattr(risks[4], scoring.LEVEL), 10)

    def test_a_change_of_bands_rebands_every_risk(self):
        self.make().save()
        RiskBand.objects.filter(code="high").update(min_level=21)
        RiskBand.objects.filter(code="medium").update(max_level=20)
        self.assertEqual(Risk.objects.with_scoring().get().band.code, "medium")


class MeasureModelTests(SapatTestCase):
    def setUp(self):
        self.risk = Risk.objects.create(unit=self.dep_a1, title="R", likelihood=3,
                                        consequences=3)

    def test_a_measure_belongs_to_exactly_one_owner(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Measure.objects.create(text="orphan")

    def test_overdue_is_computed_from_due_date_and_status(self):
        today = timezone.localdate()
        late = Measure.objects.create(risk=self.risk, text="late",
                                      due_date=today - datetime.timedelta(days=1))
        soon = Measure.objects.create(risk=self.risk, text="soon",
                                      due_date=today + datetime.timedelta(days=3))
        done = Measure.objects.create(risk=self.risk, text="done", status="done",
                                      completed_on=today,
                                      due_date=today - datetime.timedelta(days=9))
        self.assertTrue(late.is_overdue)
        self.assertFalse(soon.is_overdue)
        self.assertFalse(done.is_overdue)
        self.assertEqual(list(Measure.objects.overdue()), [late])
        self.assertEqual(list(Measure.objects.due_within(14)), [soon])

    def test_assigned_to_finds_direct_and_position_responsibility(self):
        from sapat.org.models import Position

        post = Position.objects.create(code="p", unit=self.dep_a1, name="Post",
                                       holder=self.staff)
        direct = Measure.objects.create(risk=self.risk, text="direct")
        direct.responsible_people.add(self.staff)
        via_post = Measure.objects.create(risk=self.risk, text="post")
        via_post.responsible_positions.add(post)
        Measure.objects.create(risk=self.risk, text="other")
        self.assertEqual(set(Measure.objects.assigned_to(self.staff)), {direct, via_post})


class ResidualRulePropertyTests(SapatTestCase):
    """Every inherent L, C against every residual L, C and every level-only residual."""

    def test_residual_is_accepted_exactly_when_not_above_inherent(self):
        from hypothesis import given, settings
        from hypothesis import strategies as st

        scores = st.integers(1, 5)

        @settings(max_examples=200, deadline=None)
        @given(scores, scores, scores, scores, st.integers(1, 25))
        def check(lik, con, rl, rc, level_only):
            for residual in ({"residual_likelihood": rl, "residual_consequences": rc},
                             {"residual_score": level_only}):
                risk = Risk(unit=self.dep_a1, title="r", likelihood=lik, consequences=con,
                            **residual)
                value = rl * rc if "residual_likelihood" in residual else level_only
                try:
                    risk.full_clean()
                    accepted = True
                except ValidationError:
                    accepted = False
                assert accepted == (value <= lik * con), (lik, con, residual)

        check()
