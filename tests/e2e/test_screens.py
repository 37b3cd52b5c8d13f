"""Screens for the devices people have: a 1366 px laptop and a 360 px phone.

A table of the regulation scrolls inside its frame, with its header row and first column
kept in view; the page itself never scrolls sideways.
"""

import pytest

from .conftest import login, screenshot

# The regulation's tables, as the QMS office sees them: (page, the table's data-testid).
REGULATION_TABLES = [
    ("/dashboards/integrated/", "integrated-table"),
    ("/risks/register/", "register"),
    ("/risks/consolidated/", "consolidated"),
    ("/risks/passport/", "passport-table"),
    ("/processes/objectives/", "objectives"),
]

# Where the table's frame is, and where its last header cell and first column are after the
# frame has been scrolled to its right end and down a little.
FRAME_GEOMETRY = """(table) => {
  const frame = table.closest(".table-frame");
  if (!frame) return null;
  frame.scrollIntoView({block: "start"});
  frame.scrollLeft = frame.scrollWidth;
  frame.scrollTop = Math.min(200, frame.scrollHeight - frame.clientHeight);
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const heads = table.querySelectorAll("thead th");
  const firstCell = table.querySelector("tbody tr > :first-child");
  return {
    frame: box(frame),
    scrolledDown: frame.scrollTop, viewportHeight: window.innerHeight,
    last: box(heads[heads.length - 1]), first: box(heads[0]), firstCell: box(firstCell),
    pageWidth: document.scrollingElement.scrollWidth,
  };
}"""


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_regulation_tables_scroll_inside_their_frame_at_1366(open_page, demo, language):
    page = open_page(width=1366, language=language)
    login(page, "qms", language=language)
    for path, testid in REGULATION_TABLES:
        if path == "/risks/passport/":
            path = "/risks/passport/" + demo_unit_with_risks(demo) + "/"
        page.goto(page.base_url + path)
        table = page.locator(f"[data-testid={testid}]")
        g = table.evaluate(FRAME_GEOMETRY)
        assert g is not None, f"{path}: the table is not in a frame"
        assert g["pageWidth"] <= 1366, f"{path}: the page scrolls sideways ({g['pageWidth']} px)"
        # The frame, horizontal scrollbar included, fits in the window.
        assert g["frame"]["bottom"] - g["frame"]["top"] <= g["viewportHeight"], path
        assert g["frame"]["right"] <= 1366, path
        # The last column is reachable inside the frame.
        assert (
            g["frame"]["left"] <= g["last"]["left"]
            and g["last"]["right"] <= g["frame"]["right"] + 0.5
        ), (path, g)
        # The first column stayed at the frame's left edge, the header row at its top.
        assert abs(g["first"]["left"] - g["frame"]["left"]) <= 2, (path, g)
        assert abs(g["firstCell"]["left"] - g["frame"]["left"]) <= 2, (path, g)
        assert abs(g["first"]["top"] - g["frame"]["top"]) <= 2, (path, g)
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, f"frame-{testid}-1366-{language}")


def demo_unit_with_risks(demo) -> str:
    """The code of the demo unit whose passport holds the most risks."""
    from django.db.models import Count

    from sapat.risks.models import Risk

    return (
        Risk.objects.filter(archived_at__isnull=True)
        .values("unit__code")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__code")[0]["unit__code"]
    )
