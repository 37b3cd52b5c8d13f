"""Every document of the regulation, printed as a QMS office prints it (issue 13): the PDF
directly, the DOCX and XLSX through LibreOffice, in ky, ru and en, from the demo. The
printed text is read with its positions (`pdftotext -bbox-layout`) and the test fails when

- a line ends inside a word without a hyphen: the line's last token and the next line's
  first token of the same text block glue into a word of the document («Ыктымалдуул|ук»);
- a line starts with a comma or another closing mark;
- a range of numbers is broken after its dash («Последствия (1–|5)» in a heading);
- a word of the document's cells is missing from the printed pages (cut off).

Set SAPAT_PRINT_DIR=/some/folder to keep every file and printed PDF for looking at
(`pdftoppm -r 60`). About a minute: marked slow (`-m "not slow"` leaves it out).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import TestCase, override_settings

from sapat.demo.loader import load_demo
from sapat.org.models import Person

from ..export import export_table
from .base import ReportsTestCase, xlsx_rows

LANGS = ("ky", "ru", "en")
# The regulation's documents and the parameters that choose one (export.TABLES).
DOCUMENTS = (
    ("passport", {"unit": "dep-it"}),
    ("register", {}),
    ("consolidated", {}),
    ("integrated", {}),
    ("process-card", {"process": "education"}),
    ("heatmap", {}),
)
HYPHENS = ("-", "\u2010", "\u00ad", "\u2011")
WORD = re.compile(r"[^\W\d_]+")
GAP = 4.5  # pt: wider than a space of the 7-10 pt type, narrower than two cell paddings
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


class _Words(HTMLParser):
    """Pages of lines from `pdftotext -bbox-layout`'s XHTML: each line its left, top and
    bottom edge and its words with their left and right edges."""

    def __init__(self):
        super().__init__()
        self.pages: list[list[dict]] = []
        self._word = None

    def handle_starttag(self, tag, attrs):
        box = {k: float(v) for k, v in attrs if k in ("xmin", "ymin", "xmax", "ymax")}
        if tag == "page":
            self.pages.append([])
        elif tag == "line":
            self.pages[-1].append(
                {"x": box["xmin"], "top": box["ymin"], "bottom": box["ymax"], "words": []}
            )
        elif tag == "word":
            self._word = ["", box["xmin"], box["xmax"]]

    def handle_data(self, data):
        if self._word is not None:
            self._word[0] += data

    def handle_endtag(self, tag):
        if tag == "word":
            words = self.pages[-1][-1]["words"]
            text, left, right = self._word
            # Chromium keeps the soft hyphens (and word joiners) in its text.
            text = text.replace("\u00ad", "").replace("\u2060", "")
            if words and left - words[-1][2] < 0.5:
                # One word drawn in two fonts (a fallback font's letter) comes as two.
                words[-1] = [words[-1][0] + text, words[-1][1], right]
            else:
                words.append([text, left, right])
            self._word = None


def printed_lines(pdf: Path) -> list[tuple[list[str], list[str] | None]]:
    """Every printed line with the line that follows it in the same cell (None if none):
    the nearest line below, no more than a line's gap lower, that overlaps it across
    (lines of a cell start at the same edge or share its centre)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    parser = _Words()
    parser.feed(xhtml)
    pairs = []
    for page in parser.pages:
        lines = []
        for line in page:
            # pdftotext joins the lines of cells side by side: a gap wider than a space
            # starts another cell's line.
            for word in line["words"]:
                if (
                    not lines
                    or lines[-1]["top"] != line["top"]
                    or word[1] - lines[-1]["right"] > GAP
                ):
                    lines.append(
                        {"x": word[1], "top": line["top"], "bottom": line["bottom"], "words": []}
                    )
                lines[-1]["words"].append(word)
                lines[-1]["right"] = word[2]
        for line in lines:
            height = line["bottom"] - line["top"]
            below = [
                other
                for other in lines
                if min(other["right"], line["right"]) - max(other["x"], line["x"]) > 0
                and other["top"] > line["top"] + height / 2
                and other["top"] - line["bottom"] < height * 0.6
            ]
            after = min(below, key=lambda other: other["top"], default=None)
            pairs.append(
                ([w[0] for w in line["words"]], [w[0] for w in after["words"]] if after else None)
            )
    return pairs


def words_of(texts) -> set[str]:
    return {w.lower() for text in texts for w in WORD.findall(str(text).replace("\u00ad", ""))}


def printed_words(pairs) -> set[str]:
    """The printed words, and the words broken at a hyphen (over two lines or more)
    joined again."""
    words = set()
    following = {tuple(line): after for line, after in pairs}
    for line, after in pairs:
        words |= words_of(line)
        glued, current, nxt = "", line, after
        while nxt and current[-1].endswith(HYPHENS):
            a, b = WORD.findall(current[-1]), WORD.findall(nxt[0])
            if not a or not b:
                break
            glued = (glued or a[-1]) + b[0]
            words.add(glued.lower())
            if len(nxt) > 1:
                break
            current, nxt = nxt, following.get(tuple(nxt))
    return words


def broken_at_hyphens(missing: set[str], pairs) -> set[str]:
    """The words of `missing` that are printed broken at hyphens where the next line
    could not be told (a row split over two pages): pieces that end a line with a
    hyphen, and a piece that starts a line, glue into the word."""
    heads, tails = set(), set()
    for line, _after in pairs:
        pieces = WORD.findall(line[-1])
        if (
            pieces
            and line[-1].endswith(HYPHENS)
            and line[-1].rstrip("".join(HYPHENS))[-1:].isalpha()
        ):
            heads.add(pieces[-1].lower())
        first = WORD.findall(line[0])
        if first:
            tails.add(first[0].lower())

    def glued(word: str, depth: int = 0) -> bool:
        if word in tails and depth:
            return True
        return depth < 4 and any(
            word[:i] in heads and glued(word[i:], depth + 1) for i in range(2, len(word) - 1)
        )

    return {word for word in missing if glued(word)}


def split_words(pairs, vocabulary: set[str]) -> list[str]:
    """Lines that end inside a word without a hyphen, lines that start with a comma, and
    number ranges broken after their dash («Вероятность (1–|5)»), in the cells and in
    the column headings alike."""
    bad = []
    for above, below in pairs:
        if not below:
            continue
        last, first = above[-1], below[0]
        if first[:1] in ",.;:)»":
            bad.append(f"{' '.join(above[-2:])} | {' '.join(below[:2])}")
            continue
        if re.search(r"\d[\u2013\u2014]$", last) and first[:1].isdigit():
            # A range of numbers broken after its dash («(1–|5)» in a heading).
            bad.append(f"{last}|{first}")
            continue
        if last.endswith(HYPHENS):
            continue
        a, b = WORD.findall(last), WORD.findall(first)
        if not a or not b or not last.endswith(a[-1]) or not first.startswith(b[0]):
            continue
        glued = (a[-1] + b[0]).lower()
        if len(glued) >= 4 and glued in vocabulary:
            bad.append(f"{last}|{first}")
    return bad


def to_pdf(files: list[Path], folder: Path) -> None:
    """DOCX and XLSX printed by LibreOffice, as a university prints them."""
    subprocess.run(
        [
            OFFICE,
            "--headless",
            f"-env:UserInstallation=file://{folder}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, files),
        ],
        capture_output=True,
        check=True,
        timeout=240,
    )


@pytest.mark.slow
@override_settings(SAPAT_DEMO=True)
class PrintedWordsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.qms = Person.objects.get(username="qms")

    def test_no_word_is_split_or_cut_in_any_printed_document(self):
        if not OFFICE:
            self.fail(
                "LibreOffice prints the DOCX and XLSX: apt-get install "
                "libreoffice-writer-nogui libreoffice-calc-nogui"
            )
        keep = os.environ.get("SAPAT_PRINT_DIR")
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(keep or tmp)
            folder.mkdir(parents=True, exist_ok=True)
            sources, office = {}, []
            for name, params in DOCUMENTS:
                for lang in LANGS:
                    stem = f"{name}-{lang}"
                    cells = xlsx_rows(
                        export_table(
                            name, "xlsx", person=self.qms, lang=lang, params=params
                        ).content
                    )
                    sources[stem] = [v for row in cells for v in row if isinstance(v, str)]
                    for fmt in ("pdf", "docx", "xlsx"):
                        content = export_table(
                            name, fmt, person=self.qms, lang=lang, params=params
                        ).content
                        path = folder / (f"{stem}.{fmt}" if fmt == "pdf" else f"{stem}-{fmt}.{fmt}")
                        path.write_bytes(content)
                        if fmt != "pdf":
                            office.append(path)
            # A long table goes to Chromium: both registers printed by it too.
            with override_settings(SAPAT_PDF_CHROMIUM_ROWS=1):
                for name in ("consolidated", "register"):
                    for lang in LANGS:
                        content = export_table(name, "pdf", person=self.qms, lang=lang).content
                        (folder / f"{name}-{lang}-chromium.pdf").write_bytes(content)
            to_pdf(office, folder)

            problems = []
            for pdf in sorted(folder.glob("*.pdf")):
                stem = re.sub(r"-(docx|xlsx|chromium)$", "", pdf.stem)
                source = sources[stem]
                vocabulary = words_of(source)
                pairs = printed_lines(pdf)
                for split in split_words(pairs, vocabulary):
                    problems.append(f"{pdf.name}: split {split}")
                printed = printed_words(pairs)
                missing = words_of(source) - printed
                missing = sorted(missing - broken_at_hyphens(missing, pairs))
                if missing:
                    problems.append(f"{pdf.name}: missing {missing[:8]}")
            self.assertFalse(problems, "\n".join(problems))


class HeadingCoverageTests(ReportsTestCase):
    """The print test reads the column headings too: printed without hyphenation points,
    in columns narrower than their words and allowed to break anywhere (as Chromium did
    with «Ыктымалдуулу|к (1–5)», «Натыйжалар|ы»), the headings' splits are found."""

    def test_a_heading_split_without_a_hyphen_is_found(self):
        import dataclasses

        from django.utils import translation

        from ..export import build_table
        from ..pdf import _chromium_pdf, chromium_binary, page_style, render_html

        if not chromium_binary():
            self.skipTest("Chromium is not installed")
        with translation.override("ky"), tempfile.TemporaryDirectory() as tmp:
            table = build_table("register", person=self.qms)
            table.rows = list(table.rows)
            style = page_style(table)
            # Every column as narrow as the narrowest: the long heading words must break.
            narrow = dataclasses.replace(
                style, widths=tuple(94 / len(style.widths) for _ in style.widths), break_words=True
            )
            pdf = Path(tmp) / "register.pdf"
            pdf.write_bytes(_chromium_pdf(render_html(table, narrow, hyphenate=False)))
            heads = [str(c.header) for c in table.columns]
            splits = split_words(printed_lines(pdf), words_of(heads))
        self.assertTrue(splits, "no heading split found")
        self.assertTrue(
            any(word.startswith(("Ыктымал", "Натыйжа", "Тобокел")) for word in splits), splits
        )
