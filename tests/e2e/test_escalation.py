"""`qms` raises head's 4 × 5 risk to the university register and finds it in the register
and in heat-map cell (4, 5); screenshots of the registers, heat map and scale in ky and ru.

(The first half — `head` adds the risk to the passport through the screens — is
test_risk_passport.py; here the risk is created through the same service.)
"""
from sapat.org.models import Person, Unit
from sapat.risks import services

from .conftest import login, screenshot

TITLE = "Лабораториялык жабдуулардын эскириши"


def head_adds_the_risk():
    head = Person.objects.get(username="head")
    return services.risk_create(by=head, unit=Unit.objects.get(code="dep-it"), title=TITLE,
                                likelihood=4, consequences=5)


def test_qms_escalates_the_risk_and_finds_it_in_register_and_heat_map(page, demo):
    risk = head_adds_the_risk()
    login(page, "qms", language="ky")

    page.goto(page.base_url + "/risks/consolidated/?q=" + TITLE)
    row = page.locator(f"[data-testid=risk-row][data-risk='{risk.pk}']")
    assert "20" in row.inner_text() and "жогору" in row.inner_text()
    row.locator("[data-testid=escalate]").click()
    page.wait_for_selector(".msg-success")
    row = page.locator(f"[data-testid=risk-row][data-risk='{risk.pk}']")
    assert "№" in row.inner_text()

    page.goto(page.base_url + "/risks/register/")
    row = page.locator(f"[data-testid=register-row][data-risk='{risk.pk}']")
    assert TITLE in row.inner_text()
    assert "жогору" in row.inner_text()
    # The regulation's eight risks come first, in their order.
    assert page.locator("[data-testid=register-row]").count() >= 9
    screenshot(page, "register-qms-ky")

    page.goto(page.base_url + "/risks/heatmap/")
    screenshot(page, "heatmap-qms-ky")
    page.click("[data-testid=heatmap-inherent] a[data-l='4'][data-c='5']")
    page.wait_for_url("**/risks/consolidated/**")
    assert "l=4" in page.url and "c=5" in page.url
    titles = page.inner_text("[data-testid=consolidated]")
    assert TITLE in titles
    screenshot(page, "consolidated-cell-4-5-ky")

    page.goto(page.base_url + "/risks/consolidated/")
    screenshot(page, "consolidated-qms-ky")
    # Filters apply as soon as a choice changes (htmx swaps the page body, URL follows).
    page.select_option("#id_band", "high")
    page.wait_for_url("**band=high**")
    levels = page.locator("[data-testid=risk-row] [data-testid=level] .band").all_inner_texts()
    assert levels and all(int(v) >= 11 for v in levels)
    assert page.locator("[data-testid=opportunity-row]").count() == 0
    page.goto(page.base_url + "/risks/scale/")
    assert "жогору" in page.inner_html("[data-testid=scale-form]")
    screenshot(page, "scale-qms-ky")


def test_the_screens_in_russian(page, demo):
    head_adds_the_risk()
    login(page, "qms", language="ru")
    for name, path in (("register", "/risks/register/"), ("consolidated", "/risks/consolidated/"),
                       ("heatmap", "/risks/heatmap/"), ("scale", "/risks/scale/")):
        page.goto(page.base_url + path)
        assert page.locator("main h1").count() == 1
        screenshot(page, f"{name}-qms-ru")


def test_scale_change_is_previewed_before_saving(page, demo):
    login(page, "qms", language="ru")
    page.goto(page.base_url + "/risks/scale/")
    page.fill("[data-band=medium] input[name$=max_level]", "12")
    page.fill("[data-band=high] input[name$=min_level]", "13")
    page.click("[data-testid=save-scale]")
    page.wait_for_selector("[data-testid=scale-preview]")
    screenshot(page, "scale-preview-ru")
    page.click("[data-testid=confirm]")
    page.wait_for_selector(".msg-success")


def test_head_sees_their_heat_map_without_other_units(page, demo):
    login(page, "head", language="ky")
    page.goto(page.base_url + "/risks/heatmap/")
    screenshot(page, "heatmap-head-ky")
    page.goto(page.base_url + "/risks/register/")
    screenshot(page, "register-head-ky")
