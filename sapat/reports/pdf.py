"""PDF writer: the same HTML partial as the screen (`reports/_table.html`) with print CSS
and a shipped DejaVu font, so Kyrgyz letters (ң ө ү) render on any server.

WeasyPrint prints short tables. It lays out about 50-80 table rows a second, so a unit's
passport of 200 risks took 3 s of a core and a register of thousands would take minutes;
tables from CHROMIUM_ROWS rows go to headless Chromium instead, when one is installed
(the same HTML, the same CSS; 0.4-0.8 s for a 200-row passport, ~100× faster on long
tables). Below that, Chromium's start costs more than WeasyPrint's layout.

Long tables (from COMPACT_ROWS rows) get a compact layout: 7 pt type, tight cells, narrow
margins — about twice the rows a page. Chromium prints a long table in parts of about
SAPAT_PDF_PART_ROWS rows, several at a time (one Chromium each, SAPAT_PDF_WORKERS at
once); `pdf_pages.merge_numbered` joins the parts and numbers the pages «N / M».

Settings: SAPAT_PDF_CHROMIUM (path; default /usr/bin/chromium-headless-shell or else
/usr/bin/chromium, whichever is installed; "" to never use it), SAPAT_PDF_CHROMIUM_ROWS
(rows from which Chromium is used; default 50), SAPAT_PDF_PART_ROWS (default 2500: two
parts for 5,000 rows, measured best on 2 cores), SAPAT_PDF_WORKERS (default: the CPUs,
at most 4).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .columns import Kind, Table

log = logging.getLogger(__name__)
FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "sapat" / "fonts"
COMPACT_ROWS = 300
CHROMIUM_ROWS = 50


@dataclasses.dataclass(frozen=True)
class PageStyle:
    """How pages look: margins, page numbers, layout; one place for the template and for
    `pdf_pages` (which stamps the numbers where the template would have put them)."""

    compact: bool = False
    # Top, right, bottom, left in millimetres.
    margins_mm: tuple[float, float, float, float] = (12, 12, 14, 12)
    number_size: float = 8  # pt
    number_colour: str = "#555555"
    # This document holds the title block / the picture and notes / its own page numbers.
    first: bool = True
    last: bool = True
    numbered: bool = True
    widths: tuple[float, ...] = ()
    # overflow-wrap: break-word (a word too long for its column breaks where it must).
    break_words: bool = True

    @property
    def margins(self) -> str:
        return " ".join(f"{m:g}mm" for m in self.margins_mm)


def page_style(table: Table) -> PageStyle:
    rows = len(table.rows) if hasattr(table.rows, "__len__") else 0
    compact = rows >= COMPACT_ROWS
    style = (
        PageStyle(compact=True, margins_mm=(8, 8, 10, 8), number_size=7) if compact else PageStyle()
    )
    return dataclasses.replace(style, widths=column_widths(table, rows))


# A bold heading letter's width in the units of `Column.width` (at the 7.5 pt of headings).
HEADING_CHAR_WIDTH = 1.45
HEADING_PADDING = 2.5


def column_widths(table: Table, rows: int) -> tuple[float, ...]:
    """Each column's share of the page width, in per cent, from the columns' widths.

    The shares add up to 94 %: the engines share the rest out (WeasyPrint evenly, which
    gives the narrow number and level columns the room «16 – жогору» needs on one line).
    The row-number column gets room for its longest number (a 5,000-row register's «4999»
    would otherwise break over two lines), a level column room for «20 – жогору», and
    every column room for the longest word of its heading in the language printed
    (Chromium shares the rest out by width, not evenly, and broke «Натыйжалар» in two).
    """
    units = []
    for column in table.columns:
        width = column.width
        if column.key == "number":
            # «No.» / «№» in bold and «4999» on one line.
            width = max(width, 7.5, 2 + 1.6 * len(str(max(rows, 1))))
        elif column.kind == Kind.BAND:
            width = max(width, 17)
        longest_word = max((len(w) for w in str(column.header).split()), default=0)
        # The word and the cell's padding (Chromium shares out no spare width to it).
        units.append(max(width, HEADING_CHAR_WIDTH * longest_word + HEADING_PADDING))
    total = sum(units) or 1
    return tuple(math.floor(u * 9400 / total) / 100 for u in units)


def _font_url(name: str) -> str:
    found = finders.find(f"sapat/fonts/{name}") or str(FONT_DIR / name)
    return Path(found).as_uri()


def font_path(name: str = "DejaVuSans.ttf") -> Path:
    return Path(finders.find(f"sapat/fonts/{name}") or FONT_DIR / name)


def render_html(table: Table, style: PageStyle | None = None, *, hyphenate: bool = True) -> str:
    """The document's HTML with soft hyphens at the hyphenation points of its words
    (`sapat.reports.hyphens`), for both engines: a word is broken only there."""
    html = _render_html(table, style)
    if hyphenate:
        from .hyphens import hyphenate_html

        html = hyphenate_html(html, get_language())
    return html


def _render_html(table: Table, style: PageStyle | None = None) -> str:
    return render_to_string(
        "reports/document.html",
        {
            "table": table,
            "page": style or page_style(table),
            "language": get_language(),
            "font_regular": _font_url("DejaVuSans.ttf"),
            "font_bold": _font_url("DejaVuSans-Bold.ttf"),
        },
    )


# Debian's chromium-headless-shell (the old headless mode, without the browser's own
# pages) starts in a third of the CPU time of the full browser and prints the same PDF.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")


def chromium_binary() -> str:
    configured = getattr(settings, "SAPAT_PDF_CHROMIUM", None)
    if configured is None:
        configured = os.environ.get("SAPAT_PDF_CHROMIUM")
    if configured is None:
        configured = next((c for c in CHROMIUM_CANDIDATES if Path(c).exists()), "")
    return configured if configured and shutil.which(configured) else ""


def engine_for(table: Table) -> str:
    rows = len(table.rows) if hasattr(table.rows, "__len__") else 0
    threshold = int(getattr(settings, "SAPAT_PDF_CHROMIUM_ROWS", CHROMIUM_ROWS))
    return "chromium" if rows >= threshold and chromium_binary() else "weasyprint"


def write_pdf(table: Table, engine: str | None = None) -> bytes:
    """The table as a PDF document (bytes), by Chromium or WeasyPrint (see the module)."""
    if not hasattr(table.rows, "__len__"):
        table.rows = list(table.rows)
    engine = engine or engine_for(table)
    style = page_style(table)
    if engine == "chromium":
        pdf = _chromium_document(table, style)
        if pdf:
            return pdf
    from weasyprint import HTML

    # WeasyPrint breaks a word that does not fit at its soft hyphen *without* printing
    # the hyphen when overflow-wrap allows breaking anywhere («жаңы|лоо»): it gets the
    # normal wrapping (breaks between words and at soft hyphens, with the hyphen).
    style = dataclasses.replace(style, break_words=False)
    return HTML(string=render_html(table, style), base_url=str(FONT_DIR)).write_pdf()


def part_bounds(rows: list, parts: int) -> list[tuple[int, int]]:
    """`parts` slices of about equal size; a cut moves to a nearby change of unit when
    there is one, so that a part's blank end falls where a unit's rows end."""
    size = len(rows) / parts
    window = int(size * 0.15)
    cuts = [0]
    for k in range(1, parts):
        ideal = round(k * size)
        cut = ideal
        for offset in range(window + 1):
            found = next(
                (
                    i
                    for i in (ideal - offset, ideal + offset)
                    if cuts[-1] < i < len(rows) and _unit_changes(rows, i)
                ),
                None,
            )
            if found is not None:
                cut = found
                break
        cuts.append(max(cut, cuts[-1] + 1))
    cuts.append(len(rows))
    return list(zip(cuts, cuts[1:], strict=False))


def _unit_changes(rows: list, i: int) -> bool:
    before, after = rows[i - 1], rows[i]
    return (
        isinstance(before, dict)
        and isinstance(after, dict)
        and before.get("unit") != after.get("unit")
    )


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, None) or os.environ.get(name) or default)


def _chromium_document(table: Table, style: PageStyle) -> bytes | None:
    """Print with Chromium: in one go, or in parts printed side by side and merged."""
    rows = table.rows
    part_rows = _setting("SAPAT_PDF_PART_ROWS", 2500)
    workers = _setting("SAPAT_PDF_WORKERS", min(os.cpu_count() or 1, 4))
    parts = max(1, round(len(rows) / part_rows))
    if parts == 1:
        return _chromium_pdf(render_html(table, style))
    from .pdf_pages import merge_numbered

    bounds = part_bounds(rows, parts)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # Each part's HTML is rendered here while the parts before it are printing.
        printing = []
        for i, (start, end) in enumerate(bounds):
            part = dataclasses.replace(table, rows=rows[start:end])
            part_style = dataclasses.replace(
                style, first=i == 0, last=i == len(bounds) - 1, numbered=False
            )
            printing.append(pool.submit(_chromium_pdf, render_html(part, part_style)))
        pdfs = [job.result() for job in printing]
    if not all(pdfs):
        return None
    return merge_numbered(pdfs, style)


def _chromium_pdf(html: str) -> bytes | None:
    binary = chromium_binary()
    if not binary:
        return None
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as tmp:  # made 0700
        source, target = Path(tmp) / "document.html", Path(tmp) / "document.pdf"
        write_private(source, html.encode("utf-8"))
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-sync",
            "--disable-component-update",
            # A tagged (structure tree) PDF of 60,000 cells is 7× bigger and twice as slow
            # to print; these long tables are for filing and printing, not screen readers.
            "--disable-pdf-tagging",
            f"--user-data-dir={tmp}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=180, check=False)
        except (OSError, subprocess.TimeoutExpired):
            log.exception("Chromium could not print the PDF; WeasyPrint prints it instead")
            return None
        if not target.exists() or target.stat().st_size == 0:
            log.warning(
                "Chromium printed nothing (%s); WeasyPrint prints the PDF instead",
                done.stderr.decode(errors="replace")[-500:],
            )
            return None
        target.chmod(0o600)
        return target.read_bytes()


TEMP_PREFIX = "sapat-pdf-"
STALE_SECONDS = 3600  # far beyond a part's 180 s: no export still uses such a folder


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner may read (0600), whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def clean_stale_folders(now: float | None = None) -> int:
    """Remove our temporary PDF folders left by a worker killed mid-export (older than
    STALE_SECONDS, owned by this user); run at start. Returns how many were removed."""
    import time

    now = time.time() if now is None else now
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*"):
        try:
            info = folder.lstat()
        except OSError:
            continue
        if (
            folder.is_dir()
            and not folder.is_symlink()
            and info.st_uid == os.getuid()
            and now - info.st_mtime > STALE_SECONDS
        ):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
