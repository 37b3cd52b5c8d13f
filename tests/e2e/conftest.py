"""End-to-end fixtures: Debian's Chromium driven by Playwright against the live server.

Screenshots land in `test-artifacts/screenshots/` for a person to look at.

axe-core checks every page a test opens (tests/e2e/axe.py): each document when it has loaded
and after each htmx swap (a navigation waits for that check), and the last one when the test
ends; any violation fails the test with a list of rules and elements. `axe_check(page)`
checks the page as it is right now (an error state, a dialog). Pages made with `new_page()`
or the `open_page` fixture are watched the same way as the `page` fixture.
"""
import os
from pathlib import Path

import pytest

from .axe import axe_check, watch  # noqa: F401 — axe_check is for the tests

CHROMIUM = os.environ.get("SAPAT_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django must still let the
# test code touch the database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run scripts/ensure-system-packages "
            "(or 'apt-get install chromium')."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    """The JASU demo loaded into the live server's database."""
    from sapat.demo.loader import load_demo

    return load_demo(with_people=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


BROWSER_LOCALE = {"ky": "ky-KG", "ru": "ru-RU", "en": "en-GB"}


def new_page(chromium, base_url: str, width: int = 1400, height: int = 900,
             locale: str = "ky-KG", **context_options):
    """A page in a fresh browser context, watched by axe; close it with `close_page`."""
    context = chromium.new_context(
        viewport={"width": width, "height": height}, locale=locale, **context_options
    )
    context.axe = watch(context)
    page = context.new_page()
    # 30 s: under CI's load (two test processes on two cores) a save that renders a PDF
    # has taken longer than 15 s.
    page.set_default_timeout(30000)
    page.base_url = base_url
    return page


def close_page(page, request=None):
    """Close the page's context; fail with axe's list if any page it showed had violations.

    Nothing more is reported for a test that already failed (its own failure comes first).
    """
    context = page.context
    failed = request is not None and getattr(request.node, "rep_call", None) is not None \
        and request.node.rep_call.failed
    try:
        report = "" if failed else context.axe.finish(context.pages)
    finally:
        context.close()
    if report:
        pytest.fail(report, pytrace=False)


@pytest.fixture
def page(chromium, live_server, request):
    page = new_page(chromium, live_server.url)
    yield page
    close_page(page, request)


@pytest.fixture
def open_page(chromium, live_server, request):
    """Open more pages, each at its own width and browser locale: `open_page(width=360)`."""
    pages = []

    def opener(width: int = 1366, language: str = "ky", height: int = 800, **options):
        p = new_page(chromium, live_server.url, width=width, height=height,
                     locale=BROWSER_LOCALE.get(language, language), **options)
        pages.append(p)
        return p

    yield opener
    errors = []
    for p in pages:
        try:
            close_page(p, request)
        except pytest.fail.Exception as error:
            errors.append(str(error))
    if errors:
        pytest.fail("\n\n".join(errors), pytrace=False)


def login(page, username: str, password: str = "demo", language: str = "ky"):
    """Sign in through the login form, in `language`, and land on the home page."""
    page.goto(page.base_url + "/login/")
    page.context.add_cookies(
        [{"name": "sapat_language", "value": language, "url": page.base_url}]
    )
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-submit")
    # The click returns once the navigation starts; the test reads the page it lands on
    # (count() and evaluate() do not wait), so wait until it has left the login form and
    # the new document is parsed.
    page.wait_for_url(lambda url: "/login/" not in url, wait_until="domcontentloaded")
    return page


def choose_person(page, field: str, name: str) -> None:
    """Pick `name` in a people picker (searched, not listed; sapat.js's combobox for the
    <select name=`field`>): type the surname, click the match."""
    page.click(f"[data-testid=search-{field}]")
    page.keyboard.type(name.split()[-1])
    page.locator(f"[id='id_{field}-listbox'] [role=option]", has_text=name).click()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
