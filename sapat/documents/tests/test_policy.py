"""The quality policy becomes a controlled document, its history carried over."""
import datetime

from django.urls import reverse

from sapat.documents.models import Document
from sapat.documents.policy import POLICY_CODE, carry_over_policy
from sapat.processes.models import PolicyAcknowledgement, QualityPolicy
from sapat.test import SapatTestCase


class PolicyCarryOverTests(SapatTestCase):
    def test_versions_and_acknowledgements_are_carried_over_once(self):
        p1 = QualityPolicy.objects.create(version=1, text="Биринчи саясат", unit=self.university,
                                          approved_by=self.rector,
                                          approved_on=datetime.date(2025, 8, 29))
        PolicyAcknowledgement.objects.create(policy=p1, person=self.staff)
        document = carry_over_policy(owner=self.apd, by=self.qms)
        self.assertEqual(document.code, POLICY_CODE)
        v1 = document.versions.get()
        self.assertEqual((v1.state, v1.in_force_from), ("in_force", datetime.date(2025, 8, 29)))
        self.assertTrue(v1.acknowledgements.filter(person=self.staff).exists())
        self.assertIn("Биринчи саясат", v1.files.get().text)
        QualityPolicy.objects.create(version=2, text="Экинчи саясат", unit=self.university,
                                     approved_by=self.rector,
                                     approved_on=datetime.date(2026, 9, 1))
        carry_over_policy(owner=self.apd, by=self.qms)
        carry_over_policy(owner=self.apd, by=self.qms)  # idempotent
        states = dict(document.versions.values_list("number", "state"))
        self.assertEqual(states, {1: "superseded", 2: "in_force"})
        self.assertEqual(Document.objects.filter(code=POLICY_CODE).count(), 1)

    def test_a_process_card_cited_is_listed_where_used(self):
        from sapat.processes.models import Process

        process = Process.objects.create(code="teaching", name="Окутуу", unit=self.university)
        document = Document.objects.create(code="X-1", title="Х", doc_type="form",
                                           owner_unit=self.dep_a1)
        self.login(self.head)
        self.client.post(reverse("documents:cite", args=[document.pk]),
                         {"process": process.pk, "note": "карта"})
        page = self.client.get(document.get_absolute_url())
        self.assertContains(page, "Окутуу")
        self.assertContains(page, process.get_absolute_url())


class PolicyReadOnceTests(SapatTestCase):
    def test_reading_the_policy_in_either_place_records_both(self):
        from sapat.documents import services
        from sapat.inbox import registry as inbox

        p1 = QualityPolicy.objects.create(version=1, text="Саясат", unit=self.university,
                                          approved_by=self.rector,
                                          approved_on=datetime.date(2025, 8, 29))
        document = carry_over_policy(owner=self.apd, by=self.qms)
        document.audience_units.set([self.university])
        version = document.versions.get()
        titles = [i.title for i in inbox.items_for(self.staff)]
        self.assertFalse([t for t in titles if POLICY_CODE in t], titles)
        PolicyAcknowledgement.objects.create(policy=p1, person=self.staff)
        self.assertTrue(version.acknowledgements.filter(person=self.staff).exists())
        services.acknowledge(version, self.head)
        self.assertTrue(PolicyAcknowledgement.objects.filter(policy=p1,
                                                             person=self.head).exists())
