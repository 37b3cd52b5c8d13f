"""The axe-core harness itself: it finds a violation, reports it readably, sees every
document a test leaves, and leaves the site's CSP in force."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from .axe import AXE_JS, axe_check

BROKEN = """() => {
    const img = document.createElement("img");
    img.src = "/static/sapat/favicon.svg";
    img.id = "no-alt";
    document.querySelector("main").appendChild(img);
}"""


def test_axe_is_the_pinned_npm_package_and_runs_under_the_sites_csp(page):
    page.goto(page.base_url + "/login/")
    csp = page.evaluate(
        "() => fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    assert "script-src 'self'" in csp
    axe_check(page)  # the login page itself is clean
    assert (
        page.evaluate("() => window.axe.version")
        in AXE_JS.parent.joinpath("package.json").read_text()
    )
    # The page's policy still holds: an inline script (what add_script_tag adds) is refused.
    with pytest.raises(PlaywrightError):
        page.add_script_tag(content="window.inlineRan = true")
    assert page.evaluate("() => window.inlineRan === undefined")


def test_a_violation_fails_with_the_rule_and_the_element(page):
    page.goto(page.base_url + "/login/")
    page.evaluate(BROKEN)
    with pytest.raises(AssertionError) as failure:
        axe_check(page)
    text = str(failure.value)
    assert "image-alt" in text and "#no-alt" in text and "/login/" in text
    assert "[critical]" in text
    page.evaluate("() => document.getElementById('no-alt').remove()")


def test_a_document_is_checked_before_a_navigation_leaves_it(page):
    page.goto(page.base_url + "/login/")
    page.evaluate(BROKEN)
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    page.evaluate("() => window.sapatAxeRun()")  # what an htmx swap does
    with page.expect_navigation():
        page.click("#login-submit")  # leaves the page at once: the navigation waits for axe
    watch = page.context.axe
    assert any("image-alt" in report for report in watch.reports), watch.reports
    assert any(url.endswith("/login/") for url in watch.checked)
    watch.reports.clear()  # seen; the test itself must pass


def test_no_rule_is_tolerated():
    from .axe import TOLERATED

    assert TOLERATED == set()


def test_a_document_left_before_it_loaded_is_checked_and_let_go(page):
    """A click before `load` stops the document's loading, so `load` never comes: the check
    must not wait for it (it did, and held the click's navigation until the test timed out)."""
    never = []

    def login_page_that_never_loads(route):
        if route.request.method != "GET":
            route.fallback()  # the sign-in's POST goes through the harness as any navigation
            return
        response = route.fetch()
        html = response.text().replace("</main>", '<img src="/never-arrives.png" alt=""></main>')
        route.fulfill(response=response, body=html)

    page.route("**/login/", login_page_that_never_loads)
    page.route("**/never-arrives.png", lambda route: never.append(route))  # never arrives
    page.set_default_timeout(15000)
    page.goto(page.base_url + "/login/", wait_until="domcontentloaded")
    assert page.evaluate("() => document.readyState") != "complete"
    page.evaluate(BROKEN)
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    with page.expect_navigation():
        page.click("#login-submit")  # before `load`: the document stops loading
    watch = page.context.axe
    assert any("image-alt" in report for report in watch.reports), watch.reports
    watch.reports.clear()  # seen; the test itself must pass
    for route in never:
        route.abort()


def test_a_document_left_while_still_parsing_is_let_go_unchecked(page):
    """Before its scripts ran, a page is not what a person would see (scrolling tables not
    yet focusable, the error summary not yet focused): it is let go, not judged."""
    never = []

    def login_page_stuck_in_parsing(route):
        if route.request.method != "GET":
            route.fallback()
            return
        response = route.fetch()
        html = response.text().replace(
            "</main>",
            '<img src="/static/sapat/favicon.svg" id="no-alt">'
            '<script src="/never-arrives.js"></script></main>')
        route.fulfill(response=response, body=html)

    page.route("**/login/", login_page_stuck_in_parsing)
    page.route("**/never-arrives.js", lambda route: never.append(route))  # blocks the parser
    page.set_default_timeout(15000)
    page.goto(page.base_url + "/login/", wait_until="commit")
    page.wait_for_selector("#no-alt", state="attached")
    assert page.evaluate("() => document.readyState") == "loading"
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    with page.expect_navigation():
        page.click("#login-submit")
    watch = page.context.axe
    assert not any("image-alt" in report for report in watch.reports), watch.reports
    for route in never:
        route.abort()
