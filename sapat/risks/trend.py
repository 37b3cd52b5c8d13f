"""The assessment trend of one risk as a small server-side SVG (no JavaScript, prints well)."""
from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from . import scoring

WIDTH, HEIGHT, PAD = 420, 140, 28


def _y(level: int) -> float:
    return HEIGHT - PAD - (level / scoring.MAX_LEVEL) * (HEIGHT - 2 * PAD)


def trend_svg(assessments, bands: scoring.BandSet) -> SafeString:
    """Levels (and residual levels) after each assessment, oldest first, as an SVG line."""
    points = list(assessments)
    if not points:
        return mark_safe("")
    n = len(points)
    step = (WIDTH - 2 * PAD - 20) / max(n - 1, 1)
    # A single assessment sits in the middle rather than on the axis labels.
    left = WIDTH / 2 if n == 1 else PAD + 10
    parts = [
        f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(_("Risk level after each assessment"))}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    # Band stripes behind the line, in the scale's colours.
    for band in bands:
        top, bottom = _y(band.max_level), _y(band.min_level - 1)
        parts.append(
            f'<rect x="{PAD}" y="{top:.1f}" width="{WIDTH - 2 * PAD}" '
            f'height="{bottom - top:.1f}" fill="{escape(band.colour)}" opacity=".45"/>'
        )
    for tick in (5, 10, 15, 20, 25):
        parts.append(
            f'<text x="{PAD - 4}" y="{_y(tick) + 4:.1f}" font-size="10" '
            f'text-anchor="end" fill="#555">{tick}</text>'
        )

    def line(values, css, dash=""):
        coords = [(left + i * step, _y(v)) for i, v in enumerate(values) if v is not None]
        if not coords:
            return
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{path}" fill="none" class="{css}" '
                     f'stroke-width="2.5"{extra}/>')
        for x, y in coords:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="{css}"/>')

    line([a.new_level for a in points], "trend-inherent")
    line([a.new_residual_level for a in points], "trend-residual", "5 4")
    for i, a in enumerate(points):
        x = left + i * step
        label = date_format(localtime(a.at), "SHORT_DATE_FORMAT")
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="9" text-anchor="middle" '
            f'fill="#555">{escape(label)}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{_y(a.new_level) - 7:.1f}" font-size="10" '
            f'text-anchor="middle" font-weight="700">{a.new_level}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
