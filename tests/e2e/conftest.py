"""End-to-end fixtures: Debian's Chromium driven by Playwright against the live server.

Screenshots land in `test-artifacts/screenshots/` for a person to look at.
"""
import os
from pathlib import Path

import pytest

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


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, locale="ky-KG")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


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
    page.wait_for_url(page.base_url + "/**")
    return page


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
