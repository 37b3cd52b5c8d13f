from decimal import Decimal
from types import SimpleNamespace

from sapat.processes.kpi_status import Status, achievement, status_of, worst


def kpi(target="75", tolerance="5", direction="higher"):
    return SimpleNamespace(target=Decimal(target), tolerance=Decimal(tolerance),
                           direction=direction)


def test_higher_is_better_value_at_target_is_green():
    assert status_of(kpi(), Decimal("75")) == Status.GREEN


def test_higher_is_better_value_within_tolerance_is_amber():
    assert status_of(kpi(), Decimal("70")) == Status.AMBER


def test_higher_is_better_value_below_tolerance_is_red():
    assert status_of(kpi(), Decimal("69.99")) == Status.RED


def test_lower_is_better_mirrors_the_rule():
    k = kpi(target="10", tolerance="2", direction="lower")
    assert status_of(k, Decimal("9")) == Status.GREEN
    assert status_of(k, Decimal("12")) == Status.AMBER
    assert status_of(k, Decimal("12.5")) == Status.RED


def test_no_value_has_no_status():
    assert status_of(kpi(), None) == Status.NONE


def test_the_worst_status_wins():
    assert worst([Status.GREEN, Status.RED, Status.AMBER]) == Status.RED
    assert worst([]) == Status.NONE


def test_achievement_is_capped_between_zero_and_one():
    assert achievement(kpi(), Decimal("150")) == 1.0
    assert achievement(kpi(), Decimal("37.5")) == 0.5
    assert achievement(kpi(target="10", direction="lower"), Decimal("20")) == 0.5
