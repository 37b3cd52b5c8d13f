"""A side-by-side comparison of two texts, paragraph by paragraph, words marked.

Paragraphs are matched first (difflib over lines); a changed paragraph is then compared
word by word, so that the approver sees the words that changed, not just "this line".
"""
import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Row:
    tag: str  # equal | replace | delete | insert
    old: SafeString
    new: SafeString


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n") if p.strip()]


def _words(old: str, new: str) -> tuple[SafeString, SafeString]:
    a, b = old.split(), new.split()
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old_part, new_part = escape(" ".join(a[i1:i2])), escape(" ".join(b[j1:j2]))
        if tag == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    # Every piece above is escaped before it is wrapped.
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))


def side_by_side(old: str, new: str) -> list[Row]:
    """Rows of (old paragraph, new paragraph), changed words in <del>/<ins>."""
    a, b = _paragraphs(old), _paragraphs(new)
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [Row("equal", escape(x), escape(y)) for x, y in zip(a[i1:i2], b[j1:j2],
                                                                          strict=True)]
        elif tag == "replace":
            pairs = max(i2 - i1, j2 - j1)
            for k in range(pairs):
                x = a[i1 + k] if i1 + k < i2 else ""
                y = b[j1 + k] if j1 + k < j2 else ""
                rows.append(Row("replace", *_words(x, y)))
        elif tag == "delete":
            rows += [Row("delete", mark_safe(f"<del>{escape(x)}</del>"), mark_safe(""))
                     for x in a[i1:i2]]
        else:
            rows += [Row("insert", mark_safe(""), mark_safe(f"<ins>{escape(y)}</ins>"))
                     for y in b[j1:j2]]
    return rows


def changed(rows: list[Row]) -> int:
    return sum(1 for r in rows if r.tag != "equal")
