"""The QMS office keeps the bodies that meet, in a real browser (Kyrgyz and Russian, 1366
and 360 px): it adds a department's meeting with its secretary and members found by
name, and that secretary can then open a meeting of it."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import choose_person, login

SHOTS = Path("/work/shots/bodies")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_qms_office_adds_a_body_its_secretary_then_meets(open_page, demo, language):
    from sapat.meetings.models import Body
    from sapat.org.models import Unit

    dep_it = Unit.objects.get(code="dep-it")
    name = f"Маалымат технологиялар кафедрасынын жыйыны ({language})"
    qms = login(open_page(language=language), "qms", language=language)
    qms.goto(qms.base_url + "/meetings/")
    qms.click("[data-testid=bodies]")
    qms.click("[data-testid=new-body]")
    qms.select_option("#id_kind", Body.Kind.DEPARTMENT)
    qms.select_option("#id_unit", str(dep_it.pk))
    qms.fill("#id_name", name)
    choose_person(qms, "secretary", "Азамат Кадыров")
    choose_person(qms, "members", "Айгүл Орозбаева")
    choose_person(qms, "members", "Азамат Кадыров")
    expect(qms.locator("[data-testid=combo-members] .combo-chosen li")).to_have_count(2)
    shot(qms, f"body-new-{language}-1366")
    qms.click("[data-testid=save]")
    row = qms.locator("[data-testid=body-row]", has_text=name)
    expect(row).to_have_count(1)
    assert "Азамат Кадыров" in row.inner_text()
    shot(qms, f"bodies-{language}-1366")
    body = Body.objects.get(name=name)
    assert body.secretary.username == "staff"
    assert sorted(body.members.values_list("username", flat=True)) == ["head", "staff"]

    phone = login(open_page(width=360, height=740, language=language), "qms",
                  language=language)
    for path, screen in (("/meetings/bodies/", "bodies"),
                         (f"/meetings/bodies/{body.pk}/", "body-edit")):
        phone.goto(phone.base_url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
        shot(phone, f"{screen}-{language}-360")

    # The secretary named finds the body among those they may open a meeting of.
    staff = login(open_page(language=language), "staff", language=language)
    staff.goto(staff.base_url + "/meetings/new/")
    expect(staff.locator(f"#id_body option[value='{body.pk}']")).to_have_count(1)
