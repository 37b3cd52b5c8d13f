"""`sapat generate`: nonconformities at every step, valid, with their history."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from sapat.improvement.models import CorrectiveAction, Nonconformity, Step
from sapat.synth.generate import nonconformities_for
from sapat.synth.scale import SCALES


class SynthTests(TestCase):
    def test_the_generated_university_has_nonconformities_along_their_steps(self):
        call_command("generate", scale="small", seed=3, stdout=StringIO(), stderr=StringIO())
        ncs = Nonconformity.objects.all()
        self.assertGreaterEqual(ncs.count(), nonconformities_for(SCALES["small"]))
        states = set(ncs.values_list("state", flat=True))
        self.assertIn(Step.CLOSED, states)
        self.assertGreaterEqual(len(states), 3)
        self.assertEqual(ncs.first().history.count(), 1)
        for nc in ncs.filter(state=Step.CLOSED)[:20]:
            self.assertTrue(hasattr(nc, "cause") and nc.risk_decision)
        self.assertTrue(CorrectiveAction.objects.filter(responsible_people__isnull=False)
                        .exists())
        self.assertTrue(all(s in Step.values for s in states))
