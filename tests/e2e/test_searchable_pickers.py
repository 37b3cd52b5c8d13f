"""The responsible people and positions pickers search on the server (issue 12: 3,000
people): the page carries only the chosen ones; typing part of a Kyrgyz name lists the
matches the editor may assign, the keyboard picks one, and the form saves it."""
import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("width", [1366, 360])
def test_a_person_and_a_position_are_found_and_picked_with_the_keyboard(open_page, demo,
                                                                       language, width):
    from sapat.org.models import Person
    from sapat.risks.models import Measure, Risk

    risk = Risk.objects.filter(unit__code="dep-it").order_by("pk").first()
    # Many people in the unit: none of them comes with the page.
    Person.objects.bulk_create(Person(username=f"many-{i}", full_name=f"Адам Көп {i:03}",
                                      unit=risk.unit) for i in range(200))
    page = open_page(width=width, language=language)
    login(page, "head", language=language)
    page.goto(page.base_url + f"/risks/{risk.pk}/measures/add/")
    page.wait_for_load_state("load")
    expect(page.locator("#id_responsible_people option")).to_have_count(0)
    assert not page.locator("#id_responsible_people").is_visible()

    search = page.locator("[data-testid=search-responsible_people]")
    assert search.get_attribute("role") == "combobox"
    # The field's label names the combobox (axe checks the rest of the pattern).
    expect(page.locator("label[for='id_responsible_people-search']")).to_have_count(1)
    search.click()
    page.keyboard.type("кады")
    listbox = page.locator("#id_responsible_people-listbox")
    expect(listbox.locator("[role=option]")).to_have_count(1)
    expect(listbox).to_contain_text("Азамат Кадыров")
    assert search.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", listbox.locator(
        "[role=option]").first.get_attribute("id"))
    screenshot(page, f"picker-people-open-{language}-{width}")
    page.keyboard.press("Enter")  # picks; does not submit the form
    expect(listbox).to_be_hidden()
    chosen = page.locator("[data-testid=combo-responsible_people] .combo-chosen li")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text("Азамат Кадыров")
    assert search.input_value() == ""

    # A long list says to type more; Escape closes it.
    page.keyboard.type("адам")
    expect(listbox.locator("[role=option]")).to_have_count(20)
    expect(listbox.locator(".combo-note")).to_be_visible()
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    search.fill("")

    positions = page.locator("[data-testid=search-responsible_positions]")
    positions.click()
    page.keyboard.type("ректор")
    options = page.locator("#id_responsible_positions-listbox [role=option]")
    expect(options.first).to_be_visible()
    first = options.first.inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=combo-responsible_positions] .combo-chosen li")
           ).to_contain_text(first)
    page.fill("#id_text", "Жабдууларды текшерүү")
    page.fill("#id_due_date", "05.01.2027")
    screenshot(page, f"picker-people-chosen-{language}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click("[data-testid=save]")
    page.wait_for_selector(".msg-success")
    measure = Measure.objects.get(risk=risk, text="Жабдууларды текшерүү")
    assert [p.username for p in measure.responsible_people.all()] == ["staff"]
    assert measure.responsible_positions.count() == 1

    # Editing it again: the chosen ones come with the page and one can be removed.
    page.goto(page.base_url + f"/risks/measures/{measure.pk}/edit/")
    chosen = page.locator("[data-testid=combo-responsible_people] .combo-chosen li")
    expect(chosen).to_have_count(1)
    chosen.locator("button").click()
    expect(chosen).to_have_count(0)
    page.click("[data-testid=save]")
    page.wait_for_selector(".msg-success")
    assert not measure.responsible_people.exists()

    # Someone who may no longer be assigned (left the unit since the page was opened): the
    # error summary names the field, and its link leads to the search box.
    page.goto(page.base_url + f"/risks/measures/{measure.pk}/edit/")
    page.evaluate("""() => { const s = document.getElementById('id_responsible_people');
                             s.add(new Option('x', '999999', true, true)); }""")
    page.click("[data-testid=save]")
    summary = page.locator("[data-testid=error-summary]")
    expect(summary).to_be_focused()
    summary.locator("a[href='#id_responsible_people-search']").click()
    expect(page.locator("[data-testid=search-responsible_people]")).to_be_focused()
