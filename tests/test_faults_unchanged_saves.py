"""A save that changes nothing writes nothing: no new version, no history row, no
re-assessment — through the API (PATCH) and through the edit forms."""
from urllib.parse import urlencode

from django.urls import reverse

from sapat.api.tests.base import ApiTestCase
from sapat.risks import services
from sapat.risks.models import Risk

from .faults import form_fields


class UnchangedSaveTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        from sapat.processes.tests.factories import make_process
        from sapat.risks.models import RiskCategory

        # The risk form requires a process and a category: the risk has both, as saved.
        self.risk = services.risk_create(
            by=self.head, unit=self.dep_a1, title="Бир тобокелдик", likelihood=3,
            consequences=4, cause="Себеби", people=[self.staff],
            process=make_process(self.university), category=RiskCategory.objects.first())
        self.opportunity = services.opportunity_create(by=self.head, unit=self.dep_a1,
                                                       title="Мүмкүнчүлүк")
        self.measure = services.measure_create(by=self.head, risk=self.risk, text="Чара")

    def trail(self, record):
        """What a save leaves behind: the version, the history rows, the assessments."""
        record = type(record)._base_manager.get(pk=record.pk)
        assessments = record.assessments.count() if isinstance(record, Risk) else None
        return record.version, record.history.count(), assessments

    def test_a_patch_that_changes_nothing_makes_no_version_and_no_history(self):
        self.as_token(self.head)
        cases = [
            ("risks", self.risk, {"title": "Бир тобокелдик", "likelihood": 3,
                                  "cause": "Себеби", "responsible_people": [self.staff.username]}),
            ("risks", self.risk, {}),
            ("opportunities", self.opportunity, {"title": "Мүмкүнчүлүк"}),
            ("measures", self.measure, {"text": "Чара"}),
        ]
        for kind, record, body in cases:
            with self.subTest(kind, body=body):
                before = self.trail(record)
                answer = self.client.patch(f"/api/v1/{kind}/{record.pk}/",
                                           {**body, "version": before[0]}, format="json")
                self.assertEqual(answer.status_code, 200, answer.content[:300])
                self.assertEqual(answer.json()["version"], before[0])
                self.assertEqual(self.trail(record), before)

    def test_a_patch_that_changes_something_still_makes_one_version(self):
        self.as_token(self.head)
        before = self.trail(self.risk)
        answer = self.client.patch(f"/api/v1/risks/{self.risk.pk}/",
                                   {"title": "Башкача", "version": before[0]}, format="json")
        self.assertEqual(answer.status_code, 200, answer.content[:300])
        self.assertEqual(self.trail(self.risk), (before[0] + 1, before[1] + 1, before[2]))

    def test_a_form_saved_as_it_was_loaded_makes_no_version_and_no_history(self):
        self.login(self.head)
        url = reverse("risks:risk_edit", args=[self.risk.pk])
        page = self.client.get(url).content.decode()
        fields = form_fields(page, "risk-form")
        self.assertIn(("title", "Бир тобокелдик"), fields)
        before = self.trail(self.risk)
        answer = self.client.post(url, urlencode(fields),
                                  content_type="application/x-www-form-urlencoded")
        self.assertEqual(answer.status_code, 302, answer.content[:500])
        self.assertEqual(self.trail(self.risk), before)

    def test_a_change_of_the_lists_alone_still_moves_the_version(self):
        """Responsible people, a scale's levels: rows hanging on the record are the record."""
        from sapat.risks.models import RiskScale

        self.as_token(self.head)
        version = self.trail(self.risk)[0]
        answer = self.client.patch(f"/api/v1/risks/{self.risk.pk}/", {
            "version": version, "responsible_people": [self.head.username],
        }, format="json")
        self.assertEqual(answer.status_code, 200, answer.content[:300])
        self.assertEqual(self.trail(self.risk)[0], version + 1)
        self.assertEqual(list(self.risk.responsible_people.all()), [self.head])

        self.as_token(self.qms)
        scale = RiskScale.active()
        level = scale.levels.order_by("axis", "score").first()
        answer = self.client.patch(f"/api/v1/scales/{scale.pk}/", {
            "version": scale.version,
            "levels": [{"axis": level.axis, "score": level.score, "description": "Жаңы"}],
        }, format="json")
        self.assertEqual(answer.status_code, 200, answer.content[:300])
        self.assertEqual(RiskScale.objects.get(pk=scale.pk).version, scale.version + 1)
