"""The inputs of a management review (ISO 9001 9.3.2), each defined once, here.

Every input is a `SectionDef`: its key (a, b, c1–c7, d, e, f), its clause, its title,
what it draws on and a function that compiles it from the records. Apps add to the
registry from their AppConfig.ready(), without this app importing them:

    from sapat.reviews.sections import SectionDef, register
    register(SectionDef("c4", "9.3.2 c) 4)", _("Nonconformities and corrective actions"),
                        draws_on=_("nonconformities, corrective actions"),
                        compile=nonconformity_section, order=44))

A compiler takes a `Scope` (the university, the period, the previous review) and returns
a `Section` — figures, a table, SVG charts, links — or None when there is nothing to
show, and the section then says it has no data. The same sections make the review pack,
its frozen snapshot and the annual QMS report.
"""
from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass
class Scope:
    """What a review (or an annual report) covers."""

    university: object
    start: datetime.date
    end: datetime.date
    previous: object = None  # the review held before this one, or None
    review: object = None  # the review being compiled (None for the annual report)


@dataclass
class Section:
    """One compiled input. Plain data (JSON), so that it can be frozen as it is."""

    figures: list[list[str]] = field(default_factory=list)  # [label, value]
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # SVG text
    links: list[list[str]] = field(default_factory=list)  # [label, url]
    note: str = ""


@dataclass(frozen=True)
class SectionDef:
    key: str
    clause: str
    title: object  # lazy translation
    draws_on: object = ""
    compile: Callable[[Scope], Section | None] | None = None
    order: int = 100


_SECTIONS: dict[str, SectionDef] = {}


def register(section: SectionDef) -> None:
    """Add (or replace, by key) a section; call from an AppConfig.ready()."""
    _SECTIONS[section.key] = section


def definitions() -> list[SectionDef]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def get(key: str) -> SectionDef:
    return _SECTIONS[key]


def compile_section(definition: SectionDef, scope: Scope) -> dict:
    section = definition.compile(scope) if definition.compile else None
    empty = section is None or not (section.figures or section.rows or section.charts)
    data = asdict(section) if section is not None else asdict(Section())
    data.update(key=definition.key, clause=definition.clause, title=str(definition.title),
                draws_on=str(definition.draws_on), empty=empty)
    if empty and not data["note"]:
        data["note"] = _("No data for this period.")
    return data


def compile_all(scope: Scope, language: str | None = None) -> list[dict]:
    """Every section, compiled for `scope` in `language` (the active one by default)."""
    if language is None:
        return [compile_section(d, scope) for d in definitions()]
    with translation.override(language):
        return [compile_section(d, scope) for d in definitions()]


LANGUAGES = ("ky", "ru", "en")


def compile_languages(scope: Scope) -> dict[str, list[dict]]:
    """The sections in every language of the site: what a snapshot keeps."""
    return {lang: compile_all(scope, lang) for lang in LANGUAGES}


def content_hash(data) -> str:
    """SHA-256 of `data` as canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Every input of 9.3.2 is named here once; apps fill the compilers in (see `inputs.py`).
# A section no app feeds (c7: external providers are not recorded yet) says "no data".
DEFAULTS = [
    SectionDef("a", "9.3.2 a)", gettext_lazy("Status of actions from previous reviews"),
               gettext_lazy("outputs of earlier management reviews"), order=10),
    SectionDef("b", "9.3.2 b)", gettext_lazy("Changes in external and internal issues"),
               gettext_lazy("the register of context issues and interested parties"),
               order=20),
    SectionDef("c1", "9.3.2 c) 1)",
               gettext_lazy("Customer satisfaction and feedback from interested parties"),
               gettext_lazy("satisfaction KPIs of students, employers and staff"), order=31),
    SectionDef("c2", "9.3.2 c) 2)", gettext_lazy("Extent to which quality objectives are met"),
               gettext_lazy("quality objectives and their KPIs"), order=32),
    SectionDef("c3", "9.3.2 c) 3)", gettext_lazy("Process performance"),
               gettext_lazy("each process's KPIs: status and trend"), order=33),
    SectionDef("c4", "9.3.2 c) 4)", gettext_lazy("Nonconformities and corrective actions"),
               gettext_lazy("nonconformities and corrective actions"), order=34),
    SectionDef("c5", "9.3.2 c) 5)", gettext_lazy("Monitoring and measurement results"),
               gettext_lazy("KPI values entered and missing in the period"), order=35),
    SectionDef("c6", "9.3.2 c) 6)", gettext_lazy("Audit results"),
               gettext_lazy("the audit programme, audits and their findings"), order=36),
    SectionDef("c7", "9.3.2 c) 7)", gettext_lazy("Performance of external providers"),
               gettext_lazy("external providers, where the university records them"),
               order=37),
    SectionDef("d", "9.3.2 d)", gettext_lazy("Adequacy of resources"),
               gettext_lazy("what units reported on their resources"), order=40),
    SectionDef("e", "9.3.2 e)", gettext_lazy("Effectiveness of actions on risks and "
                                             "opportunities"),
               gettext_lazy("risk measures, assessments and levels"), order=50),
    SectionDef("f", "9.3.2 f)", gettext_lazy("Opportunities for improvement"),
               gettext_lazy("opportunities and audit findings graded as such"), order=60),
]


def register_defaults() -> None:
    for definition in DEFAULTS:
        _SECTIONS.setdefault(definition.key, definition)
