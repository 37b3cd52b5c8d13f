"""The 5×5 heat map as a self-contained SVG string.

The same picture goes on screen, into PDF (WeasyPrint reads inline SVG) and into DOCX
(rendered to PNG), so it must look right without any stylesheet: every colour is an
attribute, nothing depends on CSS classes. Likelihood runs 5→1 down the y axis,
consequences 1→5 along the x axis, as in the regulation's risk matrix.

`heatmap_svg()` is a pure function: counts and bands in, markup out. The views decide
what the counts are and where each cell links to.
"""

from collections.abc import Callable, Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SCORES = (1, 2, 3, 4, 5)
CELL = 64
GAP = 3
LEFT = 78  # room for the likelihood axis title and the row numbers
TOP = 12
BOTTOM = 56  # room for the column numbers and the consequences axis title
NO_BAND_COLOUR = "#e5e7eb"


def band_of(level: int, bands: Iterable) -> object | None:
    for band in bands:
        if band.min_level <= level <= band.max_level:
            return band
    return None


def ink_for(colour: str) -> str:
    """Dark or white text, whichever reads better on `colour` (a #rrggbb hex)."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    try:
        r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except (ValueError, IndexError):
        return "#1d2330"

    def channel(v):
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return "#1d2330" if luminance > 0.22 else "#ffffff"


def heatmap_svg(
    counts: Mapping[tuple[int, int], int],
    bands: Iterable,
    *,
    href: Callable[[int, int], str] | None = None,
    title: str = "",
    testid: str = "",
) -> str:
    """Draw the matrix: one square per (likelihood, consequences) pair.

    `counts` maps (l, c) to the number of records in that cell (missing = 0);
    `bands` are objects with `min_level`, `max_level`, `colour` and `label`;
    `href(l, c)` gives the link of a cell (no links when None).
    """
    bands = list(bands)
    width = LEFT + 5 * CELL + 4 * GAP + 8
    height = TOP + 5 * CELL + 4 * GAP + BOTTOM
    grid_w = 5 * CELL + 4 * GAP
    grid_h = grid_w
    likelihood = _("Likelihood")
    consequences = _("Consequences")
    heading = title or _("Risk heat map")
    total = sum(counts.values())
    desc = _(
        "%(total)s records; likelihood on the vertical axis, consequences on the horizontal axis."
    ) % {"total": total}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" '
        # With links inside, the picture is a group of controls; role="img" would hide
        # them from screen readers.
        + (f'role="group" aria-label={quoteattr(heading)} ' if href else 'role="img" ')
        + 'font-family="DejaVu Sans, Noto Sans, Arial, sans-serif"'
        + (f" data-testid={quoteattr(testid)}" if testid else "")
        + ">",
        f"<title>{escape(heading)}</title>",
        f"<desc>{escape(desc)}</desc>",
    ]
    for row, l_score in enumerate(reversed(SCORES)):
        y = TOP + row * (CELL + GAP)
        parts.append(
            f'<text x="{LEFT - 10}" y="{y + CELL / 2 + 5:.0f}" text-anchor="end" '
            f'font-size="14" fill="#5b6475">{l_score}</text>'
        )
        for col, c_score in enumerate(SCORES):
            x = LEFT + col * (CELL + GAP)
            level = l_score * c_score
            band = band_of(level, bands)
            fill = getattr(band, "colour", None) or NO_BAND_COLOUR
            band_label = str(getattr(band, "label", "")) if band else ""
            count = counts.get((l_score, c_score), 0)
            # The name starts with the count, the number a sighted reader sees in the cell
            # (the level in the corner is hidden from it: the name says it in words).
            label = ngettext(
                "%(count)s record: likelihood %(l)s × consequences %(c)s = %(level)s (%(band)s)",
                "%(count)s records: likelihood %(l)s × consequences %(c)s = %(level)s (%(band)s)",
                count,
            ) % {"l": l_score, "c": c_score, "level": level, "band": band_label, "count": count}
            ink = ink_for(fill)
            cell = [
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="4" '
                f'fill={quoteattr(fill)} stroke="#ffffff" stroke-width="1"'
                + ("" if count else ' fill-opacity="0.55"')
                + "/>",
            ]
            # The level in a corner, small, so the count stays the thing you read. It is
            # drawn outside the cell's link: the link's name says it in words, and a link's
            # visible text must be part of its name.
            corner = (
                f'<text x="{x + 5}" y="{y + 14}" font-size="10" fill={quoteattr(ink)} '
                f'fill-opacity="0.75" aria-hidden="true" pointer-events="none">{level}</text>'
            )
            if count:
                cell.append(
                    f'<text x="{x + CELL / 2:.0f}" y="{y + CELL / 2 + 9:.0f}" '
                    f'text-anchor="middle" font-size="24" font-weight="700" '
                    f"fill={quoteattr(ink)}>{count}</text>"
                )
            body = f"<title>{escape(label)}</title>" + "".join(cell)
            attrs = f'data-l="{l_score}" data-c="{c_score}" data-count="{count}"'
            # An empty cell is not a link: it would lead to an empty list.
            if href is not None and count:
                parts.append(
                    f"<a href={quoteattr(href(l_score, c_score))} {attrs} "
                    f"aria-label={quoteattr(label)}>{body}</a>"
                )
            else:
                parts.append(f"<g {attrs} aria-label={quoteattr(label)}>{body}</g>")
            parts.append(corner)
    for col, c_score in enumerate(SCORES):
        x = LEFT + col * (CELL + GAP) + CELL / 2
        parts.append(
            f'<text x="{x:.0f}" y="{TOP + grid_h + 20}" text-anchor="middle" '
            f'font-size="14" fill="#5b6475">{c_score}</text>'
        )
    parts.append(
        f'<text x="{LEFT + grid_w / 2:.0f}" y="{TOP + grid_h + 44}" text-anchor="middle" '
        f'font-size="14" font-weight="600" fill="#1d2330">{escape(consequences)} →</text>'
    )
    cy = TOP + grid_h / 2
    parts.append(
        f'<text x="24" y="{cy:.0f}" text-anchor="middle" font-size="14" font-weight="600" '
        f'fill="#1d2330" transform="rotate(-90 24 {cy:.0f})">{escape(likelihood)} →</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
