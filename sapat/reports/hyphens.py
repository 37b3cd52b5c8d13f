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


@lru_cache(maxsize=50_000)
def hyphenate_word(word: str, lang: str) -> str:
    if len(word) < MIN_WORD:
        return word
    if lang == "ky":
        if not any(ch in _KY_VOWELS for ch in word):
            return word  # a Latin word in a Kyrgyz text: left whole
        points = ky_points(word)
        for point in reversed(points):
            word = word[:point] + SHY + word[point:]
        return word
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


def hyphenate_text(text: str, lang: str) -> str:
    return _WORD.sub(lambda m: hyphenate_word(m.group(0), lang), text)


# A text node with the tag it follows: band marks («16 – жогору», one coloured block)
# are left whole.
_TEXT_NODE = re.compile(r"(<[^>]*>)([^<]+)(?=<)")
_WHOLE = re.compile(r'^<span class="band')
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
