"""Put the quality policy's approved versions into the register of documents (once, on
an installation that had the policy before the register existed; idempotent)."""
from django.core.management.base import BaseCommand

from sapat.documents.policy import _owner_for, carry_over_policy
from sapat.processes.models import QualityPolicy


class Command(BaseCommand):
    help = "Carry the quality policy's approved versions over into the document register."

    def handle(self, *args, **options):
        policy = QualityPolicy.in_force()
        if policy is None:
            self.stdout.write("No approved quality policy.")
            return
        document = carry_over_policy(owner=_owner_for(policy), by=policy.approved_by)
        self.stdout.write(f"{document.code}: {document.versions.count()} versions")
