"""Names built from the word lists: units' heads, people, logins, abbreviations."""
import random

from . import words

_VOWELS = "аыоуэеиөүяюё"
_VOICELESS = "пткфхсшщчц"
# Kyrgyz vowel harmony: the vowel of a suffix follows the word's last vowel.
_HARMONY = {"а": "ы", "ы": "ы", "я": "ы", "о": "у", "у": "у", "ё": "у", "ю": "у",
            "е": "и", "и": "и", "э": "и", "ө": "ү", "ү": "ү"}


def genitive(phrase: str) -> str:
    """The Kyrgyz genitive of a name: only its last word takes the ending.

    «Математика кафедрасы» → «Математика кафедрасынын», «Юридикалык факультет» →
    «Юридикалык факультеттин». Good enough for generated post titles.
    """
    word = phrase.rstrip()
    if word.split()[-1].isupper():
        return f"{word}нын"  # an abbreviation is read out with a final vowel: «ПЦКнын»
    lower = word.lower()
    last_vowel = next((c for c in reversed(lower) if c in _HARMONY), "ы")
    v = _HARMONY[last_vowel]
    end = lower[-1]
    if end in _VOWELS:
        return f"{word}н{v}н"
    if end in _VOICELESS:
        return f"{word}т{v}н"
    return f"{word}д{v}н"


# What the head of a unit of each kind is called: (ky, ru, en).
HEAD_TITLES = {
    "department": ("башчысы", "Заведующий", "Head"),
    "commission": ("төрагасы", "Председатель", "Chair"),
    "service": ("башчысы", "Начальник", "Head"),
    "centre": ("директору", "Директор", "Director"),
    "institute": ("директору", "Директор", "Director"),
    "college": ("директору", "Директор", "Director"),
    "faculty": ("деканы", "Декан", "Dean"),
}


def head_post(kind: str, names: tuple[str, str, str]) -> tuple[str, str, str]:
    """The post of a unit's head: «Математика кафедрасынын башчысы», «Заведующий — …»."""
    ky, ru, en = HEAD_TITLES[kind]
    return (f"{genitive(names[0])} {ky}", f"{ru} — {names[1]}", f"{en}, {names[2]}")


def department_names(pair: list[tuple[str, str, str]]) -> tuple[str, str, str]:
    """A department named after one discipline or two («X жана Y кафедрасы»)."""
    ky = " жана ".join([pair[0][0]] + [d[0][0].lower() + d[0][1:] for d in pair[1:]])
    ru = " и ".join(d[1] for d in pair)
    en = " and ".join(d[2] for d in pair)
    return (f"{ky} кафедрасы", f"Кафедра {ru}", f"Department of {en}")


def abbreviation(name: str) -> str:
    """Initials of a unit's Kyrgyz name: «Табигый-техникалык институту» → «ТТИ»."""
    parts = name.replace("-", " ").split()
    return "".join(p[0].upper() for p in parts if p[0].isalpha())[:6]


_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def latin(text: str) -> str:
    return "".join(_LATIN.get(c, c) for c in text.lower())


def person_name(rng: random.Random) -> tuple[str, str]:
    """A first name and a surname, the surname agreeing with the person's sex."""
    if rng.random() < 0.5:
        return rng.choice(words.MALE_NAMES), rng.choice(words.SURNAMES)
    return rng.choice(words.FEMALE_NAMES), rng.choice(words.SURNAMES) + "а"


def username(first: str, last: str, number: int) -> str:
    """A login like «b.asanov.0412»: readable and unique by its number."""
    return f"{latin(first)[0]}.{latin(last)}.{number:04d}"


def risk_title(rng: random.Random) -> str:
    if rng.random() < 0.45:
        return f"{rng.choice(words.RISK_SUBJECTS)} {rng.choice(words.RISK_SUBJECT_PROBLEMS)}"
    return f"{rng.choice(words.RISK_OBJECTS)} {rng.choice(words.RISK_OBJECT_PROBLEMS)}"
