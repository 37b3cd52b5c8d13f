"""KPI monitoring asks for what is due, of whom it is due (issue 12).

The demo's IT department has not entered last year's academic achievement (the year ended
in August; its grace days are over): the QMS office's home counts that KPI, the IT head's
home lists it, and the IT centre — which the KPI does not apply to — is asked for nothing.
Nobody is asked for the academic year that began in September.
"""
import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot


def _count(page, testid: str) -> int:
    return int(page.locator(f"[data-testid={testid}] .value").inner_text())


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("width", [1366, 360])
def test_the_due_values_are_asked_of_the_units_they_apply_to(open_page, demo, language,
                                                             width):
    from sapat.processes.models import Indicator

    kpi = Indicator.objects.get(code="learning-outcomes")
    link = f"a[href^='/processes/kpis/{kpi.pk}/']"

    page = open_page(width=width, language=language)
    login(page, "qms", language=language)
    missing = page.locator("[data-testid=kpis-missing] li:has(a)")
    assert _count(page, "kpis-missing-count") == missing.count() == 1
    expect(missing.locator(link)).to_have_count(1)
    assert ("1 из 5" if language == "ru" else "5 бөлүмдүн 1") in missing.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"kpi-due-qms-{language}-{width}")

    head = open_page(width=width, language=language)
    login(head, "head", language=language)
    to_enter = head.locator("[data-testid=kpis-to-enter]")
    assert _count(head, "kpis-to-enter-count") == 1
    expect(to_enter.locator(link)).to_have_count(1)
    assert "2025" in to_enter.inner_text() or "–" in to_enter.inner_text()
    screenshot(head, f"kpi-due-head-{language}-{width}")

    centre = open_page(width=width, language=language)
    login(centre, "service", language=language)  # the IT centre's head
    expect(centre.locator("[data-testid=kpis-to-enter]").locator(link)).to_have_count(0)
    assert _count(centre, "kpis-to-enter-count") == 0


def test_the_qms_office_sets_the_grace_days(open_page, demo):
    from sapat.processes.models import MonitoringSettings

    page = open_page(width=360, language="ru")
    login(page, "qms", language="ru")
    page.goto(page.base_url + "/processes/kpis/")
    page.click("[data-testid=kpi-settings]")
    page.fill("#id_grace_days", "30")
    page.click("main form.form button[type=submit]")
    page.wait_for_selector(".msg-success")
    assert MonitoringSettings.load().grace_days == 30
    screenshot(page, "kpi-due-settings-ru-360")


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("width", [1366, 360])
def test_the_inbox_asks_what_the_home_page_counts(open_page, demo, language, width):
    """The head's inbox (the daily e-mail's list) names the KPI values their home counts
    as missing, by the same rule; the IT centre's inbox asks for none of them."""
    from sapat.processes.models import Indicator

    kpi = Indicator.objects.get(code="learning-outcomes")
    link = f"a[href^='/processes/kpis/{kpi.pk}/']"
    head = open_page(width=width, language=language)
    login(head, "head", language=language)
    late = _count(head, "kpis-to-enter-count")
    head.goto(head.base_url + "/inbox/")
    overdue_kpis = head.locator("[data-testid=inbox] li.inbox-overdue").filter(
        has=head.locator("a[href^='/processes/kpis/']"))
    assert overdue_kpis.count() == late == 1
    expect(overdue_kpis.locator(link)).to_have_count(1)
    assert head.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(head, f"kpi-due-inbox-head-{language}-{width}")

    centre = open_page(width=width, language=language)
    login(centre, "service", language=language)
    centre.goto(centre.base_url + "/inbox/")
    expect(centre.locator(f"[data-testid=inbox] {link}")).to_have_count(0)


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("width", [1366, 360])
def test_the_kpi_entry_page_has_a_legend_in_words(open_page, demo, language, width):
    from sapat.processes.models import Indicator

    kpi = Indicator.objects.get(code="learning-outcomes")  # 75 %, tolerance 5
    page = open_page(width=width, language=language)
    login(page, "head", language=language)
    page.goto(page.base_url + f"/processes/kpis/{kpi.pk}/")
    page.wait_for_selector("[data-testid=measurement-form]")
    legend = page.locator("[data-testid=kpi-chart-legend]")
    text = legend.inner_text()
    assert ("Целевое значение: 75" if language == "ru" else "Максаттуу мааниси: 75") in text
    assert ("Жёлтая зона" if language == "ru" else "Сары зона") in text
    assert "70" in text
    chart = page.locator("[data-testid=kpi-chart] svg")
    assert chart.get_attribute("aria-describedby") == "kpi-chart-legend"
    expect(page.locator("[data-testid=kpi-chart] [data-band=tolerance]")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"kpi-entry-{language}-{width}")

    qms = open_page(width=width, language=language)
    login(qms, "qms", language=language)
    qms.goto(qms.base_url + "/processes/kpis/")
    # The monitoring page marks the values due and missing: the home page's count.
    marked = qms.locator("[data-testid=kpi-row]").filter(
        has=qms.locator("[data-testid=kpi-missing]"))
    expect(marked).to_have_count(1)
    expect(marked.locator(f"a[href='/processes/kpis/{kpi.pk}/']")).to_have_count(1)
    assert ("1 из 5" if language == "ru" else "5 бөлүмдүн 1") in marked.inner_text()
    assert qms.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(qms, f"kpi-monitoring-qms-{language}-{width}")
