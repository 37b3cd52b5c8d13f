"""The search box in the header, in Kyrgyz and Russian: a head types a word in another
grammatical form than the record's, presses Enter, finds their department's risk and
opens it — and does not find another institute's risk that the QMS office does find. On a
360 px phone the box sits under the top bar. axe checks every page on the way."""

from pathlib import Path

import pytest

from .conftest import login, screenshot

SHOTS = Path("/work/shots/h17s")

# The word typed, the form the record has it in, and the record's title as shown.
TYPED = {
    "ky": ("окутуучулар", "Илимий даражалуу окутуучулардын жетишсиздиги"),
    "ru": ("преподавателями", "Нехватка преподавателей с учёными степенями"),
}
OTHER_INSTITUTE = {
    "ky": "Профессордук-окутуучулук курамдын жарыялоо активдүүлүгүнүн төмөндүгү",
    "ru": "Снижение публикационной активности профессорско-преподавательского",
}


def opened(open_page, username, language, **size):
    page = open_page(language=language, **size)
    page.set_default_timeout(45000)
    return login(page, username, language=language)


def shot(page, name: str) -> None:
    screenshot(page, name)
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def search_from_header(page, words: str) -> None:
    box = page.get_by_role("searchbox", name={"ky": "Sapat боюнча издөө",
                                               "ru": "Поиск по Sapat"}[page.language])
    box.fill("")
    box.focus()
    page.keyboard.type(words)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=search-summary], [data-testid=search-none]")


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_word_in_another_form_is_found_within_reach(open_page, demo, language):
    typed, title = TYPED[language]

    head = opened(open_page, "head", language, width=1366)
    head.language = language
    search_from_header(head, typed)
    risks = head.locator("[data-testid=search-group-risk]")
    assert title in risks.inner_text()
    assert OTHER_INSTITUTE[language] not in head.content()
    assert head.locator("mark").count() >= 1
    shot(head, f"search-{language}-1366")
    risks.get_by_role("link", name=title).click()
    head.wait_for_url("**/risks/*/")
    assert title in head.locator("h1").inner_text()

    # The QMS office reads every unit and finds the other institute's risk too.
    qms = opened(open_page, "qms", language, width=1366)
    qms.language = language
    search_from_header(qms, typed)
    assert OTHER_INSTITUTE[language] in qms.locator("[data-testid=search-group-risk]").inner_text()

    # On a phone the box is under the top bar, as wide as the screen.
    phone = opened(open_page, "head", language, width=360, height=740)
    phone.language = language
    search_from_header(phone, typed)
    assert title in phone.locator("[data-testid=search-group-risk]").inner_text()
    box = phone.locator("#topsearch-q").bounding_box()
    assert box["width"] > 250
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the results page scrolls sideways: {width}px"
    shot(phone, f"search-{language}-360")

    # Nothing found: the page says so in the person's language.
    search_from_header(phone, "жокжоксөз")
    assert phone.locator("[data-testid=search-none]").is_visible()
