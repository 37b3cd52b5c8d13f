"""Risk create/edit/page, re-assessment, escalation buttons and archive."""
from django.urls import reverse

from sapat.risks import services
from sapat.risks.models import Risk, RiskCategory
from sapat.test import SapatTestCase


class RiskScreenTests(SapatTestCase):
    def setUp(self):
        from sapat.processes.tests.factories import make_process

        self.process = make_process(self.university)
        self.category = RiskCategory.objects.order_by("pk").first()
        self.where = {"process": self.process.pk, "category": self.category.pk}
        self.risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Risk A",
                                         likelihood=3, consequences=4, process=self.process,
                                         category=self.category)
        self.page = reverse("risks:risk_detail", args=[self.risk.pk])

    def test_risk_page_three_steps(self):
        self.assertEqual(self.client.get(self.page).status_code, 302)
        self.login(self.head2)
        self.assertEqual(self.client.get(self.page).status_code, 404)
        self.login(self.staff)
        response = self.client.get(self.page)
        self.assertContains(response, "Risk A")
        self.assertContains(response, 'data-testid="trend"')
        self.assertNotContains(response, 'data-testid="add-measure"')
        self.assertNotContains(response, 'data-testid="escalate"')

    def test_head_creates_a_risk_from_the_form(self):
        self.login(self.head)
        url = reverse("risks:risk_create", args=[self.dep_a1.code])
        self.assertContains(self.client.get(url), 'id="score-preview"')
        response = self.client.post(url, {"title": "New one", "likelihood": 4,
                                           "consequences": 5, **self.where})
        risk = Risk.objects.get(title="New one")
        self.assertRedirects(response, reverse("risks:risk_detail", args=[risk.pk]))
        self.assertEqual(risk.created_by, self.head)
        self.assertContains(self.client.get(response["Location"]), "20 — жогору")

    def test_nothing_is_preselected_and_the_preview_says_what_is_missing(self):
        self.login(self.head)
        self.client.cookies["sapat_language"] = "en"
        form = self.client.get(reverse("risks:risk_create", args=[self.dep_a1.code]))
        html = form.content.decode()
        for name in ("likelihood", "consequences"):
            select = html[html.index(f'name="{name}"'):]
            select = select[:select.index("</select>")]
            self.assertIn('<option value="" selected>', select, name)
            self.assertEqual(select.count("selected"), 1, name)
        self.assertContains(form, "choose the likelihood and the consequences")
        for legend in ("What the risk is", "How big it is", "Who acts, and when",
                       "Residual risk (after the measures)"):
            self.assertContains(form, f"<legend>{legend}</legend>")
        preview = reverse("risks:score_preview")
        self.assertContains(self.client.get(preview, {"likelihood": 4, "consequences": ""}),
                            "choose the consequences")
        self.assertContains(self.client.get(preview, {"likelihood": "", "consequences": 2}),
                            "choose the likelihood<")
        self.assertContains(self.client.get(preview, {"likelihood": 4, "consequences": 5}),
                            "20 — ")

    def test_likelihood_consequences_process_and_category_are_required(self):
        self.login(self.head)
        response = self.client.post(reverse("risks:risk_create", args=[self.dep_a1.code]),
                                    {"title": "Unplaced"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["form"].errors),
                         {"likelihood", "consequences", "process", "category"})
        self.assertFalse(Risk.objects.filter(title="Unplaced").exists())

    def test_create_refuses_residual_above_inherent_with_a_message(self):
        self.login(self.head)
        response = self.client.post(reverse("risks:risk_create", args=[self.dep_a1.code]), {
            "title": "Bad", "likelihood": 2, "consequences": 2, "residual_score": 9,
            **self.where}, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "has-error")
        self.assertFalse(Risk.objects.filter(title="Bad").exists())

    def test_rector_cannot_open_the_create_form(self):
        self.login(self.rector)
        url = reverse("risks:risk_create", args=[self.dep_a1.code])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_stale_edit_shows_what_changed(self):
        self.login(self.head)
        url = reverse("risks:risk_edit", args=[self.risk.pk])
        services.risk_update(risk=self.risk, by=self.director, expected_version=1,
                             title="Director's title")
        response = self.client.post(url, {"title": "Mine", "likelihood": 3,
                                          "consequences": 4, "version": 1, **self.where})
        self.assertContains(response, 'data-testid="stale-changes"')
        self.assertContains(response, "Director&#x27;s title")
        self.assertEqual(Risk.objects.get(pk=self.risk.pk).title, "Director's title")

    def test_reassessment_is_kept_and_shown(self):
        self.login(self.head)
        response = self.client.post(reverse("risks:risk_reassess", args=[self.risk.pk]), {
            "likelihood": 2, "consequences": 2, "residual_score": 2, "reason": "Audit done",
            "version": self.risk.version,
        })
        self.assertRedirects(response, self.page)
        page = self.client.get(self.page)
        self.assertContains(page, "Audit done")
        self.assertEqual(self.risk.assessments.count(), 2)

    def test_qms_escalates_and_sees_the_register_number(self):
        self.login(self.qms)
        self.assertContains(self.client.get(self.page), 'data-testid="escalate"')
        self.client.post(reverse("risks:risk_escalate", args=[self.risk.pk]),
                         {"register_number": ""})
        self.risk.refresh_from_db()
        self.assertEqual((self.risk.escalated, self.risk.register_number), (True, 1))
        self.assertContains(self.client.get(self.page), 'data-testid="register-badge"')

    def test_head_cannot_escalate(self):
        self.login(self.head)
        response = self.client.post(reverse("risks:risk_escalate", args=[self.risk.pk]))
        self.assertEqual(response.status_code, 403)

    def test_archive_asks_first_then_archives(self):
        self.login(self.head)
        url = reverse("risks:risk_archive", args=[self.risk.pk])
        self.assertContains(self.client.get(url), 'data-testid="confirm-archive"')
        response = self.client.post(url)
        self.assertRedirects(response, reverse("risks:passport", args=[self.dep_a1.code]))
        self.assertEqual(self.client.get(self.page).status_code, 404)
        self.assertIsNotNone(Risk.objects.get(pk=self.risk.pk).archived_at)

    def test_staff_cannot_archive(self):
        self.login(self.staff)
        response = self.client.post(reverse("risks:risk_archive", args=[self.risk.pk]))
        self.assertEqual(response.status_code, 403)


class ArchiveRestoreTests(SapatTestCase):
    """Archived risks can be found and restored by the QMS office (issue 12)."""

    def setUp(self):
        self.risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Gone risk",
                                         likelihood=3, consequences=4)
        self.measure = services.measure_create(by=self.head, risk=self.risk, text="Its measure")
        self.earlier = services.measure_create(by=self.head, risk=self.risk, text="Dropped")
        services.measure_archive(measure=self.earlier, by=self.head)
        # Archived on its own an hour before the risk: it stays archived.
        from datetime import timedelta

        from sapat.risks.models import Measure

        Measure.objects.filter(pk=self.earlier.pk).update(
            archived_at=self.earlier.archived_at - timedelta(hours=1))
        services.risk_archive(risk=self.risk, by=self.head)
        self.list = reverse("risks:archived")
        self.restore = reverse("risks:risk_restore", args=[self.risk.pk])

    def test_qms_finds_and_restores_an_archived_risk_with_its_measures(self):
        self.login(self.qms)
        self.assertContains(self.client.get(reverse("risks:consolidated")),
                            f'href="{self.list}"')
        page = self.client.get(self.list)
        self.assertContains(page, "Gone risk")
        self.assertContains(page, f'action="{self.restore}"')
        response = self.client.post(self.restore)
        self.assertRedirects(response, reverse("risks:risk_detail", args=[self.risk.pk]))
        self.risk.refresh_from_db()
        self.measure.refresh_from_db()
        self.earlier.refresh_from_db()
        self.assertIsNone(self.risk.archived_at)
        self.assertIsNone(self.measure.archived_at)
        self.assertIsNotNone(self.earlier.archived_at)  # archived before, on its own
        self.assertNotContains(self.client.get(self.list), "Gone risk")

    def test_others_neither_see_nor_may_restore(self):
        for person in (self.head, self.director, self.rector):
            self.login(person)
            self.assertEqual(self.client.get(self.list).status_code, 403)
            self.assertNotContains(self.client.get(reverse("risks:consolidated")),
                                   f'href="{self.list}"')
            self.assertEqual(self.client.post(self.restore).status_code, 403)
        self.risk.refresh_from_db()
        self.assertIsNotNone(self.risk.archived_at)


class ArchivedOpportunityTests(SapatTestCase):
    """Archived opportunities are found and restored by the QMS office too (issue 12)."""

    def setUp(self):
        from sapat.risks.models import Opportunity

        self.opp = Opportunity.objects.create(unit=self.dep_a1, title="Gone opportunity")
        self.measure = services.measure_create(by=self.head, opportunity=self.opp,
                                               text="Its measure")
        services.opportunity_archive(opportunity=self.opp, by=self.head)
        self.list = reverse("risks:archived")
        self.restore = reverse("risks:opportunity_restore", args=[self.opp.pk])

    def test_qms_finds_and_restores_it_with_its_measures(self):
        self.login(self.qms)
        page = self.client.get(self.list)
        self.assertContains(page, "Gone opportunity")
        self.assertContains(page, f'action="{self.restore}"')
        response = self.client.post(self.restore)
        self.assertRedirects(response, reverse("risks:opportunity_detail", args=[self.opp.pk]))
        self.opp.refresh_from_db()
        self.measure.refresh_from_db()
        self.assertIsNone(self.opp.archived_at)
        self.assertIsNone(self.measure.archived_at)
        self.assertNotContains(self.client.get(self.list), "Gone opportunity")

    def test_others_may_not_restore(self):
        for person in (self.head, self.director, self.rector):
            self.login(person)
            self.assertEqual(self.client.post(self.restore).status_code, 403)
        self.opp.refresh_from_db()
        self.assertIsNotNone(self.opp.archived_at)
