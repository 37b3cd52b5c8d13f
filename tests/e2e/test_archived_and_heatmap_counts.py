"""Issue 12: the QMS office finds and restores an archived opportunity; a filtered heat map
says how many of the university's risks it shows."""
import pytest

from .conftest import login, screenshot


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("width", [1366, 360])
def test_qms_restores_an_archived_opportunity_and_reads_the_heat_maps_count(
        open_page, demo, language, width):
    from sapat.org.models import Person
    from sapat.risks import services
    from sapat.risks.models import Opportunity, Risk

    opp = Opportunity.objects.filter(unit__code="dep-it").order_by("pk").first()
    services.opportunity_archive(opportunity=opp, by=Person.objects.get(username="head"))
    page = open_page(width=width, language=language)
    login(page, "qms", language=language)
    page.goto(page.base_url + "/risks/archived/")
    row = page.locator(f"[data-testid=archived-opportunity-row][data-opportunity='{opp.pk}']")
    assert opp.title in row.inner_text()
    screenshot(page, f"archived-{language}-{width}")
    row.locator("[data-testid=restore-opportunity]").click()
    page.wait_for_selector(".msg-success")
    opp.refresh_from_db()
    assert opp.archived_at is None

    total = Risk.objects.filter(archived_at__isnull=True).count()
    academic = Risk.objects.filter(archived_at__isnull=True, category__code="academic").count()
    page.goto(page.base_url + "/risks/heatmap/?category=academic")
    count = page.inner_text("[data-testid=result-count]")
    assert (f"{academic} из {total}" if language == "ru" else f"{total}") in count, count
    assert str(academic) in count
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"heatmap-count-{language}-{width}")
