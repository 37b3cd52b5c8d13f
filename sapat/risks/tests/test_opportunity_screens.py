"""Opportunities (Appendix 6): create, page, completion mark, archive; permission steps."""
from django.urls import reverse

from sapat.risks import services
from sapat.risks.models import Opportunity
from sapat.test import SapatTestCase


class OpportunityScreenTests(SapatTestCase):
    def setUp(self):
        self.opp = services.opportunity_create(by=self.head, unit=self.dep_a1,
                                               title="Dual education",
                                               expected_effect="Better teaching")
        self.page = reverse("risks:opportunity_detail", args=[self.opp.pk])

    def test_opportunity_page_three_steps(self):
        self.assertEqual(self.client.get(self.page).status_code, 302)
        self.login(self.head2)
        self.assertEqual(self.client.get(self.page).status_code, 404)
        self.login(self.council)
        response = self.client.get(self.page)
        self.assertContains(response, "Dual education")
        self.assertNotContains(response, reverse("risks:opportunity_edit", args=[self.opp.pk]))

    def test_head_creates_an_opportunity_without_any_score(self):
        self.login(self.head)
        response = self.client.post(
            reverse("risks:opportunity_create", args=[self.dep_a1.code]),
            {"title": "Joint projects", "essence": "Partnership"},
        )
        opp = Opportunity.objects.get(title="Joint projects")
        self.assertRedirects(response, reverse("risks:opportunity_detail", args=[opp.pk]))
        self.assertIsNone(opp.priority)

    def test_head_sets_the_completion_mark_and_result(self):
        self.login(self.head)
        self.client.post(reverse("risks:opportunity_mark", args=[self.opp.pk]),
                         {"status": "completed", "result": "positive"})
        self.opp.refresh_from_db()
        self.assertEqual((self.opp.status, self.opp.result), ("completed", "positive"))

    def test_rector_cannot_set_the_mark(self):
        self.login(self.rector)
        response = self.client.post(reverse("risks:opportunity_mark", args=[self.opp.pk]),
                                    {"status": "completed", "result": "positive"})
        self.assertEqual(response.status_code, 403)

    def test_a_stale_edit_is_refused(self):
        self.login(self.head)
        services.opportunity_update(opportunity=self.opp, by=self.director,
                                    expected_version=1, title="Director's")
        response = self.client.post(reverse("risks:opportunity_edit", args=[self.opp.pk]),
                                    {"title": "Mine", "version": 1})
        self.assertContains(response, 'data-testid="stale-changes"')
        self.assertEqual(Opportunity.objects.get(pk=self.opp.pk).title, "Director's")

    def test_archive_keeps_the_record_and_hides_it(self):
        self.login(self.head)
        self.client.post(reverse("risks:opportunity_archive", args=[self.opp.pk]))
        self.assertEqual(self.client.get(self.page).status_code, 404)
        self.assertTrue(Opportunity.objects.filter(pk=self.opp.pk).exists())

    def test_measures_can_be_added_to_an_opportunity(self):
        self.login(self.head)
        url = reverse("risks:opportunity_measure_create", args=[self.opp.pk])
        response = self.client.post(url, {"text": "Sign agreements", "rhythm_text": "Yearly"})
        self.assertRedirects(response, self.page)
        self.assertContains(self.client.get(self.page), "Sign agreements")


class PassportPickerTests(SapatTestCase):
    def test_director_picks_among_the_units_of_the_institute(self):
        self.login(self.director)
        response = self.client.get(reverse("risks:passport_home") + "?pick=1")
        self.assertContains(response, reverse("risks:passport", args=[self.dep_a2.code]))
        self.assertNotContains(response, reverse("risks:passport", args=[self.dep_b1.code]))

    def test_passport_shows_a_unit_switch_for_people_with_several_units(self):
        self.login(self.director)
        response = self.client.get(reverse("risks:passport", args=[self.dep_a1.code]))
        self.assertContains(response, 'name="unit"')

    def test_the_unit_switch_opens_the_chosen_units_passport(self):
        self.login(self.director)
        response = self.client.get(reverse("risks:passport_home") + f"?unit={self.dep_a2.code}")
        self.assertRedirects(response, reverse("risks:passport", args=[self.dep_a2.code]))

    def test_the_unit_switch_does_not_open_a_unit_out_of_reach(self):
        self.login(self.director)
        response = self.client.get(reverse("risks:passport_home") + f"?unit={self.dep_b1.code}")
        self.assertNotEqual(response.get("Location"),
                            reverse("risks:passport", args=[self.dep_b1.code]))
