"""The management review and the annual QMS report in a real browser, in Kyrgyz and Russian.

The QMS office compiles this year's review (each 9.3.2 input shows the demo's figures);
the rector holds it — its inputs are frozen — and records two decisions that become
actions; the head of the IT department completes one from the inbox; the QMS office
generates the annual report and submits it; the Academic Council returns it with a
reason; it is corrected and approved with the decision's number and date; and the frozen
PDF stays the same file when a KPI changes afterwards."""
import datetime
import hashlib
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import choose_person, login

SHOTS = Path("/work/shots/h16r")
TEXTS = {
    "ky": {"b": "Жаңы окутуу платформасына өтүү", "d": "Компьютердик лабораториялардын",
           "a": "Эки компьютердик лабораторияны жаңылоо"},
    "ru": {"b": "Переход на новую платформу обучения", "d": "Оборудование компьютерных",
           "a": "Обновить две компьютерные лаборатории"},
}


def opened(open_page, username, language, **size):
    page = open_page(language=language, **size)
    page.set_default_timeout(60000)
    return login(page, username, language=language)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def download(page, url: str) -> bytes:
    response = page.request.get(page.base_url + url)
    assert response.ok, url
    return response.body()


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_review_held_outputs_done_and_annual_report_approved(open_page, demo, language):
    from sapat.approvals.models import ApprovalRequest
    from sapat.org.models import AcademicYear, Person, Unit
    from sapat.processes.models import Measurement
    from sapat.reviews.models import AnnualReport, ManagementReview, ReviewOutput

    today = datetime.date.today()
    review = ManagementReview.objects.get(state="preparation")
    url = f"/reviews/{review.pk}/"

    # The QMS office compiles this year's review: every input, with the demo's figures.
    qms = opened(open_page, "qms", language, width=1366)
    qms.goto(qms.base_url + "/reviews/")
    qms.click(f"a[href='{url}']")
    qms.wait_for_selector("[data-testid=live]")
    for key in ("a", "b", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "d", "e", "f"):
        expect(qms.locator(f"[data-testid=section-{key}]"), key).to_have_count(1)
    assert TEXTS[language]["b"] in qms.locator("[data-testid=section-b]").inner_text()
    assert TEXTS[language]["d"] in qms.locator("[data-testid=section-d]").inner_text()
    assert TEXTS[language]["a"] in qms.locator("[data-testid=section-a]").inner_text()
    expect(qms.locator("[data-testid=section-c3] svg")).to_have_count(1)
    expect(qms.locator("[data-testid=section-e] svg")).to_have_count(3)
    expect(qms.locator("[data-testid=section-c7] [data-testid=section-note]")).to_have_count(1)
    shot(qms, f"review-compiled-qms-{language}-1366")

    # The rector holds it (the inputs freeze) and records two decisions.
    rector = opened(open_page, "rector", language, width=1366)
    rector.goto(rector.base_url + url)
    rector.fill("#id_attendees", "Б. Асанов, Г. Токтосунова, А. Орозбаева")
    rector.fill("#id_minutes", "Кирүүлөр каралды.")
    rector.click("[data-testid=hold-form] button[type=submit]")
    rector.wait_for_selector("[data-testid=frozen]")
    review.refresh_from_db()
    assert review.is_held and len(review.snapshot_sha256) == 64
    head = Person.objects.get(username="head")
    dep_it = Unit.objects.get(code="dep-it")
    due = (today + datetime.timedelta(days=7)).strftime("%d.%m.%Y")
    for number, (kind, text) in enumerate((("improvement", "Сурамжылоону кеңейтүү"),
                                           ("resource", "Окуу залын жабдуу")), start=1):
        rector.select_option("#id_kind", kind)
        rector.fill("#id_text", text)
        rector.select_option("#id_unit", str(dep_it.pk))
        choose_person(rector, "person", head.full_name)
        rector.fill("#id_due_date", due)
        rector.click("[data-testid=output-form] button[type=submit]")
        # The page after the decision (the message of the one before is on the old page).
        expect(rector.locator("[data-testid=output-row]")).to_have_count(number)
    outputs = list(ReviewOutput.objects.filter(review=review).order_by("number"))
    assert [o.number for o in outputs] == [1, 2]
    expect(rector.locator("[data-testid=output-row]")).to_have_count(2)
    shot(rector, f"review-held-rector-{language}-1366")

    # The head completes one from the inbox.
    head_page = opened(open_page, "head", language, width=1366)
    href = f"/reviews/outputs/{outputs[0].pk}/"
    link = head_page.locator(f"[data-testid=inbox-home] a[href='{href}']")
    expect(link).to_have_count(1)
    shot(head_page, f"home-head-inbox-{language}-1366")
    link.click()
    head_page.fill("#id_result", "Сурамжылоо 3 факультетке жайылтылды.")
    head_page.click("[data-testid=complete-form] button[type=submit]")
    head_page.wait_for_selector(".msg-success")
    outputs[0].refresh_from_db()
    assert outputs[0].status == "done"
    shot(head_page, f"output-done-head-{language}-1366")

    # The QMS office generates the annual report and submits it.
    year = AcademicYear.objects.get(is_current=True)
    qms.goto(qms.base_url + "/reviews/")
    qms.select_option("#id_annual_year", str(year.pk))
    qms.click("[data-testid=annual-generate] button[type=submit]")
    qms.wait_for_selector("[data-testid=annual-texts]")
    report = AnnualReport.objects.get(year=year)
    qms.fill("#id_summary", "СМС жыл ичинде натыйжалуу иштеди.")
    qms.click("[data-testid=annual-texts] button[type=submit]")
    qms.wait_for_selector(".msg-success")
    qms.click("[data-testid=submit-approval]")
    qms.wait_for_selector(".msg-success")
    shot(qms, f"annual-submitted-qms-{language}-1366")

    # The council returns it with a reason.
    council = opened(open_page, "council", language, width=1366)
    council.locator(f"[data-testid=inbox-home] a[href='/reviews/annual/{report.pk}/']").click()
    council.fill("#id_return-reason", "c3 бөлүмүнө корутунду кошуңуз.")
    council.click("[data-testid=return]")
    council.wait_for_selector("[data-testid=approval-returned]")
    shot(council, f"annual-returned-council-{language}-1366")

    # Corrected and submitted again; the council approves it by its decision № and date.
    qms.goto(qms.base_url + f"/reviews/annual/{report.pk}/")
    assert "c3" in qms.locator("[data-testid=approval-returned]").inner_text()
    qms.fill("#id_c3", "Процесстердин көпчүлүгү максатка жетти.")
    qms.click("[data-testid=annual-texts] button[type=submit]")
    qms.wait_for_selector(".msg-success")
    qms.click("[data-testid=submit-approval]")
    qms.wait_for_selector(".msg-success")
    council.goto(council.base_url + f"/reviews/annual/{report.pk}/")
    council.fill("#id_approve-decision_no", "9")
    council.fill("#id_approve-decision_date", today.strftime("%d.%m.%Y"))
    council.click("[data-testid=approve]")
    council.wait_for_selector("[data-testid=confirm-approve]")
    council.click("[data-testid=confirm-approve]")
    council.wait_for_selector("[data-testid=approved]")
    shot(council, f"annual-approved-council-{language}-1366")
    approved = ApprovalRequest.objects.get(kind="annual-qms-report", object_id=report.pk,
                                           state="approved")
    assert approved.decision_no == "9" and approved.decision_date == today

    # The frozen PDF stays the same file when a KPI changes.
    frozen_url = f"/approvals/{approved.pk}/document/"
    before = download(council, frozen_url)
    assert hashlib.sha256(before).hexdigest() == approved.sha256
    Measurement.objects.filter(period__year=year).update(value=1)
    council.goto(council.base_url + f"/reviews/annual/{report.pk}/")
    after = download(council, frozen_url)
    assert after == before
    assert download(council, f"/reviews/annual/{report.pk}/report.pdf?lang=ky") == before
    pdf = SHOTS / f"annual-approved-{language}.pdf"
    pdf.write_bytes(before)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf),
                    str(SHOTS / f"annual-approved-{language}-page")], check=False)
    pack = download(rector, f"/reviews/{review.pk}/pack.pdf?lang={language}")
    (SHOTS / f"review-pack-{language}.pdf").write_bytes(pack)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2",
                    str(SHOTS / f"review-pack-{language}.pdf"),
                    str(SHOTS / f"review-pack-{language}-page")], check=False)

    # Phones: the review, the decision and the report at 360 px.
    for who, path, name in (("rector", url, "review"),
                            ("head", f"/reviews/outputs/{outputs[1].pk}/", "output"),
                            ("council", f"/reviews/annual/{report.pk}/", "annual")):
        narrow = opened(open_page, who, language, width=360)
        narrow.goto(narrow.base_url + path)
        shot(narrow, f"{name}-{who}-{language}-360")
