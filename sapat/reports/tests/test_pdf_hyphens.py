"""Words in a printed PDF are broken only at hyphenation points (issue 13): soft hyphens
where Kyrgyz syllables and the ru/en dictionaries allow, none elsewhere."""

import io
import re

from openpyxl import load_workbook

from sapat.reports.export import export_table
from sapat.reports.hyphens import SHY, hyphenate_word

from .base import ReportsTestCase, pdf_text, xlsx_rows


def split_words(text: str) -> list[tuple[str, str]]:
    """(end of a line, start of the next) where a line ends inside a word without a
    hyphen: the two halves glued are a word of the document."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return [(a.split()[-1], b.split()[0]) for a, b in zip(lines, lines[1:], strict=False)]


class HyphenationTests(ReportsTestCase):
    def test_kyrgyz_syllables_and_dictionaries(self):
        self.assertEqual(
            hyphenate_word("Ыктымалдуулук", "ky").replace(SHY, "-"), "Ык-ты-мал-дуу-лук"
        )
        self.assertEqual(hyphenate_word("Натыйжалар", "ky").replace(SHY, "-"), "На-тый-жа-лар")
        self.assertEqual(hyphenate_word("Вероятность", "ru").replace(SHY, "-"), "Ве-ро-ят-ность")
        self.assertIn(SHY, hyphenate_word("Consequences", "en"))

    def test_numbers_and_codes_stay_whole_and_each_word_takes_its_scripts_rules(self):
        from sapat.reports.hyphens import hyphenate_text

        for text in (
            "2026-12-31",
            "dep-it",
            "R-014",
            "ISO 9001:2015",
            "www.jasu.kg",
            "qms@jasu.kg",
            "<script>alert(1)</script>",
            "12345678",
            "QMSOFFICE",
        ):
            with self.subTest(text):
                self.assertEqual(hyphenate_text(text, "en"), text)
        # A Kyrgyz record in a Russian or English document: the Kyrgyz syllables.
        for lang in ("ru", "en"):
            self.assertEqual(
                hyphenate_text("Ыктымалдуулук", lang).replace(SHY, "-"), "Ык-ты-мал-дуу-лук"
            )
        # An English word in a Kyrgyz document: the English dictionary.
        self.assertEqual(hyphenate_text("Management", "ky").replace(SHY, "-"), "Man-age-ment")

    def test_number_ranges_stay_whole_in_headings_and_cells(self):
        """«Вероятность (1–5)» in a narrow heading wrapped as «(1–» over «5)» (PDF, DOCX
        and XLSX as printed): a word joiner after the dash of a number range."""
        from sapat.reports.hyphens import WORD_JOINER, hyphenate_text, keep_ranges

        self.assertEqual(keep_ranges("Likelihood (1–5)"), f"Likelihood (1–{WORD_JOINER}5)")
        self.assertEqual(keep_ranges("2025—2026"), f"2025—{WORD_JOINER}2026")
        # A band mark («16 – жогору») and a date (no break after its hyphen) are left.
        for text in ("16 – жогору", "2026-12-31", "1-5"):
            self.assertEqual(keep_ranges(text), text)
        self.assertIn(f"(1–{WORD_JOINER}5)", hyphenate_text("Вероятность (1–5)", "ru"))
        # The spreadsheet's headings too.
        content = export_table("register", "xlsx", person=self.qms, lang="ru").content
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
        self.assertTrue(any(f"(1–{WORD_JOINER}5)" in v for v in values), values)

    def test_no_word_of_the_register_is_split_without_a_hyphen(self):
        for lang in ("ky", "ru", "en"):
            with self.subTest(lang):
                pdf = export_table("register", "pdf", person=self.qms, lang=lang).content
                text = pdf_text(pdf, raw=True)
                xlsx = export_table("register", "xlsx", person=self.qms, lang=lang).content
                words = {
                    w
                    for row in xlsx_rows(xlsx)
                    for v in row
                    if v
                    for w in re.findall(r"\w+", str(v))
                }
                bad = [
                    (a, b)
                    for a, b in split_words(text)
                    if not a.endswith(("-", "\u2010"))
                    and re.fullmatch(r"\w+", a)
                    and re.fullmatch(r"\w+", b)
                    and b[:1].islower()
                    and (a + b) in words | {self.r1.title.split()[1]}
                    and len(a + b) >= 6
                ]
                self.assertEqual(bad, [])
