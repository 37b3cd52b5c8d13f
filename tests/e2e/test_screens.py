"""Screens for the devices people have: a 1366 px laptop and a 360 px phone.

A table of the regulation scrolls inside its frame, with its header row and first column
kept in view; the page itself never scrolls sideways.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot

# The regulation's tables, as the QMS office sees them: (page, the table's data-testid).
REGULATION_TABLES = [
    ("/dashboards/integrated/", "integrated-table"),
    ("/risks/register/", "register"),
    ("/risks/consolidated/", "consolidated"),
    ("/risks/passport/", "passport-table"),
    ("/processes/objectives/", "objectives"),
]

# Where the table's frame is, and where its last header cell and first column are after the
# frame has been scrolled to its right end and down a little.
FRAME_GEOMETRY = """(table) => {
  const frame = table.closest(".table-frame");
  if (!frame) return null;
  frame.scrollIntoView({block: "start"});
  frame.scrollLeft = frame.scrollWidth;
  frame.scrollTop = Math.min(200, frame.scrollHeight - frame.clientHeight);
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const heads = table.querySelectorAll("thead th");
  const firstCell = table.querySelector("tbody tr > :first-child");
  return {
    frame: box(frame),
    scrolledDown: frame.scrollTop, viewportHeight: window.innerHeight,
    last: box(heads[heads.length - 1]), first: box(heads[0]), firstCell: box(firstCell),
    pageWidth: document.scrollingElement.scrollWidth,
  };
}"""


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_regulation_tables_scroll_inside_their_frame_at_1366(open_page, demo, language):
    page = open_page(width=1366, language=language)
    login(page, "qms", language=language)
    for path, testid in REGULATION_TABLES:
        if path == "/risks/passport/":
            path = "/risks/passport/" + demo_unit_with_risks(demo) + "/"
        page.goto(page.base_url + path)
        table = page.locator(f"[data-testid={testid}]")
        g = table.evaluate(FRAME_GEOMETRY)
        assert g is not None, f"{path}: the table is not in a frame"
        assert g["pageWidth"] <= 1366, f"{path}: the page scrolls sideways ({g['pageWidth']} px)"
        # The frame, horizontal scrollbar included, fits in the window.
        assert g["frame"]["bottom"] - g["frame"]["top"] <= g["viewportHeight"], path
        assert g["frame"]["right"] <= 1366, path
        # The last column is reachable inside the frame.
        assert (
            g["frame"]["left"] <= g["last"]["left"]
            and g["last"]["right"] <= g["frame"]["right"] + 0.5
        ), (path, g)
        # The first column stayed at the frame's left edge, the header row at its top.
        assert abs(g["first"]["left"] - g["frame"]["left"]) <= 2, (path, g)
        assert abs(g["firstCell"]["left"] - g["frame"]["left"]) <= 2, (path, g)
        assert abs(g["first"]["top"] - g["frame"]["top"]) <= 2, (path, g)
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, f"frame-{testid}-1366-{language}")


def demo_unit_with_risks(demo) -> str:
    """The code of the demo unit whose passport holds the most risks."""
    from django.db.models import Count

    from sapat.risks.models import Risk

    return (
        Risk.objects.filter(archived_at__isnull=True)
        .values("unit__code")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__code")[0]["unit__code"]
    )


# The pages a person opens most, beside the menu's own entries.
def more_pages(demo) -> list[str]:
    from sapat.processes.models import Indicator, Process
    from sapat.risks.models import Measure, Risk

    risk = Risk.objects.filter(archived_at__isnull=True).order_by("pk").first()
    measure = Measure.objects.filter(risk=risk).order_by("pk").first()
    return [
        f"/risks/{risk.pk}/",
        f"/risks/{risk.pk}/edit/",
        f"/risks/passport/{risk.unit.code}/add/",
        f"/risks/measures/{measure.pk}/complete/",
        f"/processes/{Process.objects.order_by('pk').first().pk}/",
        f"/processes/kpis/{Indicator.objects.order_by('pk').first().pk}/",
    ]


def page_width(page) -> int:
    """The page's scrolling width, once the document shown is parsed (a click returns when
    the navigation starts, with no document element yet to measure)."""
    page.wait_for_load_state("domcontentloaded")
    return page.evaluate("document.scrollingElement.scrollWidth")


@pytest.mark.parametrize(("username", "language"), [("qms", "ky"), ("head", "ru")])
def test_no_page_scrolls_sideways_at_360(open_page, demo, username, language):
    page = open_page(width=360, language=language)
    login(page, username, language=language)
    menu = page.locator("nav.sidenav")
    urls = menu.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(urls) >= 5
    too_wide = {}
    for url in urls + (more_pages(demo) if username == "qms" else []):
        page.goto(page.base_url + url)
        assert page.url.startswith(page.base_url)
        if page_width(page) > 360:
            too_wide[url] = page_width(page)
        name = url.strip("/").replace("/", "-") or "home"
        screenshot(page, f"360-{username}-{language}-{name}")
    assert too_wide == {}, f"pages wider than 360 px: {too_wide}"


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_menu_hides_behind_a_button_on_a_phone(open_page, demo, language):
    page = open_page(width=360, language=language)
    login(page, "head", language=language)
    toggle = page.locator("[data-menu-toggle]")
    menu = page.locator("nav.sidenav")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    # The content starts right under the top bar, not under a block of links.
    assert page.locator("main h1").bounding_box()["y"] < 250
    # By keyboard: Tab to the button, Enter opens the menu, Escape closes it.
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
    screenshot(page, f"360-menu-open-{language}")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    page.keyboard.press("Space")
    assert menu.is_visible()
    menu.locator("a[href='/risks/my-measures/']").click()
    page.wait_for_url("**/risks/my-measures/")
    assert not menu.is_visible()


def test_menu_stays_in_view_on_a_laptop(open_page, demo):
    page = open_page(width=1366)
    login(page, "head")
    assert not page.locator("[data-menu-toggle]").is_visible()
    assert page.locator("nav.sidenav").is_visible()


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_head_adds_a_measures_result_and_evidence_from_a_phone(open_page, demo, language, tmp_path):
    from sapat.risks.models import Measure

    page = open_page(width=360, language=language)
    login(page, "head", language=language)
    page.goto(page.base_url + "/risks/my-measures/")
    assert page_width(page) <= 360
    row = page.locator("[data-testid=my-measure]").first
    row.locator("a[href*='/complete/']").click()
    form = page.locator("[data-testid=measure-form]")
    # The click returns once the navigation starts; measure the form's page, not one still
    # being parsed (no document element yet to measure).
    page.wait_for_url(re.compile(r"/measures/\d+/complete/"), wait_until="domcontentloaded")
    form.wait_for()
    assert page_width(page) <= 360
    measure_pk = int(page.url.split("/measures/")[1].split("/")[0])
    # Every field fits the phone's width.
    for box in form.locator("input:visible, textarea:visible, select:visible").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    ):
        assert box <= 360
    evidence = tmp_path / "akt-2026.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    form.locator("textarea[name=result]").fill("Семинар өттү, 24 катышуучу.")
    form.locator("input[name=evidence]").set_input_files(str(evidence))
    screenshot(page, f"360-measure-complete-{language}")
    form.locator("[data-testid=save]").click()
    page.wait_for_selector(".msg-success")
    assert page_width(page) <= 360
    measure = Measure.objects.get(pk=measure_pk)
    assert measure.result == "Семинар өттү, 24 катышуучу."
    assert measure.evidence.name.endswith(".pdf")


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_an_invalid_submit_puts_the_focus_on_an_error_summary(open_page, demo, language):
    page = open_page(width=1366, language=language)
    login(page, "head", language=language)
    page.goto(page.base_url + "/risks/my-measures/")
    page.locator("[data-testid=my-measure] a[href*='/complete/']").first.click()
    form = page.locator("[data-testid=measure-form]")
    form.locator("input[name=completed_on]").fill("")
    form.locator("[data-testid=save]").click()
    summary = page.locator("[data-testid=error-summary]")
    summary.wait_for()
    # sapat.js (deferred) moves the focus once the page is parsed: wait for it, not just
    # for the summary to be in the document.
    page.wait_for_function("() => document.activeElement.dataset.testid === 'error-summary'")
    # Its link leads to the field; the labels start with a capital letter.
    link = summary.locator("a[href='#id_completed_on']")
    expect(link).to_have_count(1)
    label = page.locator("label[for=id_completed_on]").inner_text()
    assert label[0].isupper(), label
    screenshot(page, f"error-summary-{language}")
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "id_completed_on"


def test_band_counts_on_the_home_page_are_words_not_only_colours(open_page, demo):
    page = open_page(width=1366, language="ru")
    login(page, "head", language="ru")
    chips = page.locator("[data-testid=band-counts] .band").all_inner_texts()
    assert chips and all(any(ch.isalpha() for ch in chip) for chip in chips), chips


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_passports_unit_switch_waits_for_its_button(open_page, demo, language):
    page = open_page(width=1366, language=language)
    login(page, "qms", language=language)
    page.goto(page.base_url + "/risks/passport/apd/")
    switch = page.locator("[data-testid=unit-switch] select")
    switch.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url.endswith("/risks/passport/apd/")  # arrow keys change nothing yet
    chosen = switch.input_value()
    page.locator("[data-testid=unit-switch] button").click()
    page.wait_for_url(f"**/risks/passport/{chosen}/")
