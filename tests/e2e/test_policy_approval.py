"""The quality policy's approval in a real browser, in Kyrgyz and Russian: the QMS office
submits a draft, the rector finds it in the inbox, compares it with the version in force,
approves it with the decision's number and date (confirming), and sees who has read it."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import login

SHOTS = Path("/work/shots/hfl")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_rector_approves_a_policy_draft_from_the_inbox(open_page, demo, language):
    qms = login(open_page(language=language), "qms", language=language)
    qms.goto(qms.base_url + "/processes/policy/new/")
    text = qms.input_value("#id_text")
    qms.fill("#id_text", text + "\n\nСапат саясаты жыл сайын кайра каралат.")
    qms.click("button[type=submit].btn-primary")
    qms.wait_for_selector("[data-testid=approval-panel]")
    qms.click("[data-testid=submit-approval]")
    qms.wait_for_selector(".msg-success")
    assert qms.locator("[data-testid=approval-state]").first.inner_text().strip()
    shot(qms, f"policy-submitted-qms-{language}-1366")

    rector = login(open_page(language=language), "rector", language=language)
    inbox = rector.locator("[data-testid=inbox-home]")
    link = inbox.locator("a[href*='/processes/policy/']").first
    expect(link).to_have_count(1)
    expect(rector.locator("[data-testid=inbox-count]")).to_have_count(1)
    shot(rector, f"home-rector-inbox-{language}-1366")
    link.click()
    rector.wait_for_selector("[data-testid=approve-form]")
    shot(rector, f"policy-version-rector-{language}-1366")

    rector.click("[data-testid=compare-link]")
    rector.wait_for_selector("[data-testid=comparison]")
    assert "жыл сайын кайра каралат" in rector.locator(
        "[data-testid=comparison] ins").all_inner_texts()[-1]
    shot(rector, f"policy-compare-{language}-1366")
    rector.go_back()

    # A date typed the American way is refused in the person's language.
    rector.fill("#id_approve-decision_no", "12")
    rector.fill("#id_approve-decision_date", "12/01/2026")
    rector.click("[data-testid=approve]")
    rector.wait_for_selector("[data-testid=error-summary]")
    rector.fill("#id_approve-decision_date", "01.12.2026")
    rector.click("[data-testid=approve]")
    rector.wait_for_selector("[data-testid=confirm-approve]")
    assert "01.12.2026" in rector.locator("[data-testid=confirm-summary]").inner_text()
    shot(rector, f"policy-confirm-{language}-1366")
    rector.click("[data-testid=confirm-approve]")
    rector.wait_for_selector(".msg-success")
    # Back on the policy's page the decision was started from, though a date was refused.
    assert "/processes/policy/" in rector.url
    assert rector.locator("[data-testid=approval-history]").inner_text().count("12") >= 1
    shot(rector, f"policy-approved-{language}-1366")

    # In force now; the rector who approved it is not asked to read it.
    rector.goto(rector.base_url + "/processes/policy/")
    expect(rector.locator("[data-testid=acknowledge]")).to_have_count(0)
    rector.goto(rector.base_url + "/processes/policy/acknowledgements/")
    assert rector.locator("[data-testid=ack-table] tbody tr").count() >= 3
    shot(rector, f"acknowledgements-rector-{language}-1366")

    narrow = login(open_page(width=360, language=language), "rector", language=language)
    shot(narrow, f"home-rector-{language}-360")
    for path, name in (("/processes/policy/", "policy"),
                       ("/processes/policy/acknowledgements/", "acknowledgements"),
                       ("/approvals/", "waiting")):
        narrow.goto(narrow.base_url + path)
        shot(narrow, f"{name}-rector-{language}-360")
    from sapat.approvals.models import ApprovalRequest

    request = ApprovalRequest.objects.filter(kind="policy").order_by("-pk").first()
    narrow.goto(narrow.base_url + f"/approvals/{request.pk}/compare/")
    shot(narrow, f"policy-compare-{language}-360")
    narrow.goto(narrow.base_url + f"/processes/policy/{request.object_id}/")
    shot(narrow, f"policy-version-{language}-360")
    assert request.state == "approved" and request.decision_no == "12"


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_council_home_is_what_awaits_its_decision(open_page, demo, language):
    for width in (1366, 360):
        council = login(open_page(width=width, language=language), "council",
                        language=language)
        expect(council.locator("[data-testid=dashboard-council]")).to_have_count(1)
        expect(council.locator("[data-testid=heatmap-university]")).to_have_count(0)
        shot(council, f"home-council-{language}-{width}")
