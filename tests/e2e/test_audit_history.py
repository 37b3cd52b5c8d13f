"""An auditor opens the history of an audit they lead (it answered 404: the history screen
asked for the university's READ, which an auditor of the QMS office does not hold), in
Kyrgyz and Russian, on a desktop and on a phone. axe checks the pages."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot

SHOTS = Path("/work/shots/h15b")


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_an_auditor_reads_the_history_of_their_audit(open_page, demo, language):
    from sapat.audits.models import Audit

    audit = Audit.objects.live().filter(lead_auditor__username="auditor").order_by("pk").first()
    assert audit is not None
    for width in (1366, 360):
        page = open_page(language=language, width=width)
        page.set_default_timeout(45000)
        login(page, "auditor", language=language)
        page.goto(page.base_url + f"/audits/{audit.pk}/")
        page.click(f"a[href='/history/audits.audit/{audit.pk}/']")
        page.wait_for_url(f"**/history/audits.audit/{audit.pk}/")
        expect(page.locator("h1")).to_have_count(1)
        assert "404" not in page.title()
        name = f"audit-history-{language}-{width}"
        screenshot(page, name)
        if SHOTS.parent.exists():
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
