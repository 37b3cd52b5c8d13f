"""Document control (ISO 9001 7.5) in a real browser, in Kyrgyz and Russian: the QMS
office drafts a new version of a procedure with a DOCX, a reviewer comments, the rector
approves it, an employee of the audience finds it in the inbox and acknowledges it, the
old version downloads stamped obsolete, the header's search finds the procedure by a word
of the new file's text in another form, and a person outside the audience cannot open a
confidential document."""
import io
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import choose_person, login

SHOTS = Path("/work/shots/h17d")
WORD = "Электрондук колтамгалар"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Документтерди башкаруу жол-жобосу", level=1)
    document.add_paragraph(f"3. {WORD} менен кол коюлган документтер Sapat тутумунда "
                           "сакталат.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_new_version_from_draft_to_acknowledgement(open_page, demo, language, tmp_path):
    from sapat.documents.models import Document, DocumentVersion

    procedure = Document.objects.get(code="СМС-ЖЖ-04")
    old = procedure.versions.get(number=1)
    old_file = old.files.get()
    minutes = Document.objects.get(code="ОК-П-2025-01")

    # The QMS office drafts version 2 with a DOCX and sends it to the head for review.
    qms = login(open_page(language=language), "qms", language=language)
    qms.goto(qms.base_url + "/documents/")
    shot(qms, f"register-qms-{language}-1366")
    qms.click(f"a[href='/documents/{procedure.pk}/']")
    qms.wait_for_selector("[data-testid=versions]")
    qms.click("[data-testid=version-new]")
    qms.fill("#id_change_summary", "Электрондук колтамга жөнүндө 3-пункт кошулду.")
    choose_person(qms, "reviewers", "Айгүл Орозбаева")
    qms.click("[data-testid=save]")
    qms.wait_for_selector("[data-testid=file-form]")
    path = tmp_path / "jol-joboo-v2.docx"
    path.write_bytes(docx_bytes())
    qms.set_input_files("#id_file", str(path))
    qms.click("[data-testid=file-upload]")
    qms.wait_for_selector("[data-testid=file-link]")
    shot(qms, f"version-draft-qms-{language}-1366")
    qms.click("[data-testid=send-review]")
    qms.wait_for_selector("[data-testid=comments]")
    v2 = DocumentVersion.objects.get(document=procedure, number=2)
    assert WORD in v2.files.get().text

    # The reviewer finds it in the inbox and comments.
    head = login(open_page(language=language), "head", language=language)
    head.locator(f"[data-testid=inbox-home] a[href='/documents/versions/{v2.pk}/']").click()
    head.fill("#id_text", "3-пункт так жазылган, макулмун.")
    head.click("[data-testid=comment-add]")
    head.wait_for_selector(".msg-success")
    assert "макулмун" in head.locator("[data-testid=comments]").inner_text()
    shot(head, f"version-review-head-{language}-1366")

    # The QMS office submits it; the rector approves it with the decision's № and date.
    qms.goto(qms.base_url + f"/documents/versions/{v2.pk}/")
    qms.click("[data-testid=submit-approval]")
    qms.wait_for_selector(".msg-success")
    rector = login(open_page(language=language), "rector", language=language)
    rector.locator(f"[data-testid=inbox-home] a[href='/documents/versions/{v2.pk}/']").click()
    rector.wait_for_selector("[data-testid=approve-form]")
    rector.fill("#id_approve-decision_no", "21")
    rector.fill("#id_approve-decision_date", "01.12.2026")
    rector.click("[data-testid=approve]")
    rector.wait_for_selector("[data-testid=confirm-approve]")
    rector.click("[data-testid=confirm-approve]")
    rector.wait_for_selector(".msg-success")
    shot(rector, f"version-approved-rector-{language}-1366")

    # The QMS office puts it in force: version 1 is superseded.
    qms.goto(qms.base_url + f"/documents/versions/{v2.pk}/")
    qms.click("[data-testid=publish]")
    qms.wait_for_selector(".msg-success")
    old.refresh_from_db()
    assert old.state == "superseded"

    # An employee of the IT department (the audience) acknowledges it from the inbox.
    staff = login(open_page(language=language), "staff", language=language)
    item = staff.locator(f"[data-testid=inbox-home] a[href='/documents/versions/{v2.pk}/']")
    expect(item).to_have_count(1)
    shot(staff, f"home-staff-inbox-{language}-1366")
    item.click()
    staff.click("[data-testid=acknowledge-button]")
    staff.wait_for_selector(".msg-success")
    assert v2.acknowledgements.filter(person__username="staff").exists()
    shot(staff, f"version-acknowledged-staff-{language}-1366")

    # The header's search box finds the procedure by a word of version 2's file text
    # typed in another form (колтамгалар → колтамганын), and leads to its page.
    box = staff.get_by_role("searchbox", name={"ky": "Sapat боюнча издөө",
                                               "ru": "Поиск по Sapat"}[language])
    box.fill("колтамганын")
    box.press("Enter")
    staff.wait_for_selector("[data-testid=search-summary], [data-testid=search-none]")
    documents = staff.locator("[data-testid=search-group-document]")
    link = documents.locator(f"a[href='/documents/{procedure.pk}/']")
    expect(link).to_have_count(1)
    assert "колтамгалар" in documents.locator("mark").first.inner_text().lower()
    shot(staff, f"search-document-staff-{language}-1366")
    Path("/work/shots/h17x").mkdir(parents=True, exist_ok=True)
    staff.screenshot(path=f"/work/shots/h17x/search-document-staff-{language}-1366.png",
                     full_page=True)
    link.click()
    staff.wait_for_selector("[data-testid=versions]")

    # The old version: marked obsolete on its page, its PDF downloads stamped.
    staff.goto(staff.base_url + f"/documents/versions/{old.pk}/")
    expect(staff.locator("[data-testid=obsolete-banner]")).to_have_count(1)
    shot(staff, f"version-obsolete-staff-{language}-1366")
    with staff.expect_download() as download:
        staff.click(f"a[href='/documents/files/{old_file.pk}/']")
    pdf = tmp_path / "old.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "OBSOLETE" in text and "ЭСКИРГЕН" in text, text
    assert "Документтер СМС бөлүмүндө катталат" in text

    # The Council's minutes are confidential: the employee cannot open them.
    response = staff.goto(staff.base_url + f"/documents/{minutes.pk}/")
    assert response.status == 404
    staff.goto(staff.base_url + "/documents/")
    assert "ОК-П-2025-01" not in staff.locator("[data-testid=documents]").inner_text()

    # The document's page shows who has read version 2, by unit.
    qms.goto(qms.base_url + f"/documents/{procedure.pk}/")
    expect(qms.locator("[data-testid=ack-status]")).to_have_count(1)
    shot(qms, f"document-detail-qms-{language}-1366")
    qms.goto(qms.base_url + "/documents/retention/")
    shot(qms, f"retention-qms-{language}-1366")
    qms.goto(qms.base_url + "/")
    expect(qms.locator("[data-testid=qms-documents]")).to_have_count(1)
    shot(qms, f"home-qms-{language}-1366")

    narrow = login(open_page(width=360, language=language), "staff", language=language)
    for url, name in (("/documents/", "register"),
                      (f"/documents/{procedure.pk}/", "document-detail"),
                      (f"/documents/versions/{v2.pk}/", "version"),
                      (f"/documents/versions/{old.pk}/", "version-obsolete"),
                      ("/search/?q=колтамганын", "search-document")):
        narrow.goto(narrow.base_url + url)
        shot(narrow, f"{name}-staff-{language}-360")
        assert narrow.evaluate("document.documentElement.scrollWidth") <= 360, url
    narrow.screenshot(path=f"/work/shots/h17x/search-document-staff-{language}-360.png",
                      full_page=True)
