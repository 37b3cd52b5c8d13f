"""The demo holds nonconformities at each step, one reopened, all through the services."""

from django.test import TestCase

from sapat.demo.loader import load_demo
from sapat.improvement.models import Nonconformity, Step
from sapat.risks.models import Opportunity


class DemoTests(TestCase):
    def test_every_step_is_in_the_demo_and_a_second_load_writes_nothing(self):
        load_demo(with_people=True)
        states = set(Nonconformity.objects.values_list("state", flat=True))
        self.assertEqual(states, set(Step.values) - {Step.CLOSURE})
        audit = Nonconformity.objects.filter(source="audit")
        self.assertEqual(sorted(audit.values_list("grade", flat=True)), ["major", "minor"])
        self.assertTrue(audit.get(grade="minor").state == Step.CORRECTION)
        reopened = Nonconformity.objects.get(reopened=1)
        self.assertEqual(reopened.state, Step.ACTIONS)
        self.assertTrue(reopened.actions.overdue().exists())
        self.assertTrue(all(nc.description_ru for nc in Nonconformity.objects.exclude(
            source="audit")))
        # The closed audit's opportunity for improvement is an opportunity now.
        self.assertTrue(Opportunity.objects.filter(finding_link__isnull=False)
                        .exists())
        count = Nonconformity.objects.count()
        load_demo(with_people=True)
        self.assertEqual(Nonconformity.objects.count(), count)
