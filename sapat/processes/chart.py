"""A KPI's trend over periods as an SVG line chart, drawn on the server (no script)."""
from django.utils.html import escape
from django.utils.translation import gettext as _

from sapat.lib.numbers import format_decimal

from . import kpi_status

COLOURS = ["#1f5fa8", "#7a4fb5", "#0f8a7a", "#b5651d", "#5a6b7d", "#a83262"]
DOT = {"green": "#1e8449", "amber": "#c98a00", "red": "#c0392b", "none": "#999"}
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 230, 48, 40, 16, 30
LEGEND_ROW, LEGEND_COLS = 18, 3


def trend_svg(indicator, measurements) -> str:
    """One line per unit across the periods with data; a dashed line at the target."""
    rows = sorted(measurements, key=lambda m: (m.period.start, m.unit.path))
    if not rows:
        return ""
    periods = []
    for m in rows:
        if m.period not in periods:
            periods.append(m.period)
    series: dict = {}
    for m in rows:
        series.setdefault(m.unit, {})[m.period.pk] = m
    values = [float(m.value) for m in rows] + [float(indicator.target)]
    lo, hi = min(values), max(values)
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    span = hi - lo
    lo, hi = lo - span * 0.1, hi + span * 0.1

    def x(i):
        if len(periods) == 1:
            return PAD_L + (W - PAD_L - PAD_R) / 2
        return PAD_L + i * (W - PAD_L - PAD_R) / (len(periods) - 1)

    def y(v):
        return PAD_T + (hi - float(v)) * (H - PAD_T - PAD_B) / (hi - lo)

    title = escape(_("Trend of %(name)s") % {"name": indicator.label})
    legend_rows = (len(series) + LEGEND_COLS - 1) // LEGEND_COLS if len(series) > 1 else 0
    total_h = H + legend_rows * LEGEND_ROW + (8 if legend_rows else 0)
    out = [f'<svg class="chart" viewBox="0 0 {W} {total_h}" role="img" aria-label="{title}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>']
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        out.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                   f'stroke="#e3e7ec"/><text x="{PAD_L - 6}" y="{y(v) + 4:.1f}" '
                   f'text-anchor="end" font-size="11" fill="#5a6b7d">{format_decimal(v, 1)}</text>')
    ty = y(indicator.target)
    out.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{ty:.1f}" y2="{ty:.1f}" '
               f'stroke="#1e8449" stroke-dasharray="6 4" stroke-width="1.5"/>'
               f'<text x="{W - PAD_R}" y="{ty - 4:.1f}" text-anchor="end" font-size="11" '
               f'fill="#1e8449">{escape(_("target"))} {format_decimal(indicator.target)}</text>')
    for i, p in enumerate(periods):
        out.append(f'<text x="{x(i):.1f}" y="{H - PAD_B + 18}" text-anchor="middle" '
                   f'font-size="11" fill="#5a6b7d">{escape(str(p))}</text>')
    for n, (unit, points) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        coords = [(x(i), y(points[p.pk].value), points[p.pk])
                  for i, p in enumerate(periods) if p.pk in points]
        if len(coords) > 1:
            path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy, _m in coords)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                       f'stroke-width="2"/>')
        for cx, cy, m in coords:
            status = kpi_status.status_of(indicator, m.value)
            out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{DOT[status]}" '
                       f'stroke="#fff" stroke-width="1.5" data-status="{status}">'
                       f'<title>{escape(str(unit))}, {escape(str(m.period))}: '
                       f'{format_decimal(m.value)}</title>'
                       f'</circle>')
        if len(series) > 1:
            # A legend in rows of three under the axis, so that long unit names never overlap.
            ly = H + 8 + (n // LEGEND_COLS) * LEGEND_ROW
            lx = PAD_L + (n % LEGEND_COLS) * ((W - PAD_L) // LEGEND_COLS)
            name = str(unit)
            name = name if len(name) <= 30 else name[:29] + "…"
            out.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
                       f'<text x="{lx + 14}" y="{ly}" font-size="11" fill="#333">'
                       f'{escape(name)}<title>{escape(str(unit))}</title></text>')
    out.append("</svg>")
    return "".join(out)
