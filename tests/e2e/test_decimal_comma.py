"""«79,5» typed in a Kyrgyz or Russian page is 79,5 wherever it is shown (issue 12).

The browser's own locale is English, as on many of the university's computers: an
<input type=number> there reads «79,5» as 795.
"""
import pytest

from .conftest import login, screenshot


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_value_typed_with_a_decimal_comma_reads_back_with_one(open_page, demo, language):
    from decimal import Decimal

    from sapat.processes.models import Indicator, Measurement

    kpi = Indicator.objects.get(code="learning-outcomes")  # per cent, each unit reports
    page = open_page(width=1366, language="en-US")
    login(page, "head", language=language)
    page.goto(page.base_url + f"/processes/kpis/{kpi.pk}/")
    form = page.locator("[data-testid=measurement-form]")
    assert form.locator("#id_value").get_attribute("inputmode") == "decimal"
    # The year under way (the form opens on last year's, which is due): its only value is
    # this one, so the process card shows it rather than the departments' mean.
    from sapat.org.models import Period

    form.locator("#id_period").select_option(str(Period.current("year").pk))
    form.locator("#id_value").fill("")
    form.locator("#id_value").press_sequentially("79,5")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".msg-success")

    saved = Measurement.objects.filter(indicator=kpi).order_by("-entered_at").first()
    assert saved.value == Decimal("79.5")
    values = page.locator("[data-testid=measurements] td.num")
    assert "79,5\u00a0%" in values.all_inner_texts()  # «76,4 %»: one format everywhere
    dots = page.locator("[data-testid=kpi-chart] circle title").all_text_contents()
    assert any(t.endswith(": 79,5") for t in dots), dots
    assert "795" not in page.content()
    screenshot(page, f"kpi-decimal-comma-{language}")

    # The process card shows the same number.
    page.goto(page.base_url + f"/processes/{kpi.process_id}/")
    lines = page.locator("[data-testid=card-kpi]").all_inner_texts()
    assert any("79,5\u00a0%" in line for line in lines), lines
    screenshot(page, f"kpi-decimal-comma-card-{language}")
