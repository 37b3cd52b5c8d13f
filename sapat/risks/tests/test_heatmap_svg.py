"""The heat map picture itself: a pure function, tested on its parsed SVG."""

import xml.etree.ElementTree as ET

from django.test import SimpleTestCase
from django.utils import translation

from sapat.risks.heatmap import heatmap_svg, ink_for
from sapat.risks.scoring import Band

NS = {"svg": "http://www.w3.org/2000/svg"}
BANDS = [
    Band("low", 1, 5, "төмөн", "низкий", "low", "#cfe9d6"),
    Band("medium", 6, 10, "орто", "средний", "medium", "#ffe7a3"),
    Band("high", 11, 25, "жогору", "высокий", "high", "#f6b3ad"),
]


def parse(svg):
    return ET.fromstring(svg)


def cells(root):
    return {(int(a.get("data-l")), int(a.get("data-c"))): a for a in root.iter() if a.get("data-l")}


class HeatmapSvgTests(SimpleTestCase):
    def test_it_draws_twenty_five_cells_each_full_one_a_link(self):
        counts = {(lk, c): 1 for lk in range(1, 6) for c in range(1, 6)}
        root = parse(heatmap_svg(counts, BANDS, href=lambda lk, c: f"/x/?l={lk}&c={c}"))
        found = cells(root)
        self.assertEqual(len(found), 25)
        self.assertEqual(found[(4, 5)].tag, "{http://www.w3.org/2000/svg}a")
        self.assertEqual(found[(4, 5)].get("href"), "/x/?l=4&c=5")

    def test_it_puts_the_count_in_its_cell(self):
        root = parse(heatmap_svg({(4, 5): 3, (1, 1): 1}, BANDS, href=lambda lk, c: "#"))
        found = cells(root)
        self.assertEqual(found[(4, 5)].get("data-count"), "3")
        texts = [t.text for t in found[(4, 5)].findall("svg:text", NS)]
        self.assertIn("3", texts)
        self.assertEqual(found[(2, 2)].get("data-count"), "0")

    def test_cell_colour_comes_from_the_band_of_l_times_c(self):
        found = cells(parse(heatmap_svg({}, BANDS)))
        fill = {k: v.find("svg:rect", NS).get("fill") for k, v in found.items()}
        self.assertEqual(fill[(1, 5)], "#cfe9d6")  # 5: low
        self.assertEqual(fill[(2, 3)], "#ffe7a3")  # 6: medium
        self.assertEqual(fill[(2, 5)], "#ffe7a3")  # 10: medium
        self.assertEqual(fill[(3, 4)], "#f6b3ad")  # 12: high
        self.assertEqual(fill[(5, 5)], "#f6b3ad")

    def test_likelihood_rows_run_from_five_at_the_top(self):
        found = cells(parse(heatmap_svg({}, BANDS)))
        y = {k: float(v.find("svg:rect", NS).get("y")) for k, v in found.items()}
        x = {k: float(v.find("svg:rect", NS).get("x")) for k, v in found.items()}
        self.assertLess(y[(5, 1)], y[(1, 1)])
        self.assertLess(x[(1, 1)], x[(1, 5)])

    def test_each_cell_has_an_accessible_title(self):
        with translation.override("en"):
            found = cells(parse(heatmap_svg({(4, 5): 2}, BANDS, href=lambda lk, c: "#")))
        title = found[(4, 5)].find("svg:title", NS).text
        self.assertIn("20", title)
        self.assertIn("high", title)
        self.assertIn("2", title)
        self.assertTrue(found[(4, 5)].get("aria-label"))

    def test_the_accessible_name_starts_with_the_count(self):
        with translation.override("en"):
            found = cells(parse(heatmap_svg({(4, 5): 2}, BANDS, href=lambda lk, c: "#")))
        self.assertTrue(found[(4, 5)].get("aria-label").startswith("2 records: likelihood 4"))

    def test_empty_cells_are_not_links(self):
        root = parse(heatmap_svg({(4, 5): 2}, BANDS, href=lambda lk, c: "#"))
        linked = {
            (int(a.get("data-l")), int(a.get("data-c"))) for a in root.iter(f"{{{NS['svg']}}}a")
        }
        self.assertEqual(linked, {(4, 5)})
        self.assertEqual(cells(root)[(1, 1)].tag, f"{{{NS['svg']}}}g")

    def test_axis_titles_are_translated(self):
        with translation.override("en"):
            svg = heatmap_svg({}, BANDS)
        self.assertIn("Likelihood", svg)
        self.assertIn("Consequences", svg)

    def test_without_links_cells_are_groups(self):
        root = parse(heatmap_svg({}, BANDS))
        self.assertFalse(root.findall(".//svg:a", NS))

    def test_a_level_outside_every_band_gets_a_neutral_colour(self):
        found = cells(parse(heatmap_svg({}, BANDS[:1])))
        self.assertEqual(found[(5, 5)].find("svg:rect", NS).get("fill"), "#e5e7eb")

    def test_text_in_cells_is_escaped(self):
        bands = [Band("x", 1, 25, "<b>&", colour="#ffffff")]
        parse(heatmap_svg({}, bands, title="a < b"))  # parses: no raw markup leaked

    def test_ink_is_dark_on_light_colours_and_white_on_dark(self):
        self.assertEqual(ink_for("#ffe7a3"), "#1d2330")
        self.assertEqual(ink_for("#7f1d1d"), "#ffffff")
        self.assertEqual(ink_for("nonsense"), "#1d2330")


class HeatmapSvgRoleTests(SimpleTestCase):
    def test_a_linked_map_is_a_group_so_its_links_stay_reachable(self):
        root = parse(heatmap_svg({}, BANDS, href=lambda lk, c: "#", title="Map"))
        self.assertEqual((root.get("role"), root.get("aria-label")), ("group", "Map"))

    def test_a_static_map_is_an_image(self):
        self.assertEqual(parse(heatmap_svg({}, BANDS)).get("role"), "img")
