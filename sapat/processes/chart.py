"""A KPI's trend over periods as an SVG line chart, drawn on the server (no script)."""
import math

from django.utils.html import escape
from django.utils.translation import gettext as _

from sapat.lib.numbers import format_decimal

from . import kpi_status

COLOURS = ["#1f5fa8", "#7a4fb5", "#0f8a7a", "#b5651d", "#5a6b7d", "#a83262"]
DOT = {"green": "#1e8449", "amber": "#c98a00", "red": "#c0392b", "none": "#999"}
BAND = "#f6e7b8"  # the tolerance band: near target (amber), behind the lines
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 230, 48, 40, 16, 30
LEGEND_ROW, LEGEND_NAME = 18, 90  # one unit a row, its whole name (never cut by the next)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering lo..hi: steps of 1, 2, 2.5 or 5 × 10ⁿ (not 84.7, 79.6)."""
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    last = math.ceil(hi / step) * step
    n = round((last - first) / step)
    return [round(first + k * step, 10) for k in range(n + 1)]


def band_of(indicator) -> tuple[float, float] | None:
    """The tolerance band (near target, amber): between the target and the target less
    (higher is better) or plus (lower is better) the tolerance; None without tolerance."""
    tolerance = float(indicator.tolerance or 0)
    if tolerance <= 0:
        return None
    target = float(indicator.target)
    if indicator.direction == "higher":
        return target - tolerance, target
    return target, target + tolerance


def _units(measurements) -> list:
    seen = []
    for m in sorted(measurements, key=lambda m: m.unit.path):
        if m.unit not in seen:
            seen.append(m.unit)
    return seen


def legend(indicator, measurements) -> list[dict]:
    """What the chart's marks mean, as text a screen reader reads (shown under the
    chart as a list; the swatches beside the words are decoration)."""
    from sapat.lib.templatetags.sapat_tags import quantity

    unit = indicator.measure_unit
    entries = [{"kind": "line", "colour": COLOURS[n % len(COLOURS)],
                "text": _("Values of %(unit)s") % {"unit": u}}
               for n, u in enumerate(_units(measurements))]
    entries += [{"kind": "dot", "colour": DOT[s.value], "text": str(s.label)}
                for s in (kpi_status.Status.GREEN, kpi_status.Status.AMBER,
                          kpi_status.Status.RED)]
    entries.append({"kind": "target", "colour": DOT["green"],
                    "text": _("Target: %(value)s") % {
                        "value": quantity(indicator.target, unit)}})
    band = band_of(indicator)
    if band is not None:
        entries.append({"kind": "band", "colour": BAND,
                        "text": _("Tolerance band (near target): %(low)s – %(high)s") % {
                            "low": quantity(band[0], unit), "high": quantity(band[1], unit)}})
    return entries


def trend_svg(indicator, measurements, *, legend_inside: bool = True,
              described_by: str = "") -> str:
    """One line per unit across the periods with data; a dashed line at the target, the
    tolerance band shaded behind. With `legend_inside` (the SVG file alone) the units are
    named under the axis; a page shows `legend` under the chart instead and points the
    chart at it with `described_by` (the id of the legend)."""
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
    band = band_of(indicator)
    values = [float(m.value) for m in rows] + [float(indicator.target)] + list(band or ())
    ticks = nice_ticks(min(values), max(values))
    lo, hi = ticks[0], ticks[-1]

    def x(i):
        if len(periods) == 1:
            return PAD_L + (W - PAD_L - PAD_R) / 2
        return PAD_L + i * (W - PAD_L - PAD_R) / (len(periods) - 1)

    def y(v):
        return PAD_T + (hi - float(v)) * (H - PAD_T - PAD_B) / (hi - lo)

    title = escape(_("Trend of %(name)s") % {"name": indicator.label})
    legend_rows = len(series) if len(series) > 1 and legend_inside else 0
    total_h = H + legend_rows * LEGEND_ROW + (8 if legend_rows else 0)
    described = f' aria-describedby="{escape(described_by)}"' if described_by else ""
    out = [f'<svg class="chart" viewBox="0 0 {W} {total_h}" role="img" aria-label="{title}"'
           f'{described} xmlns="http://www.w3.org/2000/svg"><title>{title}</title>']
    if band is not None:
        top, bottom = y(band[1]), y(band[0])
        out.append(f'<rect x="{PAD_L}" y="{top:.1f}" width="{W - PAD_L - PAD_R}" '
                   f'height="{bottom - top:.1f}" fill="{BAND}" data-band="tolerance"/>')
    places = 0 if all(float(t).is_integer() for t in ticks) else (
        1 if all(float(t * 10).is_integer() for t in ticks) else 2)
    for v in ticks:
        out.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                   f'stroke="#e3e7ec"/><text x="{PAD_L - 6}" y="{y(v) + 4:.1f}" '
                   f'text-anchor="end" font-size="11" fill="#5a6b7d">'
                   f'{format_decimal(v, places)}</text>')
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
        if legend_rows:
            # A legend under the axis, a unit a row: long unit names are read whole.
            ly = H + 8 + n * LEGEND_ROW
            lx = 8
            name = str(unit)
            name = name if len(name) <= LEGEND_NAME else name[:LEGEND_NAME - 1] + "…"
            out.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
                       f'<text x="{lx + 14}" y="{ly}" font-size="11" fill="#333">'
                       f'{escape(name)}<title>{escape(str(unit))}</title></text>')
    out.append("</svg>")
    return "".join(out)
