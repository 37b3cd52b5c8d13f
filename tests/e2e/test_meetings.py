"""A council meeting in a real browser, in Kyrgyz and Russian: the council's secretary
opens it with its agenda and attendance, writes the minutes and records two decisions for
heads with due dates; a head finds one in the inbox and completes it with evidence; the
decision register shows it done; the minutes download as a PDF that reads right."""
import datetime
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import choose_person, login

SHOTS = Path("/work/shots/h16m")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_council_decision_from_the_minutes_to_done(open_page, demo, language, tmp_path):
    from sapat.meetings.models import Body, Decision, Meeting
    from sapat.org.models import Person, Unit

    council = Body.objects.get(kind=Body.Kind.COUNCIL)
    people = {p.username: p.full_name for p in Person.objects.all()}
    units = {u.code: u.pk for u in Unit.objects.all()}
    today = datetime.date.today()
    due = (today + datetime.timedelta(days=10)).strftime("%d.%m.%Y")

    sec = login(open_page(language=language), "secretary", language=language)
    sec.goto(sec.base_url + "/meetings/")
    sec.click("[data-testid=new-meeting]")
    sec.select_option("#id_body", str(council.pk))
    sec.fill("#id_number", "7")
    sec.fill("#id_held_on", today.strftime("%d.%m.%Y"))
    sec.select_option("#id_status", "held")
    sec.fill("#id_title", "Окуу жылынын жыйынтыктары")
    sec.click("[data-testid=save]")
    sec.wait_for_selector("[data-testid=agenda]")
    meeting = Meeting.objects.get(body=council, number="7")

    for title in ("Окуу пландары жөнүндө", "Сапат саясаты жөнүндө"):
        sec.fill("#id_agenda-title", title)
        sec.click("[data-testid=agenda-add]")
        sec.wait_for_selector(f"text={title}")
    for username, present in (("council", "1"), ("rector", "1"), ("head2", "0")):
        choose_person(sec, "att-person", people[username])
        sec.select_option("#id_att-present", present)
        sec.click("[data-testid=attendance-add]")
        sec.wait_for_selector(".msg-success")
    sec.click("[data-testid=edit-meeting]")
    sec.fill("#id_minutes", "Кеңеш окуу жылынын жыйынтыктарын угуп, эки чечим кабыл алды.")
    sec.click("[data-testid=save]")
    sec.wait_for_selector("[data-testid=minutes]")

    for number, text, head, unit in (
            ("7.1", "Окуу пландарын жаңыртуу", "head", "dep-it"),
            ("7.2", "Жумушчу программаларды бекитүү", "head2", "dep-kyrgyz")):
        sec.click("[data-testid=new-decision]")
        sec.fill("#id_number", number)
        sec.fill("#id_text", text)
        sec.select_option("#id_responsible_unit", str(units[unit]))
        choose_person(sec, "responsible_people", people[head])
        sec.fill("#id_due_date", due)
        sec.click("[data-testid=save]")
        sec.wait_for_selector("[data-testid=decisions]")
    expect(sec.locator("[data-testid=decision-row]")).to_have_count(2)
    shot(sec, f"meeting-secretary-{language}-1366")

    with sec.expect_download() as download:
        sec.click("[data-testid=minutes-pdf]")
    pdf = tmp_path / "minutes.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Окуу пландарын жаңыртуу" in text
    assert "7.2" in text and due in text

    decision = Decision.objects.get(meeting=meeting, number="7.1")
    head = login(open_page(language=language), "head", language=language)
    link = head.locator(f"[data-testid=inbox-home] a[href$='/meetings/decisions/{decision.pk}/']")
    expect(link).to_have_count(1)
    shot(head, f"home-head-inbox-{language}-1366")
    link.click()
    head.wait_for_selector("[data-testid=complete-form]")
    head.fill("#id_result", "Окуу пландары жаңыртылды")
    evidence = tmp_path / "evidence.pdf"
    evidence.write_bytes(PDF)
    head.set_input_files("#id_evidence", str(evidence))
    head.click("[data-testid=complete]")
    head.wait_for_selector("[data-testid=evidence]")
    shot(head, f"decision-done-head-{language}-1366")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DONE and decision.evidence

    sec.goto(sec.base_url + "/meetings/decisions/?status=done")
    row = sec.locator("[data-testid=register-row]", has_text="Окуу пландарын жаңыртуу")
    expect(row).to_have_count(1)
    shot(sec, f"register-done-{language}-1366")

    narrow = login(open_page(width=360, language=language), "secretary", language=language)
    for path, name in ((meeting.get_absolute_url(), "meeting"),
                       ("/meetings/decisions/", "register"),
                       (f"/meetings/decisions/{decision.pk}/", "decision")):
        narrow.goto(narrow.base_url + path)
        shot(narrow, f"{name}-{language}-360")
