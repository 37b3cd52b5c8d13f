"""A university comes in: the QMS office imports the HR file of 3,000 people and next
semester's changed file; people sign in through the directory (a real slapd), through the
OpenID provider (django-oidc-provider on loopback) and from an invitation; the password
reset pages. In Kyrgyz and in Russian, at 1366 and 360 px, axe on every page.

The seconds the import takes are written to test-artifacts/org-import-timings.txt (never
asserted here: speed is measured in bench/, see bench/org_import.py).
"""
import io
import re
import time
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from sapat.accounts.config import backends
from sapat.org.hr.columns import PEOPLE, POSITIONS, UNITS
from sapat.org.hr.commit import org_import
from sapat.org.models import Person, Position, Role, RoleAssignment, Unit
from sapat.synth.hr import organisation_hr_file
from sapat.synth.scale import DEFAULT_TODAY, SCALES

from ..servers.provider import Provider
from ..servers.slapd import Directory, Entry
from .conftest import ARTIFACTS, axe_check, login, screenshot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD = "Qms-office-2026!"
TIMINGS = ARTIFACTS.parent / "org-import-timings.txt"

SAVE = {"ky": "Уюмду сактоо", "ru": "Сохранить организацию"}


def _qms_officer() -> Person:
    """What an administrator sets up before the first import: the university, the QMS
    office and its officer, with a Sapat password."""
    university = Unit.objects.create(code="uni", kind=Unit.Kind.UNIVERSITY, name="Университет")
    office = Unit.objects.create(code="apd", kind=Unit.Kind.SERVICE, parent=university,
                                 name="Академиялык саясат бөлүмү")
    qms = Person.objects.create_user("bench-qms", email="bench-qms@synthetic.invalid",
                                     password=PASSWORD, unit=office, full_name="QMS")
    RoleAssignment.objects.create(person=qms, role=Role.QMS, unit=office)
    return qms


def _upload(page, content: bytes, name: str = "hr.xlsx") -> float:
    page.goto(page.base_url + "/org/import/")
    page.set_input_files("#id_files", files=[{"name": name, "mimeType": XLSX,
                                              "buffer": content}])
    started = time.monotonic()
    page.click("[data-testid=org-import-form] button[type=submit]")
    page.wait_for_selector("[data-testid=org-import-preview]", timeout=120_000)
    return time.monotonic() - started


def _count(page, key: str) -> int:
    return int(page.inner_text(f"[data-testid=count-people-{key}]"))


def _next_semester(content: bytes, lang: str) -> tuple[bytes, dict]:
    """The file changed as HR would: one unit moved, one new head, one person gone."""
    wb = load_workbook(io.BytesIO(content))
    units, posts, people = (wb[UNITS.titles[lang]], wb[POSITIONS.titles[lang]],
                            wb[PEOPLE.titles[lang]])
    unit_rows = list(units.iter_rows(min_row=2))
    parent_of = {r[0].value: r[6].value for r in unit_rows}
    institutes = sorted({p for c, p in parent_of.items() if c.startswith("dep-")})
    bench_head = Person.objects.get(username="bench-head")
    # A department of the first institute moves to the second.
    moved = next(r for r in unit_rows if r[0].value.startswith("dep-")
                 and r[6].value == institutes[0] and r[0].value != bench_head.unit.code)
    moved[6].value = institutes[1]
    # Another department gets a new head: the post and the roles change hands.
    staff_rows = list(people.iter_rows(min_row=2))
    by_unit: dict[str, list] = {}
    for r in staff_rows:
        by_unit.setdefault(r[3].value, []).append(r)
    department = next(code for code, rows in sorted(by_unit.items())
                      if code.startswith("dep-") and len(rows) >= 4
                      and code not in (moved[0].value, bench_head.unit.code))
    post = next(r for r in posts.iter_rows(min_row=2) if r[0].value == f"head-{department}")
    old_head = next(r for r in by_unit[department] if r[2].value == post[5].value)
    new_head = next(r for r in by_unit[department] if r is not old_head
                    and not r[4].value.startswith("bench-") and r[6].value
                    and "(" not in r[6].value)
    post[5].value = new_head[2].value
    old_head[6].value, new_head[6].value = "staff", "head"
    # Someone has left: an employee of a third department.
    gone = next(r for code, rows in sorted(by_unit.items()) if code.startswith("dep-")
                and code not in (moved[0].value, department) for r in rows[1:]
                if not r[4].value.startswith("bench-"))
    expected = {"moved": moved[0].value, "to": institutes[1], "post": post[0].value,
                "new_head": new_head[2].value, "old_head": old_head[2].value,
                "gone": gone[2].value, "gone_name": gone[1].value}
    people.delete_rows(gone[0].row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), expected


def _record(line: str) -> None:
    from django.db import connection

    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    with TIMINGS.open("a") as f:
        f.write(f"{time.strftime('%Y-%m-%d %H:%M')} {connection.vendor}: {line}\n")
    print(line)


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_qms_office_imports_3000_people_then_next_semesters_file(
        open_page, live_server, transactional_db, lang):
    content = organisation_hr_file(scale=SCALES["large"], seed=1, today=DEFAULT_TODAY,
                                   lang=lang)
    _qms_officer()
    page = open_page(width=1366, language=lang)
    login(page, "bench-qms", PASSWORD, language=lang)

    preview = _upload(page, content)
    assert _count(page, "new") == 2999  # the officer is in the file: matched, not doubled
    expect(page.locator("[data-testid=import-errors]")).to_have_count(0)
    screenshot(page, f"org-import-preview-{lang}-1366")
    axe_check(page)
    started = time.monotonic()
    page.click("[data-testid=org-import-commit]", no_wait_after=True)  # waited for below
    page.wait_for_url("**/org/import/done/", timeout=120_000)
    saved = time.monotonic() - started
    _record(f"{lang} first import of 3,000 people: preview {preview:.1f} s, save {saved:.1f} s, "
            f"together {preview + saved:.1f} s")
    assert Person.objects.count() == 3000
    assert Unit.objects.count() == 150
    assert Person.objects.filter(username="bench-qms").get().from_hr_file
    screenshot(page, f"org-import-done-{lang}-1366")

    changed, expected = _next_semester(content, lang)
    preview = _upload(page, changed, "hr-next-semester.xlsx")
    assert _count(page, "leaving") == 1
    assert _count(page, "changed") == 2
    assert _count(page, "new") == 0
    assert expected["gone_name"] in page.inner_text("[data-testid=leaving]")
    attention = page.inner_text("[data-testid=rows-units]")
    assert expected["moved"] in attention and expected["to"] in attention
    screenshot(page, f"org-reimport-preview-{lang}-1366")
    axe_check(page)

    narrow = open_page(width=360, language=lang)
    login(narrow, "bench-qms", PASSWORD, language=lang)
    _upload(narrow, changed, "hr-next-semester.xlsx")
    screenshot(narrow, f"org-reimport-preview-{lang}-360")

    page.goto(page.base_url + "/org/import/")  # the 1366 page's preview was replaced
    again = _upload(page, changed, "hr-next-semester.xlsx")
    axe_check(page)
    started = time.monotonic()
    page.click("[data-testid=org-import-commit]", no_wait_after=True)  # waited for below
    page.wait_for_url("**/org/import/done/", timeout=120_000)
    _record(f"{lang} re-import: preview {again:.1f} s (first try {preview:.1f} s), save "
            f"{time.monotonic() - started:.1f} s")
    assert expected["gone_name"] in page.inner_text("[data-testid=leaving-done]")
    screenshot(page, f"org-reimport-done-{lang}-1366")

    moved = Unit.objects.get(code=expected["moved"])
    assert moved.is_within(Unit.objects.get(code=expected["to"]))
    new_head = Person.objects.get(email=expected["new_head"])
    assert Position.objects.get(code=expected["post"]).holder == new_head
    assert new_head.roles.filter(role=Role.HEAD).exists()
    assert not Person.objects.get(email=expected["old_head"]).roles.filter(
        role=Role.HEAD).exists()
    gone = Person.objects.get(email=expected["gone"])
    assert not gone.is_active  # deactivated, never deleted


# --- Sign-in -------------------------------------------------------------------------------

LDAP_PASSWORD = "Ldap-parol-1"
OP_PEOPLE = [
    {"username": "director", "password": "Op-parol-1", "email": "bench-director@synthetic.invalid",
     "name": "Director"},
    {"username": "stranger", "password": "Op-parol-2", "email": "stranger@jasu.kg",
     "name": "Stranger"},
]


def _small_university() -> None:
    content = organisation_hr_file(scale=SCALES["small"], seed=1, today=DEFAULT_TODAY)
    admin = Person(username="installer", is_superuser=True, is_active=True)
    plan, result = org_import(files=[("hr.xlsx", content)], by=admin)
    assert result is not None, plan.messages()
    qms = Person.objects.get(username="bench-qms")
    qms.set_password(PASSWORD)
    qms.save()


def _link(pattern: str) -> str:
    return re.search(pattern, mail.outbox[-1].body).group(0)


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_people_sign_in_by_directory_provider_and_invitation(
        open_page, live_server, transactional_db, lang):
    _small_university()
    head = Person.objects.get(username="bench-head")
    director = Person.objects.get(username="bench-director")
    directory = Directory([Entry("b.head", LDAP_PASSWORD, head.email, head.full_name)])
    provider = Provider(OP_PEOPLE, [live_server.url + "/accounts/signin/university/return/"])
    with directory, provider:
        ldap = directory.settings()
        oidc = provider.settings(SAPAT_OIDC_LABEL="JASU 365")
        with override_settings(SAPAT_LDAP=ldap, SAPAT_OIDC=oidc,
                               AUTHENTICATION_BACKENDS=backends(ldap, oidc)):
            _sign_ins(open_page, lang, head, director)


def _sign_ins(open_page, lang, head, director):
    # 1. The head signs in with the university directory's login and password and lands on
    #    their department's home with their role.
    page = open_page(width=1366, language=lang)
    login(page, "b.head", LDAP_PASSWORD, language=lang)
    roles = page.inner_text("[data-testid=roles]")
    assert head.unit.label_in(lang) in roles
    with translation.override(lang):
        assert str(Role.HEAD.label) in roles
    assert page.locator("[data-testid=whoami]").inner_text() == str(head)
    page.context.clear_cookies()

    # 2. The director signs in through the OpenID provider.
    page = open_page(width=1366, language=lang)
    page.goto(page.base_url + "/login/")
    screenshot(page, f"signin-{lang}-1366")
    page.click("[data-testid=signin-provider]")
    page.fill("#op-username", "director")
    page.fill("#op-password", "Op-parol-1")
    page.click("#op-submit")
    page.wait_for_selector("[data-testid=roles]")
    assert page.locator("[data-testid=whoami]").inner_text() == str(director)
    assert director.unit.label_in(lang) in page.inner_text("[data-testid=roles]")

    # 3. Someone the provider knows and Sapat does not: the QMS office's page, no access.
    for width in (1366, 360):
        page = open_page(width=width, language=lang)
        page.goto(page.base_url + "/login/")
        page.click("[data-testid=signin-provider]")
        page.fill("#op-username", "stranger")
        page.fill("#op-password", "Op-parol-2")
        page.click("#op-submit")
        page.wait_for_selector("[data-testid=unknown-person]")
        assert "stranger@jasu.kg" in page.inner_text("[data-testid=unknown-person]")
        screenshot(page, f"signin-unknown-{lang}-{width}")
        page.goto(page.base_url + "/")
        assert "/login/" in page.url

    # 4. The QMS office invites an employee; the employee sets a password from the link.
    staff = Person.objects.get(username="bench-staff")
    qms = open_page(width=1366, language=lang)
    login(qms, "bench-qms", PASSWORD, language=lang)
    qms.goto(qms.base_url + f"/org/people/{staff.pk}/")
    qms.click("[data-testid=invite-person]")
    qms.wait_for_url(f"**/org/people/{staff.pk}/")
    link = _link(r"http://[^\s]+/accounts/invite/[^\s/]+/")
    for width in (360, 1366):
        page = open_page(width=width, language=lang)
        page.goto(link)
        page.wait_for_selector("[data-testid=invitation]")
        screenshot(page, f"invitation-{lang}-{width}")
    page.fill("#id_new_password1", "Jalal-Abad-2026!")
    page.fill("#id_new_password2", "Jalal-Abad-2026!")
    page.click("[data-testid=invitation-set-password]")
    page.wait_for_selector("[data-testid=roles]")
    assert page.locator("[data-testid=whoami]").inner_text() == str(staff)
    page.context.clear_cookies()
    page.goto(link)
    page.wait_for_selector("[data-testid=invitation-invalid]")  # used once
    screenshot(page, f"invitation-used-{lang}-1366")

    # 5. Password reset: ask, the e-mail's link, a new password.
    for width in (1366, 360):
        page = open_page(width=width, language=lang)
        page.goto(page.base_url + "/password/reset/")
        screenshot(page, f"reset-ask-{lang}-{width}")
        page.fill("#id_email", staff.email)
        page.click("[data-testid=reset-submit]")
        page.wait_for_selector("[data-testid=password-reset-done]")
        screenshot(page, f"reset-sent-{lang}-{width}")
        page.goto(_link(r"http://[^\s]+/password/reset/[^\s]+/"))
        page.wait_for_selector("[data-testid=password-reset-confirm]")
        screenshot(page, f"reset-new-password-{lang}-{width}")
    page.fill("#id_new_password1", "Osh-Jalal-Abad-27!")
    page.fill("#id_new_password2", "Osh-Jalal-Abad-27!")
    page.click("[data-testid=reset-save]")
    page.wait_for_selector("[data-testid=password-reset-complete]")
    screenshot(page, f"reset-done-{lang}-360")
    login(page, "bench-staff", "Osh-Jalal-Abad-27!", language=lang)
    assert page.locator("[data-testid=whoami]").inner_text() == str(staff)
    assert Path(ARTIFACTS).exists()
