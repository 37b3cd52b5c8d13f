"""Every demo person signs in and lands on a home page in Kyrgyz, and in Russian."""
import pytest

from .conftest import login, screenshot

PEOPLE = ["rector", "qms", "director", "head", "head2", "service", "council", "auditor",
          "staff"]

GREETING = {"ky": "Кош келиңиз", "ru": "Добро пожаловать"}
SIGN_OUT = {"ky": "Чыгуу", "ru": "Выйти"}


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_each_demo_person_sees_their_home_page(page, demo, language):
    for username in PEOPLE:
        login(page, username, language=language)
        assert page.locator("html").get_attribute("lang") == language
        assert GREETING[language] in page.locator("[data-testid=greeting]").inner_text()
        assert page.locator("[data-testid=roles] tbody tr").count() >= 1
        assert SIGN_OUT[language] in page.locator(".topbar").inner_text()
        screenshot(page, f"home-{username}-{language}")
        page.click("text=" + SIGN_OUT[language])
        page.wait_for_url("**/login/**")
