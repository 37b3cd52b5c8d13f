"""`head` adds a risk to their passport, scores it 4 × 5, sees "20 — жогору", adds a measure.

(The escalation half — `qms` puts it in the register and finds it in heat-map cell (4, 5) —
lives beside it in the register/heat-map tests.)
"""
import datetime

from playwright.sync_api import expect

from .conftest import login, screenshot

TITLE = "Лабораториялык жабдуулардын эскириши"


def test_head_adds_a_scored_risk_and_a_measure(page, demo):
    login(page, "head", language="ky")
    page.goto(page.base_url + "/risks/passport/dep-it/")
    assert "Илимий даражалуу окутуучулардын жетишсиздиги" in page.inner_text(
        "[data-testid=passport-table]")
    screenshot(page, "risk-passport-head-ky")

    page.click("[data-testid=add-risk]")
    # htmx binds the live preview once the new page has loaded: wait for the form's page,
    # not for the load state of the page the click leaves (which may still be the current).
    page.wait_for_selector("#id_title")
    page.wait_for_load_state("load")
    page.fill("#id_title", TITLE)
    page.select_option("#id_category", index=1)
    page.select_option("#id_process", index=1)
    # Nothing is preselected: the level says what is still to choose.
    expect(page.locator("#score-preview [data-testid=score-missing]")).to_be_visible()
    page.select_option("#id_likelihood", "4")
    expect(page.locator("#score-preview [data-testid=score-missing]")).to_be_visible()
    page.select_option("#id_consequences", "5")
    expect(page.locator("#score-preview")).to_contain_text("20 — жогору")
    screenshot(page, "risk-form-preview-ky")
    page.click("[data-testid=save]")

    page.wait_for_selector("[data-testid=risk-title]")
    assert page.inner_text("[data-testid=risk-title]") == TITLE
    assert "20 — жогору" in page.inner_text("main")

    page.click("[data-testid=add-measure]")
    page.fill("#id_text", "Жабдууларды жаңылоо планын түзүү")
    due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    page.fill("#id_due_date", due)
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=measure-row]")
    assert "Жабдууларды жаңылоо планын түзүү" in page.inner_text("[data-testid=measures-table]")
    screenshot(page, "risk-page-head-ky")

    page.goto(page.base_url + "/risks/passport/dep-it/")
    row = page.locator("[data-testid=risk-row]", has_text=TITLE)
    assert "20 — жогору" in row.inner_text()
    assert "Жабдууларды жаңылоо планын түзүү" in row.inner_text()


def test_head_edits_a_passport_row_inline(page, demo):
    login(page, "head", language="ru")
    page.goto(page.base_url + "/risks/passport/dep-it/")
    row = page.locator("[data-testid=risk-row]").first
    row.locator("[data-testid=edit-row]").click()
    edit = page.locator("[data-testid=risk-row-edit]")
    # htmx binds the new row's triggers when the swap settles; a change before that is
    # not seen (no person types that fast, a test does). The row must be there first: before
    # the answer arrives nothing is settling either.
    edit.wait_for()
    page.wait_for_function(
        "() => !document.querySelector('.htmx-added, .htmx-settling, .htmx-swapping')"
    )
    edit.locator("select[name=likelihood]").select_option("2")
    expect(edit.locator("[data-testid=score]")).to_contain_text("8 — средний")
    screenshot(page, "risk-passport-inline-edit-ru")
    edit.locator("[data-testid=save-row]").click()
    page.wait_for_selector("[data-testid=risk-row-edit]", state="detached")
    assert "8 — средний" in page.locator("[data-testid=risk-row]").first.inner_text()
    screenshot(page, "risk-passport-head-ru")
    # The change is a re-assessment: the risk page's trend now has two points.
    # A click only waits for the navigation to start: wait for the risk page itself
    # (count() does not wait, and the passport is still on screen or half-parsed).
    page.locator("[data-testid=risk-row] a").first.click()
    page.wait_for_url("**/risks/*/", wait_until="domcontentloaded")
    expect(page.locator("[data-testid=assessment]")).to_have_count(2)
    screenshot(page, "risk-page-head-ru")


def test_staff_sees_their_measures_with_overdue_badges(page, demo):
    login(page, "staff", language="ky")
    page.goto(page.base_url + "/risks/my-measures/")
    assert page.locator("[data-testid=my-measure]").count() >= 1
    screenshot(page, "my-measures-staff-ky")
