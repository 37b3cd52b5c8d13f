"""Forms that go back to `next` go back only to Sapat's own pages, never to another site."""
import datetime

from django.urls import reverse
from django.utils import timezone

from sapat.processes.models import QualityPolicy
from sapat.risks import services
from sapat.test import SapatTestCase

ELSEWHERE = ("https://evil.example/login/", "//evil.example/", "javascript:alert(1)",
             "/\\evil.example/")


class OpenRedirectTests(SapatTestCase):
    def setUp(self):
        self.risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Risk A",
                                         likelihood=3, consequences=4)
        self.measure = services.measure_create(
            by=self.head, risk=self.risk, text="Inspect the labs",
            due_date=timezone.localdate() + datetime.timedelta(days=3), people=[self.staff])
        self.risk_url = reverse("risks:risk_detail", args=[self.risk.pk])

    def post_status(self, next_url):
        self.measure.refresh_from_db()
        return self.client.post(reverse("risks:measure_status", args=[self.measure.pk]), {
            "version": self.measure.version, "status": "in_progress", "next": next_url,
        })

    def test_a_measure_status_change_goes_back_only_to_sapat(self):
        self.login(self.head)
        for target in ELSEWHERE:
            with self.subTest(next=target):
                self.assertRedirects(self.post_status(target), self.risk_url,
                                     fetch_redirect_response=False)
        self.assertRedirects(self.post_status("/risks/my-measures/"), "/risks/my-measures/",
                             fetch_redirect_response=False)

    def test_completing_a_measure_goes_back_only_to_sapat(self):
        self.login(self.head)
        response = self.client.post(reverse("risks:measure_complete", args=[self.measure.pk]), {
            "completed_on": timezone.localdate().isoformat(), "result": "Done",
            "version": self.measure.version, "next": "https://evil.example/",
        })
        self.assertRedirects(response, self.risk_url, fetch_redirect_response=False)

    def test_acknowledging_the_policy_goes_back_only_to_sapat(self):
        policy = QualityPolicy.objects.create(version=1, text="Policy", unit=self.university,
                                              approved_on=datetime.date(2025, 8, 29))
        self.login(self.staff)
        url = reverse("processes:policy_acknowledge", args=[policy.pk])
        response = self.client.post(url, {"next": "//evil.example/"})
        self.assertRedirects(response, reverse("processes:policy"),
                             fetch_redirect_response=False)
