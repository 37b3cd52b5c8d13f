"""`qms` raises head's 4 × 5 risk to the university register and finds it in the register
and in heat-map cell (4, 5); screenshots of the registers, heat map and scale in ky and ru.

(The first half — `head` adds the risk to the passport through the screens — is
test_risk_passport.py; here the risk is created through the same service.)
"""
from playwright.sync_api import expect

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
    expect(page.locator("[data-testid=opportunity-row]")).to_have_count(0)
    page.goto(page.base_url + "/risks/scale/")
    assert "жогору" in page.inner_html("[data-testid=scale-form]")
    screenshot(page, "scale-qms-ky")


def test_the_screens_in_russian(page, demo):
    head_adds_the_risk()
    login(page, "qms", language="ru")
    for name, path in (("register", "/risks/register/"), ("consolidated", "/risks/consolidated/"),
                       ("heatmap", "/risks/heatmap/"), ("scale", "/risks/scale/")):
        page.goto(page.base_url + path)
        expect(page.locator("main h1")).to_have_count(1)
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


def within(code: str) -> set[int]:
    """The unit `code` and every unit below it (a head reads their unit's subtree)."""
    units, frontier = set(), [Unit.objects.get(code=code).pk]
    while frontier:
        units.update(frontier)
        frontier = list(Unit.objects.filter(parent__in=frontier).values_list("pk", flat=True))
    return units


def cells(page, testid: str) -> dict[tuple[int, int], int]:
    """The heat map's non-empty cells as drawn: {(likelihood, consequences): count}."""
    drawn = page.eval_on_selector_all(
        f"[data-testid={testid}] [data-count]",
        "cells => cells.map(c => [c.dataset.l, c.dataset.c, c.dataset.count])")
    return {(int(lk), int(c)): int(n) for lk, c, n in drawn if int(n)}


def test_head_sees_their_heat_map_without_other_units(page, demo, open_page):
    from collections import Counter

    from sapat.risks.models import Risk

    # Another department's risk, in a cell where the head's department has none, raised to
    # the university register by the QMS office.
    other = services.risk_create(by=Person.objects.get(username="head2"),
                                 unit=Unit.objects.get(code="dep-kyrgyz"),
                                 title="Башка кафедранын тобокелдиги", likelihood=1,
                                 consequences=5)
    services.risk_escalate(risk=other, by=Person.objects.get(username="qms"))
    mine = Risk.objects.live().filter(unit__in=within("dep-it"))
    expected = Counter((r.likelihood, r.consequences) for r in mine)
    assert expected and (1, 5) not in expected
    everyone = Counter((r.likelihood, r.consequences) for r in Risk.objects.live())
    assert sum(everyone.values()) > sum(expected.values())

    login(page, "head", language="ky")
    page.goto(page.base_url + "/risks/heatmap/")
    assert cells(page, "heatmap-inherent") == dict(expected)
    on_the_map = page.inner_text("[data-testid=inherent] p.muted")
    assert str(sum(expected.values())) in on_the_map
    # …and says that it is not the whole university's.
    shown = page.inner_text("[data-testid=result-count]")
    assert f"{sum(everyone.values())} тобокелдигинин {sum(expected.values())}" in shown
    screenshot(page, "heatmap-head-ky")

    # The university register is a university document: the head reads every row of it,
    # the other department's too, and is not told it is empty.
    register = Risk.objects.live().filter(escalated=True)
    page.goto(page.base_url + "/risks/register/")
    rows = page.locator("[data-testid=register-row]")
    assert rows.count() == register.count() == 9
    shown = {int(r) for r in rows.evaluate_all("rows => rows.map(r => r.dataset.risk)")}
    assert shown == set(register.values_list("pk", flat=True))
    assert other.title in page.inner_text("[data-testid=register]")
    assert "азырынча" not in page.inner_text("[data-testid=register]")  # the empty row
    screenshot(page, "register-head-ky")

    # The QMS office's map holds every unit's risks, the other department's cell too.
    qms = open_page(width=1366, language="ru")
    login(qms, "qms", language="ru")
    qms.goto(qms.base_url + "/risks/heatmap/")
    assert cells(qms, "heatmap-inherent") == dict(everyone)

    # On a phone, in Russian: the same rows, the table scrolls inside its frame only.
    phone = open_page(width=360, language="ru")
    login(phone, "head", language="ru")
    phone.goto(phone.base_url + "/risks/register/")
    expect(phone.locator("[data-testid=register-row]")).to_have_count(9)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "register-head-ru-360")


def test_the_empty_register_is_said_in_full_on_a_phone(demo, open_page):
    from sapat.risks.models import Risk

    qms = Person.objects.get(username="qms")
    for risk in Risk.objects.live().filter(escalated=True):
        services.risk_deescalate(risk=risk, by=qms)
    for language in ("ky", "ru"):
        phone = open_page(width=360, language=language)
        login(phone, "head", language=language)
        phone.goto(phone.base_url + "/risks/register/")
        empty = phone.locator("[data-testid=register-empty]")
        box = empty.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(phone, f"register-empty-head-{language}-360")
