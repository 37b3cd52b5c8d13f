"""The heat map page: inherent and residual maps, counts, links, scope."""
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

from django.urls import reverse

from sapat.test import SapatTestCase

from .registers_fixtures import category, make_risk

SVG = "{http://www.w3.org/2000/svg}"


def cell(response, testid, lk, c):
    html = response.content.decode()
    start = html.index(f'data-testid="{testid}"')
    start = html.rindex("<svg", 0, start)
    svg = ET.fromstring(html[start:html.index("</svg>", start) + 6])
    for a in svg.iter():  # a link, or a group when the cell is empty
        if a.get("data-l") == str(lk) and a.get("data-c") == str(c):
            return a
    raise AssertionError("no such cell")


class HeatmapScreenTests(SapatTestCase):
    url = reverse("risks:heatmap")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_risk(cls.dep_a1, "A1 first", 4, 5, category=category("academic"),
                  residual_likelihood=2, residual_consequences=3)
        make_risk(cls.dep_a1, "A1 second", 4, 5, residual_score=8)
        make_risk(cls.dep_b1, "B1", 4, 5, category=category("financial"))
        make_risk(cls.dep_b1, "B1 low", 1, 2)
        make_risk(cls.other_dep, "Other university", 4, 5)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_person_without_roles_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_qms_sees_every_risk_of_the_university_counted_per_cell(self):
        self.login(self.qms)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(cell(response, "heatmap-inherent", 4, 5).get("data-count"), "3")
        self.assertEqual(cell(response, "heatmap-inherent", 1, 2).get("data-count"), "1")
        self.assertEqual(cell(response, "heatmap-residual", 2, 3).get("data-count"), "1")

    def test_head_sees_only_their_units_risks(self):
        self.login(self.head)
        self.client.cookies["sapat_language"] = "en"
        response = self.client.get(self.url)
        self.assertEqual(cell(response, "heatmap-inherent", 4, 5).get("data-count"), "2")
        self.assertEqual(cell(response, "heatmap-inherent", 1, 2).get("data-count"), "0")
        # The map says it is not the whole university's: 2 of its 4 (the other one's aside).
        self.assertIn("Shown: 2 of the university's 4 risks",
                      pq_text(response, "[data-testid=result-count]"))

    def test_the_whole_university_is_not_called_a_part(self):
        self.login(self.qms)
        self.client.cookies["sapat_language"] = "en"
        count = pq_text(self.client.get(self.url), "[data-testid=result-count]")
        self.assertNotIn("of the university", count)
        self.assertIn("4 risks", count)

    def test_a_filtered_map_says_of_how_many_risks(self):
        """Issue 12: a filtered view says so («1 of 4»), the whole one says how many."""
        self.login(self.qms)
        self.client.cookies["sapat_language"] = "ru"
        whole = self.client.get(self.url)
        self.assertIn("4 риска", pq_text(whole, "[data-testid=result-count]"))
        filtered = self.client.get(self.url, {"category": "academic"})
        self.assertIn("1 из 4", pq_text(filtered, "[data-testid=result-count]"))
        self.login(self.head)  # reads their own units only
        self.assertIn("2 из 4", pq_text(self.client.get(self.url),
                                        "[data-testid=result-count]"))

    def test_a_cell_links_to_its_risks_in_the_consolidated_register(self):
        self.login(self.qms)
        response = self.client.get(self.url, {"category": "academic"})
        link = urlparse(cell(response, "heatmap-inherent", 4, 5).get("href"))
        self.assertEqual(link.path, reverse("risks:consolidated"))
        self.assertEqual(parse_qs(link.query),
                         {"category": ["academic"], "kind": ["risk"], "l": ["4"], "c": ["5"]})
        followed = self.client.get(cell(response, "heatmap-inherent", 4, 5).get("href"))
        self.assertEqual([r.record.title for r in followed.context["rows"]], ["A1 first"])

    def test_residual_cells_link_with_residual_parameters(self):
        self.login(self.qms)
        response = self.client.get(self.url)
        query = parse_qs(urlparse(cell(response, "heatmap-residual", 2, 3).get("href")).query)
        self.assertEqual((query["rl"], query["rc"]), (["2"], ["3"]))

    def test_residual_given_as_a_level_only_is_counted_with_a_link(self):
        self.login(self.qms)
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="score-only"')
        self.assertEqual(response.context["counts"]["score_only"], 1)
        followed = self.client.get(response.context["score_only_url"])
        self.assertEqual([r.record.title for r in followed.context["rows"]], ["A1 second"])

    def test_filters_narrow_the_map(self):
        self.login(self.qms)
        response = self.client.get(self.url, {"unit": "inst-b"})
        self.assertEqual(cell(response, "heatmap-inherent", 4, 5).get("data-count"), "1")
        response = self.client.get(self.url, {"category": "financial"})
        self.assertEqual(cell(response, "heatmap-inherent", 4, 5).get("data-count"), "1")

    def test_cell_colours_come_from_the_scale(self):
        from sapat.risks.models import RiskBand

        RiskBand.objects.filter(code="high").update(colour="#aa0000")
        self.login(self.qms)
        response = self.client.get(self.url)
        rect = cell(response, "heatmap-inherent", 4, 5).find(f"{SVG}rect")
        self.assertEqual(rect.get("fill"), "#aa0000")


def pq_text(response, selector: str) -> str:
    import re

    html = response.content.decode()
    testid = re.search(r"data-testid=(\S+)\]", selector).group(1)
    found = re.search(rf'data-testid="{testid}">(.*?)</p>', html, re.S)
    return re.sub(r"\s+", " ", found.group(1)) if found else ""
