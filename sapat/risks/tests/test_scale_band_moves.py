"""A change of thresholds says, before saving, which risks move band."""
from django.test import SimpleTestCase

from sapat.risks.scale_edit import band_moves
from sapat.risks.scoring import DEFAULT_BANDS, Band


def bands(low_top, medium_top):
    return [
        Band("low", 1, low_top, "төмөн"),
        Band("medium", low_top + 1, medium_top, "орто"),
        Band("high", medium_top + 1, 25, "жогору"),
    ]


class BandMovesTests(SimpleTestCase):
    def test_raising_the_medium_top_moves_risks_from_high_to_medium(self):
        moves = band_moves({12: 3, 16: 1, 9: 2}, DEFAULT_BANDS, bands(5, 12))
        self.assertEqual([(m.old, m.new, m.count) for m in moves], [("high", "medium", 3)])

    def test_lowering_the_low_top_moves_risks_up(self):
        moves = band_moves({4: 2, 5: 1, 3: 7}, DEFAULT_BANDS, bands(3, 10))
        self.assertEqual([(m.old, m.new, m.count) for m in moves], [("low", "medium", 3)])

    def test_no_change_no_moves(self):
        self.assertEqual(band_moves({4: 1, 20: 5}, DEFAULT_BANDS, DEFAULT_BANDS), [])
