"""The main pages cost the same number of queries on the small university and on one
twice its size (more units, people, KPIs, risks and measures)."""
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sapat.org.models import Person
from sapat.synth.generate import generate
from sapat.synth.scale import DEFAULT_TODAY, SCALES


class _Undo(Exception):
    pass


class QueryCountTests(TestCase):
    def pages(self) -> list[tuple[str, str, str]]:
        from sapat.audits.models import Audit, AuditProgramme

        unit = Person.objects.get(username="bench-head").unit
        programme = AuditProgramme.objects.order_by("-year__start").first()
        audit = Audit.objects.filter(state=Audit.State.CLOSED).order_by("pk").first()
        return [
            ("bench-qms", "audit programmes", reverse("audits:programmes")),
            ("bench-qms", "audit programme", reverse("audits:programme", args=[programme.pk])),
            ("bench-qms", "audit calendar", reverse("audits:calendar", args=[programme.pk])),
            ("bench-qms", "audit priorities", reverse("audits:priorities", args=[programme.pk])),
            ("bench-qms", "audit", reverse("audits:audit", args=[audit.pk])),
            ("bench-rector", "audit", reverse("audits:audit", args=[audit.pk])),
            ("bench-rector", "home", reverse("home")),
            ("bench-qms", "home", reverse("home")),
            ("bench-director", "home", reverse("home")),
            ("bench-head", "home", reverse("home")),
            ("bench-staff", "home", reverse("home")),
            ("bench-head", "passport", reverse("risks:passport", args=[unit.code])),
            ("bench-qms", "consolidated", reverse("risks:consolidated")),
            ("bench-qms", "register", reverse("risks:register")),
            ("bench-qms", "integrated", reverse("dashboards:integrated")),
            ("bench-qms", "heatmap", reverse("risks:heatmap")),
        ]

    def count(self, username: str, url: str) -> int:
        self.client.force_login(Person.objects.get(username=username))
        self.client.get(url)  # warm up: session, translations
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)

    def counts_at(self, scale) -> dict[str, int]:
        # Each size in its own transaction, undone afterwards: both start from an empty
        # database.
        counts = {}
        try:
            with transaction.atomic():
                generate(scale=scale, seed=2, today=DEFAULT_TODAY, password="bench")
                for username, name, url in self.pages():
                    counts[f"{username} {name}"] = self.count(username, url)
                raise _Undo
        except _Undo:
            pass
        return counts

    def test_main_pages_do_not_grow_with_the_data(self):
        small = self.counts_at(SCALES["small"])
        bigger = self.counts_at(SCALES["small"].times(2))
        self.assertEqual(small, bigger)
        print("queries per page (small = twice small):", small)
