"""Internal audit end to end, in Kyrgyz and Russian: the QMS office plans an audit and is
refused an auditor from the audited unit, the rector approves the new edition of the
programme, and the auditor fills the generated checklist on a 390 px phone and issues the
report with a minor nonconformity. axe checks every page on the way."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot

SHOTS = Path("/work/shots/h15")


def opened(open_page, username, language, **size):
    """A signed-in page; generous waits, since two cores run six engineers' tests."""
    page = open_page(language=language, **size)
    page.set_default_timeout(45000)
    return login(page, username, language=language)


def shot(page, name: str) -> None:
    screenshot(page, name)
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_an_audit_from_plan_to_report(open_page, demo, language):
    from sapat.audits.models import Audit, AuditProgramme, Finding
    from sapat.org.models import Person, Unit
    from sapat.processes.models import Process

    programme = AuditProgramme.objects.get()
    auditor = Person.objects.get(username="auditor")  # works in the QMS office (apd)
    today = datetime.date.today()

    # The QMS office opens a new edition of the approved programme to add an audit.
    qms = opened(open_page, "qms", language, width=1366)
    qms.goto(qms.base_url + f"/audits/programmes/{programme.pk}/")
    qms.locator("details summary").click()
    qms.fill("#id_reason", "Мансап борборунун аудити кошулат")
    qms.locator("details form button[type=submit]").click()
    qms.wait_for_selector("[data-testid=plan-audit]")
    qms.click("[data-testid=plan-audit]")

    # An auditor from the audited unit is refused, and the page says why.
    qms.fill("#id_title", "Мансап борборунун ички аудити")
    qms.select_option("#id_units", value=str(Unit.objects.get(code="apd").pk))
    qms.select_option("#id_processes", value=str(Process.objects.get(code="employers").pk))
    qms.select_option("#id_lead_auditor", value=str(auditor.pk))
    qms.fill("#id_planned_start", today.isoformat())
    qms.fill("#id_planned_end", (today + datetime.timedelta(days=2)).isoformat())
    qms.click("[data-testid=save]")
    summary = qms.locator("[data-testid=error-summary]")
    summary.wait_for()
    reason = {
        "ky": "эч ким өз бөлүмүн аудиттебейт",
        "ru": "никто не проводит аудит своего подразделения",
    }[language]
    assert reason in summary.inner_text()
    shot(qms, f"audit-refused-{language}-1366")

    # Another unit: accepted; then the edition goes to the rector.
    qms.select_option("#id_units", value=str(Unit.objects.get(code="career").pk))
    qms.click("[data-testid=save]")
    qms.wait_for_selector("[data-testid=plan]")
    audit = Audit.objects.get(title="Мансап борборунун ички аудити")
    qms.goto(qms.base_url + f"/audits/programmes/{programme.pk}/")
    qms.click("[data-testid=submit-approval]")
    qms.wait_for_selector(".msg-success")
    shot(qms, f"audit-programme-submitted-{language}-1366")

    rector = opened(open_page, "rector", language, width=1366)
    rector.goto(rector.base_url + f"/audits/programmes/{programme.pk}/")
    rector.fill("#id_approve-decision_no", "СМС-08")
    rector.fill("#id_approve-decision_date", today.strftime("%d.%m.%Y"))
    rector.click("[data-testid=approve]")
    rector.click("[data-testid=confirm-approve]")
    rector.wait_for_selector(".msg-success")
    programme.refresh_from_db()
    assert (programme.state, programme.edition, programme.decision_no) == ("approved", 2, "СМС-08")

    # The auditor, on a phone: start, write the checklist from the data, grade, report.
    phone = opened(open_page, "auditor", language, width=390, height=844)
    phone.goto(phone.base_url + f"/audits/{audit.pk}/")
    # The generate button is on the page before the start too (the team may prepare the
    # checklist), so wait for the page the start's post leads to before clicking it: a
    # click on the old page raced the start's navigation and hung on PostgreSQL CI.
    phone.click("[data-testid=start]")
    phone.wait_for_selector("[data-testid=audit-state][data-state=in_progress]")
    phone.click("[data-testid=generate]")
    phone.wait_for_selector("[data-testid=question]")
    questions = phone.locator("[data-testid=question]")
    count = questions.count()
    assert count >= 2  # the process card and its KPIs at least
    shot(phone, f"audit-checklist-{language}-390")
    for i in range(count):
        card = phone.locator("[data-testid=question]").nth(i)
        grade = "minor" if i == 0 else "conforming"
        card.locator(f"input[value={grade}]").check()
        card.locator("textarea").fill("Буйруктардын 5 үлгүсү көрүлдү")
        card.locator("[data-testid=save-grade]").click()
        phone.locator("[data-testid=question]").nth(i).locator("[data-testid=grade]").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, f"audit-graded-{language}-390")
    phone.click("[data-testid=issue]")
    phone.fill("#id_summary", "Процесс негизинен талаптарга ылайык; бир майда дал келбестик.")
    phone.click("[data-testid=save]")
    phone.wait_for_selector("[data-testid=report]")
    shot(phone, f"audit-report-issued-{language}-390")
    audit.refresh_from_db()
    assert audit.state == Audit.State.REPORTED
    assert Finding.objects.filter(question__audit=audit, grade="minor").count() == 1

    # The QMS office follows the programme: the calendar shows the new audit, the
    # proposal ranks processes with their reasons; the same pages on a 360 px phone.
    qms.goto(qms.base_url + f"/audits/programmes/{programme.pk}/calendar/")
    assert (
        qms.locator("[data-testid=calendar-audit]").filter(has_text="Мансап борборунун").count()
        >= 1
    )
    shot(qms, f"audit-calendar-{language}-1366")
    qms.goto(qms.base_url + f"/audits/programmes/{programme.pk}/priorities/")
    assert qms.locator("[data-testid=process-priorities] tbody tr").count() >= 5
    shot(qms, f"audit-priorities-{language}-1366")
    small = opened(open_page, "qms", language, width=360)
    for path, name in (
        (f"/audits/programmes/{programme.pk}/", "programme"),
        (f"/audits/programmes/{programme.pk}/calendar/", "calendar"),
        (f"/audits/{audit.pk}/", "audit"),
    ):
        small.goto(small.base_url + path)
        shot(small, f"audit-{name}-{language}-360")
    small.goto(small.base_url + "/")
    head_phone = opened(open_page, "auditor", language, width=360)
    expect(head_phone.locator("[data-testid=dashboard-auditor]")).to_have_count(1)
    shot(head_phone, f"audit-home-auditor-{language}-360")
