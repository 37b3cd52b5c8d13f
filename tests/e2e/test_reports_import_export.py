"""`head` downloads their passport, then imports a Word passport: a bad row first (nothing
saved, the row's error shown), then the corrected file (preview → save → in the passport)."""
import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from sapat.reports.tests.files import KY_PASSPORT_HEADERS, RU_PASSPORT_HEADERS, docx_file

from .conftest import login, screenshot

NEW = "Лабораториялык программалык камсыздоонун эскириши"


def rows(likelihood):
    return [[1, NEW, likelihood, 4, "", "Кафедра башчысы",
             "Лицензияларды жаңылоо; акысыз аналогдорго өтүү"]]


def upload(page, content, name):
    page.goto(page.base_url + "/reports/import/?kind=passport")
    page.set_input_files("#id_file", files=[{
        "name": name, "mimeType": "application/octet-stream", "buffer": content,
    }])
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("[data-testid=import-preview], .form-errors")


def test_head_exports_and_imports_their_passport(page, demo):
    login(page, "head", language="ky")
    page.goto(page.base_url + "/risks/passport/dep-it/")
    with page.expect_download() as info:
        page.click("[data-testid=export-passport-xlsx]")
    content = open(info.value.path(), "rb").read()
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    assert any("Илимий даражалуу" in str(c.value) for row in ws.iter_rows() for c in row)

    upload(page, docx_file(KY_PASSPORT_HEADERS, rows(7), broken=True), "pasport.docx")
    errors = page.inner_text("[data-testid=import-errors]")
    assert "7" in errors
    expect(page.locator("[data-testid=import-commit]")).to_have_count(0)
    screenshot(page, "reports-import-error-ky")

    upload(page, docx_file(KY_PASSPORT_HEADERS, rows(3), broken=True), "pasport.docx")
    preview = page.inner_text("[data-testid=import-preview]")
    assert "12 – жогору" in preview
    screenshot(page, "reports-import-preview-ky")
    page.click("[data-testid=import-commit]")
    page.wait_for_selector("[data-testid=passport-table]")
    assert NEW in page.inner_text("[data-testid=passport-table]")
    screenshot(page, "reports-import-done-ky")


def test_qms_previews_a_russian_passport_in_russian(page, demo):
    login(page, "qms", language="ru")
    upload(page, docx_file(RU_PASSPORT_HEADERS, rows(9)), "passport.docx")
    assert "9" in page.inner_text("[data-testid=import-errors]")
    screenshot(page, "reports-import-error-ru")
