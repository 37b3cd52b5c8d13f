"""PDF writer: the same HTML partial as the screen (`reports/_table.html`), printed by
WeasyPrint with a shipped DejaVu font so Kyrgyz letters (ң ө ү) render on any server."""
from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .columns import Table


def _font_url(name: str) -> str:
    found = finders.find(f"sapat/fonts/{name}")
    return Path(found).as_uri() if found else ""


def render_html(table: Table) -> str:
    return render_to_string("reports/document.html", {
        "table": table,
        "language": get_language(),
        "font_regular": _font_url("DejaVuSans.ttf"),
        "font_bold": _font_url("DejaVuSans-Bold.ttf"),
    })


def write_pdf(table: Table) -> bytes:
    from weasyprint import HTML

    html = render_html(table)
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf()
