"""The risk form's 5×5 picker (issue 12): a cell sets L and C, the level shows beside them,
nothing is preselected, the keyboard moves between cells, and the selects stay in step."""
import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("width", [1366, 360])
def test_a_cell_of_the_picker_sets_likelihood_and_consequences(open_page, demo, language,
                                                               width):
    from django.utils import translation

    from sapat.risks import scoring

    with translation.override(language):
        high = scoring.load_bands().for_level(20).label
        medium_or_high = scoring.load_bands().for_level(16).label
    page = open_page(width=width, language=language)
    login(page, "head", language=language)
    page.goto(page.base_url + "/risks/passport/dep-it/")
    page.click("[data-testid=add-risk]")
    page.wait_for_selector("#id_title")
    page.wait_for_load_state("load")
    picker = page.locator("[data-testid=lc-picker]")
    expect(picker).to_be_visible()
    cells = picker.locator("input[type=radio]")
    expect(cells).to_have_count(25)
    assert picker.locator("input:checked").count() == 0  # nothing preselected
    expect(page.locator("#score-preview [data-testid=score-missing]")).to_be_visible()
    # Each cell is named by its L, C, level and band.
    cell = picker.locator("input[value='4-5']")
    name = cell.evaluate("e => e.closest('label').innerText + e.closest('label').textContent")
    assert "20" in name and high in name

    cell.check()
    expect(page.locator("#score-preview")).to_contain_text(f"20 — {high}")
    assert page.locator("#id_likelihood").input_value() == "4"
    assert page.locator("#id_consequences").input_value() == "5"
    screenshot(page, f"risk-lc-picker-{language}-{width}")

    # The keyboard: the arrow key moves to the neighbouring cell (4 × 4).
    cell.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#score-preview")).to_contain_text(f"16 — {medium_or_high}")
    assert page.locator("#id_consequences").input_value() == "4"

    # A select moves the picker's mark.
    page.select_option("#id_likelihood", "2")
    expect(picker.locator("input[value='2-4']")).to_be_checked()
    expect(page.locator("#score-preview")).to_contain_text("8 — ")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
