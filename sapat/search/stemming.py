"""Words to search keys: one key per word, the same for its grammatical forms.

Kyrgyz is agglutinative: a noun takes a plural, then a possessive, then a case ending
(тобокелдик, тобокелдиктер, тобокелдиктерди, тобокелдигинин). No database ships a Kyrgyz
stemmer — PostgreSQL has Snowball configurations for Russian and English but none for any
Turkic language, and SQLite's FTS5 has only an English Porter tokenizer — so Sapat strips
the endings itself, in Python, before the text reaches the database, and does the same to
what a person types. Both sides going through one function is what makes a form found by
another.

The stripping is deliberately simple: the case, possessive and plural endings of Kyrgyz
(all vowel-harmony variants) and the common Russian noun and adjective endings, longest
first, a few times over, never leaving a stem shorter than four letters; then a stem-final
voiced consonant is put back to its dictionary form (китеби → китеб → китеп, тобокелдиги →
тобокелдик). It over-stems now and then (two words sharing a key); for a search box that
finds a few more rows that is the right side to err on. Russian words are also matched on
PostgreSQL by its own `russian` configuration (see `sapat.search.backends`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

_HARMONY = {"a": "аеоө", "y": "ыиуү"}  # the four-way vowel harmony of Kyrgyz suffixes


def _variants(pattern: str) -> list[str]:
    """`"д{a}н"` → дан, ден, дон, дөн: every vowel-harmony variant of a suffix."""
    parts = re.split(r"(\{[ay]\})", pattern)
    choices = [list(_HARMONY[p[1]]) if p.startswith("{") else [p] for p in parts if p]
    return ["".join(c) for c in product(*choices)]


_KYRGYZ = [
    # Case endings: genitive, dative, accusative, locative, ablative.
    "н{y}н", "д{y}н", "т{y}н",
    "г{a}", "к{a}", "н{a}",
    "н{y}", "д{y}", "т{y}",
    "д{a}", "т{a}", "нд{a}",
    "д{a}н", "т{a}н", "н{a}н", "нд{a}н",
    # Plural.
    "л{a}р", "д{a}р", "т{a}р",
    # Possessive: my, your, his/her/its, our, your (polite).
    "{y}м", "{y}ң", "с{y}", "{y}", "{y}б{y}з", "{y}ң{y}з", "б{y}з", "ң{y}з",
    # The dative and accusative after a possessive (китебине, китебин).
    "{a}", "н",
]
_RUSSIAN = [
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "иях", "ией", "ием",
    "ов", "ев", "ей", "ой", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их",
    "ым", "им", "ом", "ем", "ам", "ям", "ах", "ях", "ую", "юю", "ия", "ию", "ь",
    "а", "я", "о", "е", "ы", "и", "у", "ю",
]
SUFFIXES = sorted(
    {v for p in _KYRGYZ for v in _variants(p)} | set(_RUSSIAN), key=len, reverse=True
)
MIN_STEM = 4
_VOICED_FINAL = {"б": "п", "г": "к", "ғ": "к", "д": "т"}
WORD = re.compile(r"[^\W_]+")


_BY_LENGTH = sorted({len(s) for s in SUFFIXES}, reverse=True)
_SUFFIX_SET = frozenset(SUFFIXES)


def stem(word: str) -> str:
    """The search key of one word (lower case; codes and numbers unchanged)."""
    return _stem(word.lower().replace("ё", "е"))


@lru_cache(maxsize=200_000)  # a university's vocabulary: a few tens of thousands of forms
def _stem(word: str) -> str:
    if not word.isalpha() or len(word) <= MIN_STEM:
        return word
    for _ in range(4):
        for n in _BY_LENGTH:  # the longest ending that leaves a stem long enough
            if len(word) - n >= MIN_STEM and word[-n:] in _SUFFIX_SET:
                word = word[:-n]
                break
        else:
            break
    if word[-1] in _VOICED_FINAL and len(word) > MIN_STEM:
        word = word[:-1] + _VOICED_FINAL[word[-1]]
    return word


def words(text: str) -> list[str]:
    return WORD.findall(text or "")


def stems(text: str) -> str:
    """Every word of `text` as its key, space-separated: what the index stores."""
    return " ".join(stem(w) for w in words(text))


def query_stems(query: str) -> list[str]:
    """The distinct keys of what a person typed, in order, at most eight of them.

    Each is matched as a prefix, and one letter shorter than its stem: the stripping can
    take one letter more from one form than from another (аудити → ауди, but аудит stays),
    and a prefix one letter short still finds both.
    """
    seen: list[str] = []
    for w in words(query):
        key = stem(w)
        if len(key) > MIN_STEM and key.isalpha():
            key = key[:-1]
        if key and key not in seen:
            seen.append(key)
    return seen[:8]
