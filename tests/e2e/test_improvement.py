"""Corrective action end to end, in Kyrgyz and Russian, from the demo's issued audit
report with a minor nonconformity (opened by the report, never typed again): the head
records the correction, the decision, the root cause and an action; staff complete the
action with its evidence; the QMS office judges it effective; the head re-assesses the
unit's risk, whose new assessment shows in its history and on the heat map; the QMS office
closes the nonconformity. Screens at 1366 and 360 px; axe checks every page."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot

SHOTS = Path("/work/shots/h15i")


def opened(open_page, username, language, **size):
    page = open_page(language=language, **size)
    page.set_default_timeout(45000)
    return login(page, username, language=language)


def shot(page, name: str) -> None:
    screenshot(page, name)
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def save_step(page):
    page.click("[data-testid=step-save]")
    page.wait_for_selector(".msg-success")


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_minor_finding_from_correction_to_closure(open_page, demo, language, tmp_path):
    from sapat.improvement.models import CorrectiveAction, Nonconformity, Step
    from sapat.org.models import Person
    from sapat.risks.models import Risk

    nc = Nonconformity.objects.get(source="audit", grade="minor")
    assert nc.state == Step.CORRECTION and nc.finding_id
    risk = Risk.objects.live().filter(unit=nc.unit).order_by("pk").first()
    staff = Person.objects.get(username="staff")
    today = datetime.date.today()
    detail = f"/improvement/{nc.pk}/"

    # The head finds it on the home page, opened by the audit report.
    head = opened(open_page, "head", language, width=1366)
    panel = head.locator("[data-testid=nc-head-panel]")
    panel.get_by_role("link", name=nc.code).click()
    head.wait_for_selector("[data-testid=nc-about]")
    assert "ISO 9001" in head.inner_text("h1 + p")
    shot(head, f"nc-opened-{language}-1366")

    # a) correction, b) decision, c) root cause, d) one action.
    head.fill("#id_text", "Баалоо критерийлери программага кошулду")
    head.fill("#id_done_on", today.strftime("%d.%m.%Y"))
    # "Done by" is one person, searched: the head is chosen; picking the lecturer replaces
    # them (the keyboard alone: type, Down, Enter).
    done_by = head.locator("[data-testid=combo-done_by] .combo-chosen li")
    expect(done_by).to_have_count(1)
    head.click("[data-testid=search-done_by]")
    head.keyboard.type(staff.full_name.split()[-1])
    head.wait_for_selector("#id_done_by-listbox [role=option]")
    head.keyboard.press("ArrowDown")
    head.keyboard.press("Enter")
    assert done_by.count() == 1 and staff.full_name in done_by.inner_text()
    save_step(head)
    assert Nonconformity.objects.get(pk=nc.pk).correction.done_by_id == staff.pk
    head.check("#id_needed_0")
    head.fill("#id_reason", "Башка программаларда да кайталанышы мүмкүн")
    save_step(head)
    head.check("#id_method_0")
    head.select_option("#id_category", "methods")
    head.fill("#id_root_cause", "Программаларды текшерүүнүн тартиби жок")
    head.fill("#id_cause_1", "Эмне үчүн критерийлер жок? Шаблондо талап жок")
    head.fill("#id_evidence_1", "Программанын шаблону, 2024")
    save_step(head)
    head.fill("#id_text", "Программанын шаблонуна баалоо критерийлерин киргизүү")
    head.fill("#id_due_date", (today + datetime.timedelta(days=10)).strftime("%d.%m.%Y"))
    # The responsible people are searched, not listed (sapat.js's combobox).
    head.click("[data-testid=search-people]")
    head.keyboard.type(staff.last_name or staff.full_name.split()[-1])
    head.locator("#id_people-listbox [role=option]", has_text=staff.full_name).click()
    expect(head.locator("[data-testid=combo-people] .combo-chosen li")).to_have_count(1)
    save_step(head)
    assert Nonconformity.objects.get(pk=nc.pk).state == Step.ACTIONS
    shot(head, f"nc-actions-{language}-1366")

    # Staff complete the action with evidence (from their inbox on the home page).
    action = CorrectiveAction.objects.get(nonconformity=nc)
    worker = opened(open_page, "staff", language, width=360, height=740)
    worker.goto(worker.base_url + f"/improvement/actions/{action.pk}/")
    evidence = tmp_path / "shablon.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    worker.fill("#id_result", "Шаблон жаңыланды, кафедрада бекитилди")
    worker.set_input_files("#id_evidence", str(evidence))
    shot(worker, f"nc-action-complete-{language}-360")
    worker.click("[data-testid=complete]")
    worker.wait_for_selector("[data-testid=evidence]")
    assert Nonconformity.objects.get(pk=nc.pk).state == Step.REVIEW

    # The QMS office judges the action effective.
    qms = opened(open_page, "qms", language, width=1366)
    qms.goto(qms.base_url + detail)
    qms.check("#id_verdict_0")
    qms.fill("#id_reason", "Кийинки текшерүүдө бардык программаларда критерийлер бар")
    save_step(qms)
    expect(qms.locator("[data-testid=verdict]")).to_have_count(1)

    # f) the head re-assesses the unit's risk: a new assessment in its history.
    before = risk.assessments.count()
    head.goto(head.base_url + detail)
    head.check("#id_kind_0")
    head.select_option("#id_risk", value=str(risk.pk))
    head.select_option("#id_likelihood", "1")
    head.select_option("#id_consequences", str(risk.consequences))
    head.fill("#id_reason", "Шаблон өзгөргөндөн кийин ыктымалдуулук төмөндөдү")
    save_step(head)
    assert risk.assessments.count() == before + 1
    head.click("[data-testid=decided-risk]")
    head.wait_for_selector("text=Шаблон өзгөргөндөн кийин ыктымалдуулук төмөндөдү")
    shot(head, f"nc-risk-history-{language}-1366")
    head.goto(head.base_url + f"/risks/heatmap/?unit={nc.unit.code}")
    cell = head.locator(f"[data-testid=heatmap-inherent] a[href*='l=1&c={risk.consequences}']")
    assert cell.count() >= 1
    shot(head, f"nc-risk-heatmap-{language}-1366")
    cell.first.click()  # the cell's risks, in the consolidated register
    head.wait_for_selector(f"text={risk.text_in('title', language)[:40]}")

    # The QMS office closes it; the register shows it closed.
    qms.goto(qms.base_url + detail)
    qms.click("[data-testid=close]")
    qms.wait_for_selector("[data-testid=closed]")
    assert Nonconformity.objects.get(pk=nc.pk).state == Step.CLOSED
    shot(qms, f"nc-closed-{language}-1366")
    phone = opened(open_page, "qms", language, width=360, height=740)
    phone.goto(phone.base_url + detail)
    shot(phone, f"nc-closed-{language}-360")
    phone.goto(phone.base_url + "/improvement/")
    phone.wait_for_selector("[data-testid=nonconformities]")
    shot(phone, f"nc-register-{language}-360")
    qms.goto(qms.base_url + "/improvement/")
    shot(qms, f"nc-register-{language}-1366")
    qms.goto(qms.base_url + "/")
    qms.wait_for_selector("[data-testid=nc-qms-panel]")
    shot(qms, f"nc-home-qms-{language}-1366")
