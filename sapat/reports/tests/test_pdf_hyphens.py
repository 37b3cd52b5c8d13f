"""Words in a printed PDF are broken only at hyphenation points (issue 13): soft hyphens
where Kyrgyz syllables and the ru/en dictionaries allow, none elsewhere."""

import re

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
