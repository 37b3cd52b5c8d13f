"""The one scoring module: every L, C pair and the band edges (property tests)."""
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sapat.risks import scoring

BANDS = scoring.BandSet(scoring.DEFAULT_BANDS)
scores = st.integers(min_value=1, max_value=5)


@given(scores, scores)
def test_level_is_likelihood_times_consequences_for_every_pair(likelihood, consequences):
    assert scoring.level(likelihood, consequences) == likelihood * consequences


@given(scores, scores)
def test_every_pair_falls_in_exactly_one_band(likelihood, consequences):
    value = scoring.level(likelihood, consequences)
    assert sum(band.contains(value) for band in BANDS) == 1


@given(st.integers().filter(lambda v: not 1 <= v <= 5), scores)
def test_scores_outside_one_to_five_are_refused(bad, good):
    with pytest.raises(ValidationError):
        scoring.level(bad, good)
    with pytest.raises(ValidationError):
        scoring.level(good, bad)


@pytest.mark.parametrize(("value", "code"), [
    (1, "low"), (5, "low"), (6, "medium"), (10, "medium"), (11, "high"), (25, "high"),
])
def test_band_edges_follow_the_regulation(value, code):
    assert scoring.band_for(value, BANDS).code == code


def test_score_prints_level_and_band_in_kyrgyz():
    from django.utils import translation

    with translation.override("ky"):
        assert str(scoring.Score.of(4, 5, BANDS)) == "20 — жогору"
    with translation.override("ru"):
        assert str(scoring.Score.of(3, 3, BANDS)) == "9 — средний"


def test_residual_uses_l_and_c_when_known_else_the_level_alone():
    assert scoring.residual(2, 3, None, BANDS).level == 6
    assert scoring.residual(None, None, 10, BANDS).band.code == "medium"
    assert scoring.residual(None, None, None, BANDS) is None


@pytest.mark.parametrize("value", [0, 26, -1])
def test_a_level_alone_outside_one_to_twenty_five_is_refused(value):
    with pytest.raises(ValidationError):
        scoring.residual_level(None, None, value)


def test_bands_must_cover_one_to_twenty_five_without_gaps():
    scoring.validate_bands(scoring.DEFAULT_BANDS)
    gap = (scoring.Band("low", 1, 4, "a"), scoring.Band("high", 6, 25, "b"))
    with pytest.raises(ValidationError):
        scoring.validate_bands(gap)
    short = (scoring.Band("low", 1, 20, "a"),)
    with pytest.raises(ValidationError):
        scoring.validate_bands(short)
