"""Importing a unit's risk passport or the university register (XLSX or DOCX).

    plan = plan_import(kind="passport", content=..., filename=..., unit=unit, person=person)
    plan.rows      # every row as it will be saved: scores, level and band, errors
    plan.ok        # no file problem and no row error
    import_commit(plan=plan, person=person)   # all or nothing; refuses a plan with errors

A row is matched to an existing risk of the same unit by its normalised title, so
importing the same file twice changes nothing the second time. A register import puts
its risks into the university register (A's `risk_escalate`), numbered as in the file;
a register row whose number (and unit, where the file has that column) names a risk of
the register with the same title is that risk, whichever unit it belongs to, so a
register Sapat exported imports back as itself. Rows the consolidated register marks as
opportunities are matched to the unit's opportunity of that title and left as they are
(opportunities are entered on the screen).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, OperationalError, transaction
from django.utils.translation import gettext as _

from sapat.org.access import Action, may
from sapat.org.models import Unit

from . import reading
from .reading import FIELD_LABELS, FileProblem, MeasureIn

logger = logging.getLogger(__name__)

KINDS = ("passport", "register")
NEW = "+new"  # in a category map: create the category under the name the file gives
REQUIRED = ("title", "likelihood", "consequences")


@dataclass
class RowError:
    row: int  # the row number as the user sees it in the file (1-based)
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message,
        }


@dataclass
class ImportRow:
    line: int
    number: int | None = None
    title: str = ""
    category_name: str = ""
    category: object = None
    new_category: str = ""  # a category the QMS office chose to create for this row
    likelihood: int | None = None
    consequences: int | None = None
    responsible: str = ""
    measures: list[MeasureIn] = field(default_factory=list)
    deadline_text: str = ""
    deadline: object = None
    residual_score: int | None = None
    unit: Unit | None = None
    score: object = None
    residual: object = None
    existing: object = None  # the matched Risk, if any
    opportunity: object = None  # the matched Opportunity of an «opportunity» row
    is_opportunity: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def action(self) -> str:
        if self.is_opportunity:
            return "unchanged"
        return "update" if self.existing is not None else "create"


@dataclass
class ImportPlan:
    kind: str
    unit: Unit | None
    file_kind: str = ""
    problem: str = ""
    rows: list[ImportRow] = field(default_factory=list)
    headers: dict = field(default_factory=dict)
    # Categories the file names that the catalogue does not have: key → the name as
    # written (first spelling), in the order met; `category_map` (key → code or NEW)
    # says what each becomes.
    unknown_categories: dict = field(default_factory=dict)
    category_map: dict = field(default_factory=dict)

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def ok(self) -> bool:
        return not self.problem and not self.errors and bool(self.rows)

    def messages(self) -> list[str]:
        if self.problem:
            return [self.problem]
        if not self.rows:
            return [_("The table has no rows to import.")]
        return [str(e) for e in self.errors]


def may_import(person, kind: str, unit: Unit | None) -> bool:
    from sapat.risks.permissions import may_escalate

    if kind == "register":
        return may_escalate(person)
    return unit is not None and may(person, Action.CREATE, unit) and may(
        person, Action.UPDATE, unit
    )


def default_unit(kind: str, person) -> Unit | None:
    """Where rows go when the file and the form name no unit."""
    if kind == "passport":
        return getattr(person, "unit", None)
    return Unit.objects.filter(parent__isnull=True, kind=Unit.Kind.UNIVERSITY).order_by(
        "pk"
    ).first()


def plan_import(*, kind: str, content: bytes, filename: str = "", unit: Unit | None,
                person, category_map: dict | None = None) -> ImportPlan:
    """Read and check a file; nothing is written. Every problem ends up in the plan.

    `category_map` maps a category the catalogue does not have (by the name the file
    writes; any spelling `reading.name_key` equates) to an existing category's code, or
    to `NEW` to create it on import."""
    from sapat.risks import scoring
    from sapat.risks.models import RiskCategory

    plan = ImportPlan(kind=kind, unit=unit)
    plan.category_map = {reading.name_key(k): v for k, v in (category_map or {}).items()}
    if kind not in KINDS:
        plan.problem = _("Unknown import kind.")
        return plan
    if unit is None and kind != "passport":
        plan.problem = _("Choose the unit the risks belong to.")
        return plan
    if unit is not None and not may_import(person, kind, unit):
        raise PermissionDenied
    try:
        plan.file_kind, sheets = reading.read_sheets(content, filename)
        located = reading.locate(sheets, REQUIRED)
    except FileProblem as exc:
        plan.problem = str(exc)
        return plan
    if unit is None:
        # A passport's title names its unit («… кафедрасынын тобокелдик паспорту»).
        unit, named, closest = unit_from_title(reading.title_lines(located))
        if unit is None:
            plan.problem = (_(
                "Choose the unit the risks belong to: the file's title names “%(named)s”, "
                "which is no unit in Sapat; the closest are: %(closest)s."
            ) % {"named": named, "closest": "; ".join(u.label for u in closest)}) if named \
                else _("Choose the unit the risks belong to.")
            return plan
        plan.unit = unit
        if not may_import(person, kind, unit):
            raise PermissionDenied
    plan.headers = located.headers
    bands = scoring.load_bands()
    categories = _category_index(RiskCategory.objects.all())
    opportunity_marks = _opportunity_marks()
    units = {}
    raw_rows = located.sheet.rows[located.header_index + 1:]
    if len(raw_rows) > reading.MAX_ROWS:
        plan.problem = reading._too_many_rows()
        return plan

    cols = located.columns

    def get(raw, name):
        index = cols.get(name)
        return raw[index] if index is not None and index < len(raw) else None

    merged: list[tuple[int, list]] = []
    after_blank = False
    for offset, raw in enumerate(raw_rows):
        line = located.header_index + 2 + offset
        if all(reading.join_lines(v) == "" for v in raw):
            after_blank = bool(merged)
            continue
        if after_blank and not (
            reading.join_lines(get(raw, "likelihood")) or reading.join_lines(
                get(raw, "consequences"))
        ):
            break  # past the table: the notes under it (scales, level rule)
        after_blank = False
        if _is_heading_repeat(raw, cols):
            continue  # Word repeats the header row on every page; so may a pasted table
        if _is_column_numbers(raw):
            continue  # the "1 2 3 4 …" row some templates put under the headers
        if merged and _continues(raw, cols) and not (
            "category" in cols
            and reading.norm_title(reading.join_lines(get(raw, "category"))) in opportunity_marks
        ):
            # A row broken over two table rows: no number and no scores → the same risk.
            prev = merged[-1][1]
            for index in cols.values():
                if index < len(raw) and reading.join_lines(raw[index]):
                    while len(prev) <= index:
                        prev.append(None)
                    prev[index] = f"{prev[index] or ''}\n{raw[index]}"
            continue
        merged.append((line, list(raw)))

    seen: dict[tuple[int, str], int] = {}
    for line, raw in merged:
        row = ImportRow(line=line)
        row.number = reading.parse_int(get(raw, "number"))
        row.title = reading.join_lines(get(raw, "title"))
        row.responsible = reading.join_lines(get(raw, "responsible"))
        row.measures = reading.split_measures(get(raw, "measures"))
        row.unit = unit
        if "unit" in cols and reading.join_lines(get(raw, "unit")):
            row.unit = _find_unit(reading.join_lines(get(raw, "unit")), unit, units)
            if row.unit is None:
                row.errors.append(RowError(line, located.headers["unit"], _(
                    "unknown unit “%(value)s” (or outside %(unit)s)"
                ) % {"value": reading.join_lines(get(raw, "unit")), "unit": unit.label}))
        if "category" in cols and reading.norm_title(
            reading.join_lines(get(raw, "category"))
        ) in opportunity_marks:
            row.is_opportunity = True
            if not row.title:
                row.errors.append(RowError(line, located.headers["title"], _(
                    "the opportunity has no name")))
            plan.rows.append(row)
            continue
        deadline_value = get(raw, "deadline")
        row.deadline = reading.parse_date(deadline_value)
        row.deadline_text = "" if row.deadline else reading.join_lines(deadline_value)[:200]
        if not row.title:
            row.errors.append(RowError(line, located.headers["title"], _("the risk has no name")))
        elif len(row.title) > 500:
            row.errors.append(RowError(line, located.headers["title"], _(
                "the name is longer than 500 characters")))
        for name in ("likelihood", "consequences"):
            value = get(raw, name)
            number = reading.parse_int(value)
            text = reading.join_lines(value)
            if number is None or str(number) != text.split(" ")[0].split(".")[0].strip():
                number = None
            if number is None or not 1 <= number <= 5:
                row.errors.append(RowError(line, located.headers[name], (
                    _("“%(value)s” is not a whole number from 1 to 5") % {"value": text}
                    if text else _("empty; give a whole number from 1 to 5")
                )))
            else:
                setattr(row, name, number)
        if row.likelihood and row.consequences:
            row.score = scoring.Score.of(row.likelihood, row.consequences, bands)
        if "category" in cols:
            row.category_name = reading.join_lines(get(raw, "category"))
            if row.category_name:
                key = reading.name_key(row.category_name)
                row.category = categories.get(key)
                mapped = plan.category_map.get(key) if row.category is None else None
                if row.category is None:
                    plan.unknown_categories.setdefault(key, row.category_name)
                if mapped == NEW:
                    row.new_category = plan.unknown_categories[key]
                elif mapped:
                    row.category = RiskCategory.objects.filter(code=mapped).first()
                if row.category is None and not row.new_category:
                    row.errors.append(RowError(line, located.headers["category"], _(
                        "unknown category “%(value)s”; known: %(known)s; map it to one of "
                        "them or create it"
                    ) % {"value": row.category_name, "known": ", ".join(
                        sorted({c.label for c in categories.values()}))}))
        if "residual" in cols:
            value = get(raw, "residual")
            text = reading.join_lines(value)
            if text and text not in ("-", "–", "—"):
                residual = reading.parse_int(value)
                if residual is None or not 1 <= residual <= 25:
                    row.errors.append(RowError(line, located.headers["residual"], _(
                        "“%(value)s” is not a risk level from 1 to 25") % {"value": text}))
                elif row.score is not None and residual > row.score.level:
                    row.errors.append(RowError(line, located.headers["residual"], _(
                        "the residual risk %(residual)s is higher than the risk level "
                        "%(level)s") % {"residual": residual, "level": row.score.level}))
                else:
                    row.residual_score = residual
                    row.residual = scoring.Score.of_level(residual, bands)
        for measure in row.measures:
            if len(measure.rhythm_text) > 200:
                measure.text = f"{measure.text} [{measure.rhythm_text}]"
                measure.rhythm_text = ""
        if row.title and row.unit is not None:
            key = (row.unit.pk, reading.norm_title(row.title))
            if key in seen:
                row.errors.append(RowError(line, located.headers["title"], _(
                    "the same risk is already in row %(row)s") % {"row": seen[key]}))
            else:
                seen[key] = line
        plan.rows.append(row)
    _match_existing(plan)
    return plan


# What a passport's title says besides its unit, normalised: "Risk passport", the labels.
_TITLE_WORDS = re.compile(
    r"тобокелдик\w*|паспорт\w*|риск\w*|risk\w*|passport\w*|түзүмдүк|бөлүм\b|"
    r"структурн\w*|подразделени\w*|unit|of|the|жана|и|and", re.IGNORECASE)


def unit_from_title(lines: list[str]):
    """(unit, the words naming it, closest units) from a passport's title lines: the one
    unit all of whose name's words (any catalogue language, any usual ending) the title
    carries. No unit when none or several fit equally; then the words that seemed to name
    one and the three units closest to them."""
    import difflib

    def stems(text):
        return [w for w in re.findall(r"\w+", text.casefold().replace("ё", "е"))
                if len(w) > 1 and not w.isdigit()]

    def fits(name_words, text_words):
        return all(any(t.startswith(w[: max(3, len(w) - 3)]) for t in text_words)
                   for w in name_words)

    units = list(Unit.objects.filter(is_active=True))
    best, best_size = [], 0
    named = ""
    for line in lines:
        text = line.split(":", 1)[1] if ":" in line else line
        words = stems(text)
        rest = " ".join(_TITLE_WORDS.sub(" ", text).split())
        if rest and len(rest) > len(named) and (":" in line or _TITLE_WORDS.search(line)):
            named = rest
        for unit in units:
            for name in (unit.name, unit.name_ru, unit.name_en):
                name_words = [w for w in stems(name or "") if w not in ("жана", "и", "and")]
                if name_words and fits(name_words, words):
                    # The university's own line is in every title block: a unit under it
                    # wins over it whatever the number of words.
                    size = len(name_words) + (0 if unit.parent_id is None else 1000)
                    if size > best_size:
                        best, best_size = [unit], size
                    elif size == best_size and unit not in best:
                        best.append(unit)
    if len(best) == 1:
        return best[0], named, []
    key = reading.name_key(named)
    closest = sorted(
        units, key=lambda u: -max(difflib.SequenceMatcher(None, key, reading.name_key(n))
                                 .ratio() for n in (u.name, u.name_ru, u.name_en) if n)
    )[:3] if named else []
    return None, named, closest


def _is_heading_repeat(raw, cols) -> bool:
    return sum(
        1 for name, i in cols.items()
        if i < len(raw) and raw[i] is not None and reading.match_header(str(raw[i])) == name
    ) >= 3


def _is_column_numbers(raw) -> bool:
    values = [reading.parse_int(v) for v in raw if reading.join_lines(v)]
    return len(values) >= 4 and values == list(range(1, len(values) + 1))


def _continues(raw, cols) -> bool:
    if "number" not in cols:
        return False
    for name in ("number", "likelihood", "consequences"):
        index = cols.get(name)
        if index is not None and index < len(raw) and reading.join_lines(raw[index]):
            return False
    return True


def _opportunity_marks() -> set[str]:
    """«opportunity» in every catalogue language: the consolidated register's mark."""
    from django.conf import settings
    from django.utils import translation

    marks = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            marks.add(reading.norm_title(_("opportunity")))
    return marks


def _category_index(categories) -> dict:
    """name key → category, for the code and the name in every catalogue language."""
    index = {}
    for c in categories:
        for name in (c.code, c.name, c.name_ru, c.name_en):
            if name and reading.name_key(name):
                index.setdefault(reading.name_key(name), c)
    return index


def _create_categories(plan: ImportPlan) -> dict:
    """The categories the plan creates (name → category), in the file's language."""
    from django.db.models import Max
    from django.utils.text import slugify

    from sapat.risks.models import RiskCategory

    created = {}
    order = RiskCategory.objects.aggregate(m=Max("order"))["m"] or 0
    for name in dict.fromkeys(r.new_category for r in plan.rows if r.new_category):
        base = (slugify(name, allow_unicode=True) or "category")[:32]
        code, n = base, 1
        while RiskCategory.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        order += 1
        created[name] = RiskCategory.objects.create(code=code, name=name[:200], order=order)
    return created


def _find_unit(value: str, within: Unit, cache: dict) -> Unit | None:
    """The unit a cell names (code, or its name in any catalogue language, case,
    punctuation and usual word endings ignored) at or under `within`."""
    if value in cache:
        return cache[value]
    from django.db.models import Q

    key = value.strip()
    under = Q(path=within.path) | Q(path__startswith=within.path + ".")
    found = Unit.objects.filter(
        Q(code=key) | Q(name=key) | Q(name_ru=key) | Q(name_en=key)
    ).filter(under).first()
    if found is None:
        if "\x00keys" not in cache:
            index: dict[str, set] = {}
            for unit in Unit.objects.filter(under):
                for name in (unit.name, unit.name_ru, unit.name_en):
                    if name and reading.name_key(name):
                        index.setdefault(reading.name_key(name), set()).add(unit)
            cache["\x00keys"] = index
        matches = cache["\x00keys"].get(reading.name_key(key), set())
        found = next(iter(matches)) if len(matches) == 1 else None
    cache[value] = found
    return found


def _match_existing(plan: ImportPlan) -> None:
    """Attach the live risk each row will update: in a register, the risk of the register
    with the row's number and title (and unit, when the file has that column); otherwise
    the unit's risk of the same normalised title. An «opportunity» row gets the unit's
    live opportunity of its title, or an error (opportunities are entered on screen)."""
    from sapat.risks.models import Opportunity, Risk

    unit_ids = {r.unit.pk for r in plan.rows if r.unit is not None}
    existing = {}
    for risk in Risk.objects.live().filter(unit_id__in=unit_ids).prefetch_related("measures"):
        existing.setdefault((risk.unit_id, reading.norm_title(risk.title)), risk)
    by_number, by_title = {}, {}
    if plan.kind == "register":
        numbers = {r.number for r in plan.rows if r.number}
        titles = {reading.norm_title(r.title) for r in plan.rows if r.title}
        for risk in Risk.objects.live().escalated().select_related("unit").prefetch_related(
            "measures"
        ):
            title = reading.norm_title(risk.title)
            if risk.register_number in numbers:
                by_number[risk.register_number] = risk
            if title in titles:
                by_title.setdefault(title, []).append(risk)
    has_unit = "unit" in plan.headers
    opportunities = {}
    if any(r.is_opportunity for r in plan.rows):
        for opportunity in Opportunity.objects.live().filter(unit_id__in=unit_ids):
            opportunities.setdefault(
                (opportunity.unit_id, reading.norm_title(opportunity.title)), opportunity
            )
    for row in plan.rows:
        if row.unit is None or not row.title:
            continue
        title = reading.norm_title(row.title)
        if row.is_opportunity:
            row.opportunity = opportunities.get((row.unit.pk, title))
            if row.opportunity is None:
                row.errors.append(RowError(row.line, plan.headers.get(
                    "category", FIELD_LABELS["category"]
                ), _("a new opportunity is not imported from a file; add it on the unit's "
                     "page, or delete this row")))
            continue
        match = None
        if plan.kind == "register":
            risk = by_number.get(row.number) if row.number else None
            if risk is not None and reading.norm_title(risk.title) == title and (
                not has_unit or risk.unit_id == row.unit.pk
            ):
                match = risk
            elif not has_unit and len(by_title.get(title, [])) == 1:
                match = by_title[title][0]  # a register without numbers: the same title
        if match is not None:
            row.existing, row.unit = match, match.unit
        else:
            row.existing = existing.get((row.unit.pk, title))


def _responsible_names(risk) -> str:
    """The responsible cell an export prints for a risk without responsible text."""
    from .register import _batches

    return next(_batches([risk]))[2]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    measures_added: int = 0


@transaction.atomic
def import_commit(*, plan: ImportPlan, person, progress=None) -> ImportResult:
    """Save every row of a clean plan, or nothing (any failure rolls the whole file back).

    `progress(done, total)`, when given, hears each row saved (a background job's bar)."""
    from sapat.risks import services
    from sapat.risks.models import Risk

    if not plan.ok:
        raise ValidationError(plan.messages())
    for unit in {r.unit for r in plan.rows}:
        if not may_import(person, plan.kind, unit):
            raise PermissionDenied
    result = ImportResult()
    new_categories = _create_categories(plan)
    for row in plan.rows:
        if row.new_category:
            row.category = new_categories[row.new_category]
    for done, row in enumerate(plan.rows):
        if progress is not None:
            progress(done, len(plan.rows))
        if row.is_opportunity:
            result.unchanged += 1  # matched in the plan; opportunities are edited on screen
            continue
        fields = {
            "category": row.category,
            "responsible_text": row.responsible[:500],
            "deadline_text": row.deadline_text,
            "deadline": row.deadline,
            "residual_score": row.residual_score,
        }
        # A column the file does not have leaves what is there (a passport has no category,
        # deadline or residual column); so does a category cell left empty in a passport.
        for column, names in (("category", ("category",)),
                              ("responsible", ("responsible_text",)),
                              ("deadline", ("deadline_text", "deadline")),
                              ("residual", ("residual_score",))):
            if column not in plan.headers or (
                column == "category" and row.category is None and plan.kind == "passport"
            ):
                for name in names:
                    fields.pop(name)
        try:
            if row.existing is None:
                risk = services.risk_create(
                    by=person, unit=row.unit, title=row.title, likelihood=row.likelihood,
                    consequences=row.consequences, **fields,
                )
                result.created += 1
            else:
                risk = Risk.objects.get(pk=row.existing.pk)
                changes = {
                    k: v for k, v in {
                        "likelihood": row.likelihood, "consequences": row.consequences,
                        **fields,
                    }.items() if getattr(risk, k) != v
                }
                if "residual_score" in changes and row.residual_score is not None and (
                    risk.residual_level == row.residual_score
                ):
                    del changes["residual_score"]  # the level the file shows, from L × C
                if "responsible_text" in changes and not risk.responsible_text and (
                    row.responsible == _responsible_names(risk)
                ):
                    del changes["responsible_text"]  # the file prints the linked people
                if "residual_score" in changes and risk.residual_likelihood is not None:
                    # The file gives the residual as a level only; L and C would conflict.
                    changes["residual_likelihood"] = changes["residual_consequences"] = None
                if changes:
                    risk = services.risk_update(
                        risk=risk, by=person, expected_version=risk.version,
                        reason=_("Imported from a file"), **changes,
                    )
                    result.updated += 1
                else:
                    result.unchanged += 1
            known = {reading.norm_title(m.text) for m in risk.measures.live()}
            for m in row.measures:
                if reading.norm_title(m.text) in known:
                    continue
                services.measure_create(
                    by=person, risk=risk, text=m.text, due_date=m.due_date,
                    rhythm_text=m.rhythm_text,
                )
                known.add(reading.norm_title(m.text))
                result.measures_added += 1
            if plan.kind == "register" and not (
                risk.escalated and (row.number is None or risk.register_number == row.number)
            ):
                number = row.number
                taken = Risk.objects.live().escalated().exclude(pk=risk.pk).filter(
                    register_number=number
                ).exists() if number else True
                services.risk_escalate(risk=risk, by=person, number=None if taken else number)
        except ValidationError as exc:
            # Caught after the checks above only by surprises (a rule of the risks app):
            # report the row and roll back everything.
            message = "; ".join(exc.messages)
            raise ValidationError(
                str(RowError(row.line, FIELD_LABELS["title"], message))
            ) from exc
        except OperationalError:
            raise  # the database is away or busy: the "try again in a minute" answer says so
        except DatabaseError as exc:
            # A constraint or trigger refused the row (a change saved meanwhile, say): name
            # the row; the whole file is rolled back.
            logger.exception("Import of row %s refused by the database", row.line)
            raise ValidationError(str(RowError(row.line, FIELD_LABELS["title"], _(
                "the database refused to save this row, so nothing was imported; try "
                "again, and if it happens again tell the QMS office"
            )))) from exc
    return result
