"""Dates are typed and read back as dd.mm.yyyy in Kyrgyz and Russian (issue 12).

The browser is English, as on many of the university's computers: an <input type=date>
there showed mm/dd/yyyy beside dates printed 06.12.2026.
"""
import datetime

import pytest

from .conftest import login, screenshot


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("width", [1366, 360])
def test_a_due_date_typed_dd_mm_yyyy_reads_back_the_same(open_page, demo, language, width):
    from sapat.risks.models import Measure, Risk

    risk = Risk.objects.filter(unit__code="dep-it").order_by("pk").first()
    page = open_page(width=width, language="en-US")
    login(page, "head", language=language)
    page.goto(page.base_url + f"/risks/{risk.pk}/measures/add/")
    due = page.locator("#id_due_date")
    assert due.get_attribute("type") == "text"
    assert due.get_attribute("placeholder") == ("дд.мм.гггг" if language == "ru"
                                                 else "кк.аа.жжжж")
    page.fill("#id_text", "Лабораторияны жаңылоо")
    due.fill("05.01.2027")
    screenshot(page, f"date-input-{language}-{width}")
    page.click("[data-testid=save]")
    page.wait_for_selector(".msg-success")
    measure = Measure.objects.get(risk=risk, text="Лабораторияны жаңылоо")
    assert measure.due_date == datetime.date(2027, 1, 5)
    assert "05.01.2027" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(page.base_url + f"/risks/measures/{measure.pk}/edit/")
    assert page.locator("#id_due_date").input_value() == "05.01.2027"
