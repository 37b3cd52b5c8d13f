"""Words broken only where they may be: soft hyphens (U+00AD) at hyphenation points, so
a narrow PDF column breaks «Ыктымал-дуулук» with a hyphen, never «Ыктымалдуул|ук».

Russian and English use the hyphenation dictionaries pyphen ships (pyphen is already
installed as WeasyPrint's own dependency). Kyrgyz has no dictionary; its syllables are
regular (CV, CVC, CVCC), so a word breaks before the last consonant between two vowels
(«тобо-кел-дик», «ык-ты-мал-дуу-лук»), keeping two letters on each side. Both PDF
engines (WeasyPrint, Chromium) honour soft hyphens without any dictionary of their own.
"""

from __future__ import annotations

import re
from functools import lru_cache

SHY = "\u00ad"
MIN_WORD = 6  # shorter words are not broken
_KY_VOWELS = set("аеёиоөуүыэюяАЕЁИОӨУҮЫЭЮЯ")
_SIGNS = set("ьъЬЪ")
_WORD = re.compile(r"[^\W\d_]{" + str(MIN_WORD) + ",}")
_PYPHEN = {"ru": "ru_RU", "en": "en_GB"}


@lru_cache(maxsize=32)
def _dictionary(lang: str):
    try:
        import pyphen
    except ImportError:  # pragma: no cover — WeasyPrint brings it
        return None
    name = _PYPHEN.get(lang)
    return pyphen.Pyphen(lang=name, left=2, right=2) if name else None


def ky_points(word: str) -> list[int]:
    """Positions where a Kyrgyz (Cyrillic) word may break: before the last consonant of
    the consonants between two vowels; never leaving fewer than two letters."""
    vowels = [i for i, ch in enumerate(word) if ch in _KY_VOWELS]
    points = []
    for a, b in zip(vowels, vowels[1:], strict=False):
        if b - a == 1:
            continue  # two vowels together («дуу»): no break between them
        point = b - 1
        while point > a + 1 and word[point] in _SIGNS:
            point -= 1
        if word[point] in _SIGNS:
            continue
        if 2 <= point <= len(word) - 2:
            points.append(point)
    return points


_KY_LETTERS = set("ңөүҢӨҮ")
_LATIN = re.compile(r"[A-Za-z]")
# Kyrgyz long vowels (rare in Russian): the Russian patterns would split «дуу» as «ду-у».
_KY_LONG = re.compile(r"аа|оо|уу|ыы|ээ", re.IGNORECASE)


def word_language(word: str, lang: str) -> str:
    """Which rules break `word` in a document in `lang`: a record's text may stay in the
    language it was written in (Kyrgyz risks in a Russian or English document). Latin
    words take the English dictionary; a Cyrillic word the Russian one in a Russian
    document unless it has a Kyrgyz letter (ң ө ү) or long vowel (аа, оо, уу, ыы, ээ),
    the Kyrgyz rules otherwise."""
    if _LATIN.match(word):
        return "en"
    if lang == "ru" and not any(ch in _KY_LETTERS for ch in word) and not _KY_LONG.search(word):
        return "ru"
    return "ky"


@lru_cache(maxsize=50_000)
def hyphenate_word(word: str, lang: str) -> str:
    if len(word) < MIN_WORD:
        return word
    lang = word_language(word, lang)
    if lang == "ky":
        if not any(ch in _KY_VOWELS for ch in word):
            return word  # no Cyrillic vowel: an abbreviation, left whole
        points = ky_points(word)
        for point in reversed(points):
            word = word[:point] + SHY + word[point:]
        return word
    if word.isupper():
        return word  # an abbreviation or code («ISO», «QMS»)
    dictionary = _dictionary(lang)
    if dictionary is None:
        return word
    # Not inside a ligature (ff, fi, fl): the font's joined glyph would lose its letters.
    points = [
        p for p in dictionary.positions(word) if not (word[p - 1] in "fF" and word[p] in "fil")
    ]
    for point in reversed(points):
        word = word[:point] + SHY + word[point:]
    return word


# A token (between spaces) with a digit, an underscore or a code's marks (dep-it,
# 2026-12-31, a@b, www.x.kg, R-014) is a number or a code: never broken.
_TOKEN = re.compile(r"\S+")
_CODE = re.compile(r"[\d_@/\\]|\w\.\w|^[a-z]+-[a-z]+$|^[A-ZА-Я]+-")


def _hyphenate_token(token: str, lang: str) -> str:
    if len(token) < MIN_WORD or _CODE.search(token):
        return token
    return _WORD.sub(lambda m: hyphenate_word(m.group(0), lang), token)


# A range of numbers («(1–5)», «2025–2026»): line breaking allows a break after an en or
# em dash, so a narrow heading printed «Вероятность (1–» over «5)». A word joiner
# (U+2060, invisible, in every engine's line breaking) keeps the range whole.
WORD_JOINER = "\u2060"
_RANGE = re.compile(r"(?<=\d)([\u2013\u2014])(?=\d)")


def keep_ranges(text: str) -> str:
    """`text` with its number ranges never broken after the dash."""
    return _RANGE.sub("\\1" + WORD_JOINER, text) if text else text


def hyphenate_text(text: str, lang: str) -> str:
    """`text` with soft hyphens at the hyphenation points of its words; numbers and codes
    are left whole, number ranges unbroken."""
    if not text:
        return text
    lang = (lang or "ky")[:2]
    return keep_ranges(_TOKEN.sub(lambda m: _hyphenate_token(m.group(0), lang), text))


# A text node with the tag it follows: band marks («16 – жогору», one coloured block)
# are left whole.
_TEXT_NODE = re.compile(r"(<[^>]*>)([^<]+)(?=<)")
_WHOLE = re.compile(r'^<(span class="band|td class="num band-cell)')
_SVG = re.compile(r"(<svg\b.*?</svg>)", re.DOTALL)


def hyphenate_html(html: str, lang: str) -> str:
    """Soft hyphens in the text of the document's body (not its styles, not a picture)."""
    lang = (lang or "ky")[:2]
    head, sep, body = html.partition("<body")
    if not sep:
        return html
    parts = _SVG.split(body)
    for i in range(0, len(parts), 2):  # even parts are outside <svg>
        parts[i] = _TEXT_NODE.sub(
            lambda m: (
                m.group(0)
                if _WHOLE.match(m.group(1))
                else m.group(1) + hyphenate_text(m.group(2), lang)
            ),
            parts[i],
        )
    return head + sep + "".join(parts)
