"""The process side in a real browser: the map, a card, KPIs, import, objectives, policy."""
import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import login, screenshot


def test_qms_office_walks_the_process_side(page, demo):
    login(page, "qms", language="ky")
    page.goto(page.base_url + "/processes/")
    assert page.locator("[data-testid=process]").count() >= 8
    screenshot(page, "process-map-ky")

    page.goto(page.base_url + "/processes/kpis/")
    assert page.locator("[data-testid=kpi-row]").count() >= 5
    screenshot(page, "kpi-list-ky")

    # The import template downloads and names the demo KPIs.
    page.goto(page.base_url + "/processes/kpis/import/")
    with page.expect_download() as info:
        page.click("a[href$='template.xlsx']")
    wb = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    codes = [r[0] for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "publications" in codes

    page.goto(page.base_url + "/processes/objectives/")
    expect(page.locator("[data-testid=objectives] tbody tr")).to_have_count(3)
    screenshot(page, "objectives-ky")

    page.goto(page.base_url + "/dashboards/integrated/")
    assert page.locator("[data-testid=integrated-row][data-kind=risk]").count() >= 6
    assert page.locator("[data-testid=integrated-row][data-kind=opportunity]").count() >= 3
    screenshot(page, "integrated-qms-ky")


def test_staff_reads_and_acknowledges_the_policy(page, demo):
    login(page, "staff", language="ru")
    reminder = "[data-testid=inbox-home] a[href='/processes/policy/']"
    expect(page.locator(reminder)).to_have_count(1)
    page.goto(page.base_url + "/processes/policy/")
    page.click("[data-testid=acknowledge]")
    page.wait_for_selector(".msg-success")
    expect(page.locator("[data-testid=acknowledge]")).to_have_count(0)
    screenshot(page, "policy-acknowledged-ru")
    page.goto(page.base_url + "/")
    expect(page.locator(reminder)).to_have_count(0)
