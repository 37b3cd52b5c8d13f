"""Jobs are run by a real worker loop (`sapat worker --batch`) on committed data: the
job's heartbeat writes on its own connection, which must see the job's row, so these
tests commit (TransactionTestCase) as a deployment does."""
from django.core.management import call_command
from django.test import TransactionTestCase

from sapat.reports.tests.factories import category, make_risk
from sapat.test import SapatTestCase


class JobsTestCase(TransactionTestCase):
    person = SapatTestCase.__dict__["person"]
    login = SapatTestCase.login

    def setUp(self):
        SapatTestCase.setUpTestData.__func__(type(self))
        self.academic = category("academic")
        self.risks = [
            make_risk(self.dep_a1 if i % 2 else self.dep_b1, f"Тобокелдик №{i}", 1 + i % 5,
                      1 + (i * 3) % 5, measures=[f"Чара {i}"], cat=self.academic,
                      escalated_number=i if i % 3 == 0 else None)
            for i in range(1, 13)
        ]

    def run_worker(self):
        """Run every job waiting now, as `sapat worker` does, then return."""
        call_command("worker", "--batch", "--nice", "0", "--interval", "0")
