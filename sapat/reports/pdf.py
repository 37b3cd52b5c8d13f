"""PDF writer: the same HTML partial as the screen (`reports/_table.html`) with print CSS
and a shipped DejaVu font, so Kyrgyz letters (ң ө ү) render on any server.

WeasyPrint prints it. WeasyPrint lays out about 50 table rows a second, so a register of
thousands of risks would take minutes; such big tables go to headless Chromium instead,
when one is installed (the same HTML, the same CSS; ~100× faster on long tables). Settings:
SAPAT_PDF_CHROMIUM (path; default /usr/bin/chromium if present, "" to never use it) and
SAPAT_PDF_CHROMIUM_ROWS (rows from which Chromium is used; default 300).
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .columns import Table

log = logging.getLogger(__name__)
FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "sapat" / "fonts"


def _font_url(name: str) -> str:
    found = finders.find(f"sapat/fonts/{name}") or str(FONT_DIR / name)
    return Path(found).as_uri()


def render_html(table: Table) -> str:
    return render_to_string("reports/document.html", {
        "table": table,
        "language": get_language(),
        "font_regular": _font_url("DejaVuSans.ttf"),
        "font_bold": _font_url("DejaVuSans-Bold.ttf"),
    })


def chromium_binary() -> str:
    configured = getattr(settings, "SAPAT_PDF_CHROMIUM", None)
    if configured is None:
        configured = os.environ.get("SAPAT_PDF_CHROMIUM")
    if configured is None:
        configured = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else ""
    return configured if configured and shutil.which(configured) else ""


def engine_for(table: Table) -> str:
    rows = len(table.rows) if hasattr(table.rows, "__len__") else 0
    threshold = int(getattr(settings, "SAPAT_PDF_CHROMIUM_ROWS", 300))
    return "chromium" if rows >= threshold and chromium_binary() else "weasyprint"


def write_pdf(table: Table, engine: str | None = None) -> bytes:
    if not hasattr(table.rows, "__len__"):
        table.rows = list(table.rows)
    html = render_html(table)
    engine = engine or engine_for(table)
    if engine == "chromium":
        pdf = _chromium_pdf(html)
        if pdf:
            return pdf
    from weasyprint import HTML

    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()


def _chromium_pdf(html: str) -> bytes | None:
    binary = chromium_binary()
    if not binary:
        return None
    with tempfile.TemporaryDirectory(prefix="sapat-pdf-") as tmp:
        source, target = Path(tmp) / "document.html", Path(tmp) / "document.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--disable-component-update",
            # A tagged (structure tree) PDF of 60,000 cells is 7× bigger and twice as slow
            # to print; these long tables are for filing and printing, not screen readers.
            "--disable-pdf-tagging",
            f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
            f"--print-to-pdf={target}", source.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=180, check=False)
        except (OSError, subprocess.TimeoutExpired):
            log.exception("Chromium could not print the PDF; WeasyPrint prints it instead")
            return None
        if not target.exists() or target.stat().st_size == 0:
            log.warning("Chromium printed nothing (%s); WeasyPrint prints the PDF instead",
                        done.stderr.decode(errors="replace")[-500:])
            return None
        return target.read_bytes()
