"""Small server-side SVG charts for the review's sections (the same picture on screen and
in the PDF). Colours are the KPI statuses' own."""
from __future__ import annotations

from django.utils.html import escape

COLOURS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", "none": "#9e9e9e",
           "done": "#2e7d32", "late": "#f9a825", "overdue": "#c62828", "open": "#90a4ae"}


def stacked_bars(rows: list[tuple[str, dict[str, int]]], order: list[tuple[str, str]], *,
                 title: str) -> str:
    """One horizontal bar a row, split by `order` ([(key, legend label)]); counts in cells."""
    label_w, bar_w, row_h = 220, 300, 22
    width = label_w + bar_w + 20
    # The legend wraps onto as many lines as its labels need.
    legend, x, line = [], 0, 0
    for key, name in order:
        need = 24 + 6.2 * len(str(name))
        if x and x + need > width:
            x, line = 0, line + 1
        legend.append((x, line, key, name))
        x += need
    height = 30 + row_h * len(rows) + 16 * (line + 1) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" class="review-chart" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>']
    for i, (label, counts) in enumerate(rows):
        y = 26 + i * row_h
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(f'<text x="0" y="{y + 15}" font-size="11">{escape(short)}</text>')
        total = sum(counts.get(k, 0) for k, _ in order) or 1
        x = label_w
        for key, _name in order:
            n = counts.get(key, 0)
            if not n:
                continue
            w = bar_w * n / total
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
                         f'fill="{COLOURS.get(key, "#607d8b")}"/>')
            if w > 14:
                ink = "#000" if key == "amber" or key == "late" else "#fff"
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 15}" font-size="10" '
                             f'text-anchor="middle" fill="{ink}">{n}</text>')
            x += w
    top = 30 + row_h * len(rows)
    for x, line, key, name in legend:
        y = top + 16 * line
        parts.append(f'<rect x="{x:.0f}" y="{y}" width="10" height="10" '
                     f'fill="{COLOURS.get(key, "#607d8b")}"/>')
        parts.append(f'<text x="{x + 14:.0f}" y="{y + 9}" font-size="10">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
