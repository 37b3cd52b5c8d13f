"""The consolidated register: every unit's risks and opportunities, filtered and sorted."""
from django.urls import reverse

from sapat.org.models import Position
from sapat.processes.models import Process
from sapat.test import SapatTestCase

from .registers_fixtures import category, make_measure, make_opportunity, make_risk


def listed(response):
    return [(row.kind, row.record.title) for row in response.context["rows"]]


def titles(response):
    return [row.record.title for row in response.context["rows"]]


class ConsolidatedAccessTests(SapatTestCase):
    url = reverse("risks:consolidated")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_risk(cls.dep_a1, "A1 risk", 4, 5)
        make_risk(cls.dep_b1, "B1 risk", 2, 2)
        make_risk(cls.other_dep, "Other university's risk", 5, 5)
        make_opportunity(cls.dep_a1, "A1 opportunity")
        archived = make_risk(cls.dep_a1, "Archived risk", 1, 1)
        archived.archive()

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_person_without_roles_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_qms_sees_every_risk_and_opportunity_of_the_university(self):
        self.login(self.qms)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertCountEqual(listed(response), [
            ("risk", "A1 risk"), ("risk", "B1 risk"), ("opportunity", "A1 opportunity"),
        ])

    def test_head_sees_only_their_units_records(self):
        self.login(self.head)
        self.assertCountEqual(titles(self.client.get(self.url)), ["A1 risk", "A1 opportunity"])

    def test_director_sees_the_institutes_subtree(self):
        self.login(self.director)
        self.assertCountEqual(titles(self.client.get(self.url)), ["A1 risk", "A1 opportunity"])

    def test_only_qms_gets_escalate_buttons(self):
        self.login(self.director)
        self.assertNotContains(self.client.get(self.url), 'data-testid="escalate"')
        self.login(self.qms)
        self.assertContains(self.client.get(self.url), 'data-testid="escalate"', count=2)


class ConsolidatedFilterTests(SapatTestCase):
    url = reverse("risks:consolidated")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.education = Process.objects.create(code="education", name="Окуу", unit=cls.university)
        cls.prorector = Position.objects.create(code="prorector", name="Проректор",
                                                unit=cls.rectorate, holder=cls.director)
        cls.high = make_risk(cls.dep_a1, "High A1", 4, 5, category=category("academic"),
                             process=cls.education, residual_likelihood=2,
                             residual_consequences=3)
        cls.medium = make_risk(cls.dep_a2, "Medium A2", 2, 4, category=category("financial"),
                               residual_score=4)
        cls.low = make_risk(cls.dep_b1, "Low B1", 1, 5, status="closed")
        cls.pck = make_risk(cls.pck_a1, "Commission risk", 3, 3)
        cls.opp = make_opportunity(cls.dep_a1, "Opportunity A1", process=cls.education)
        cls.high.responsible_positions.add(cls.prorector)
        cls.medium.responsible_people.add(cls.head)
        make_measure(cls.medium, "Late", days=-1)
        make_measure(cls.low, "Done late", days=-3, status="done",
                     completed_on=cls.low.created_at.date())
        make_measure(cls.opp, "Opportunity late", days=-2)
        cls.qms_user = cls.qms

    def get(self, **params):
        self.login(self.qms)
        return self.client.get(self.url, params)

    def test_unit_filter_takes_the_whole_subtree(self):
        self.assertCountEqual(titles(self.get(unit="dep-a1")),
                              ["High A1", "Commission risk", "Opportunity A1"])
        self.assertCountEqual(titles(self.get(unit="inst-a")),
                              ["High A1", "Medium A2", "Commission risk", "Opportunity A1"])

    def test_a_unit_out_of_scope_is_not_a_choice(self):
        self.login(self.head)
        response = self.client.get(self.url, {"unit": "dep-b1"})
        self.assertIn("unit", response.context["form"].errors)
        self.assertCountEqual(titles(response), ["High A1", "Commission risk", "Opportunity A1"])

    def test_process_filter_keeps_risks_and_opportunities_of_the_process(self):
        self.assertCountEqual(titles(self.get(process="education")),
                              ["High A1", "Opportunity A1"])

    def test_category_filter_keeps_only_risks(self):
        self.assertEqual(titles(self.get(category="academic")), ["High A1"])

    def test_band_filter_uses_the_computed_level(self):
        self.assertEqual(titles(self.get(band="high")), ["High A1"])
        self.assertCountEqual(titles(self.get(band="medium")), ["Medium A2", "Commission risk"])
        self.assertEqual(titles(self.get(band="low")), ["Low B1"])

    def test_residual_band_filter_covers_levels_given_alone(self):
        self.assertEqual(titles(self.get(residual_band="medium")), ["High A1"])
        self.assertEqual(titles(self.get(residual_band="low")), ["Medium A2"])

    def test_status_filter(self):
        self.assertEqual(titles(self.get(status="closed")), ["Low B1"])
        self.assertEqual(titles(self.get(status="in_progress")), ["Opportunity A1"])

    def test_overdue_filter_keeps_records_with_an_open_late_measure(self):
        self.assertCountEqual(titles(self.get(overdue="on")), ["Medium A2", "Opportunity A1"])

    def test_responsible_position_filter(self):
        self.assertEqual(titles(self.get(responsible=f"position-{self.prorector.pk}")),
                         ["High A1"])

    def test_responsible_person_filter_includes_the_posts_they_hold(self):
        self.assertEqual(titles(self.get(responsible=f"person-{self.head.pk}")), ["Medium A2"])
        self.assertEqual(titles(self.get(responsible=f"person-{self.director.pk}")),
                         ["High A1"])

    def test_heat_map_cell_filters(self):
        response = self.get(l="4", c="5")
        self.assertEqual(titles(response), ["High A1"])
        self.assertContains(response, 'data-testid="cell-filter"')
        self.assertEqual(titles(self.get(rl="2", rc="3")), ["High A1"])
        self.assertEqual(titles(self.get(residual_score_only="on")), ["Medium A2"])

    def test_kind_filter(self):
        self.assertEqual(titles(self.get(kind="opportunity")), ["Opportunity A1"])
        self.assertNotIn("Opportunity A1", titles(self.get(kind="risk")))

    def test_search_by_title(self):
        self.assertEqual(titles(self.get(q="commission")), ["Commission risk"])

    def test_search_finds_kyrgyz_titles_whatever_the_case_of_the_first_letter(self):
        make_risk(self.dep_a1, "Студенттердин мотивациясы төмөн", 3, 3)
        self.assertEqual(titles(self.get(q="студенттердин")), ["Студенттердин мотивациясы төмөн"])
        self.assertEqual(titles(self.get(q="МОТИВАЦИЯСЫ")), ["Студенттердин мотивациясы төмөн"])

    def test_a_bad_filter_value_is_ignored_not_an_error(self):
        response = self.get(l="9", band="enormous")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(titles(response)), 5)

    def test_overdue_badges_show_on_the_rows(self):
        response = self.get()
        self.assertContains(response, 'data-testid="overdue"', count=2)


class ConsolidatedSortTests(SapatTestCase):
    url = reverse("risks:consolidated")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import datetime
        make_risk(cls.dep_b1, "Bravo", 2, 2, residual_score=4,
                  deadline=datetime.date(2026, 3, 1))
        make_risk(cls.dep_a1, "Alpha", 5, 5, residual_likelihood=1, residual_consequences=1,
                  deadline=datetime.date(2026, 1, 1))
        make_risk(cls.dep_a2, "Charlie", 3, 3)
        make_opportunity(cls.apd, "Delta opportunity")

    def sorted_titles(self, sort):
        self.login(self.qms)
        return titles(self.client.get(self.url, {"sort": sort}))

    def test_by_level_puts_opportunities_last_either_way(self):
        self.assertEqual(self.sorted_titles("level"),
                         ["Bravo", "Charlie", "Alpha", "Delta opportunity"])
        self.assertEqual(self.sorted_titles("-level"),
                         ["Alpha", "Charlie", "Bravo", "Delta opportunity"])

    def test_by_residual_puts_the_unassessed_last(self):
        self.assertEqual(self.sorted_titles("-residual")[:2], ["Bravo", "Alpha"])
        self.assertEqual(self.sorted_titles("residual")[:2], ["Alpha", "Bravo"])

    def test_by_deadline(self):
        self.assertEqual(self.sorted_titles("deadline")[:2], ["Alpha", "Bravo"])
        self.assertEqual(self.sorted_titles("-deadline")[:2], ["Bravo", "Alpha"])

    def test_by_title(self):
        self.assertEqual(self.sorted_titles("title"),
                         ["Alpha", "Bravo", "Charlie", "Delta opportunity"])
        self.assertEqual(self.sorted_titles("-title")[0], "Delta opportunity")

    def test_by_unit_follows_the_tree(self):
        order = self.sorted_titles("unit")
        self.assertLess(order.index("Alpha"), order.index("Charlie"))  # inst-a's deps
        self.assertEqual(order[0], "Delta opportunity")  # apd comes before the institutes

    def test_an_unknown_sort_falls_back_to_units(self):
        self.assertEqual(self.sorted_titles("nonsense"), self.sorted_titles("unit"))

    def test_sort_links_toggle_direction(self):
        self.login(self.qms)
        response = self.client.get(self.url, {"sort": "level"})
        self.assertEqual(response.context["sort_links"]["level"]["url"], "?sort=-level")
        self.assertEqual(response.context["sort_links"]["title"]["url"], "?sort=title")


class ConsolidatedPaginationTests(SapatTestCase):
    def test_fifty_rows_per_page(self):
        from .registers_fixtures import bulk_risks

        bulk_risks(self.dep_a1, 60)
        self.login(self.qms)
        url = reverse("risks:consolidated")
        first = self.client.get(url)
        self.assertEqual(len(first.context["rows"]), 50)
        self.assertContains(first, "page=2")
        second = self.client.get(url, {"page": 2})
        self.assertEqual(len(second.context["rows"]), 10)
        self.assertEqual(self.client.get(url, {"page": 99}).status_code, 200)


class FilteredViewSaysSoTests(SapatTestCase):
    """A register a person sees only part of says "N of M" (issue 12)."""

    def test_a_head_is_told_how_much_of_the_university_they_see(self):
        from sapat.risks import services

        services.risk_create(by=self.head, unit=self.dep_a1, title="Mine", likelihood=2,
                             consequences=2)
        services.risk_create(by=self.head2, unit=self.dep_b1, title="Theirs", likelihood=2,
                             consequences=2)
        url = reverse("risks:consolidated")
        self.client.cookies["sapat_language"] = "en"
        self.login(self.head)
        self.assertContains(self.client.get(url), "Shown: 1 of the university's 2 records")
        self.login(self.qms)
        page = self.client.get(url)
        self.assertContains(page, "2 records")
        self.assertNotContains(page, "Shown:")
        self.assertContains(self.client.get(url, {"q": "Mine"}), "Shown: 1 of")
