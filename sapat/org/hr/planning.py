"""The plan of an HR import: every row of the file with its fate, before anything is saved.

    plan = org_import_plan(files=[("hr.xlsx", content)], by=person)
    plan.ok              # no file problem, no row error
    plan.units / plan.positions / plan.people   # rows: fate new/changed/unchanged, changes
    plan.leaving_people  # listed before, missing now: deactivated on commit
    org_import_commit(plan=plan, by=person)     # sapat.org.hr.commit: all or nothing

Matching, so that next semester's file updates instead of duplicating: units by code,
positions by code (or by unit and name when the file has no codes), people by staff number
or e-mail. A cell left empty keeps what Sapat has; a unit or person brought in by an
earlier file and missing from this one is leaving (closed or deactivated, never deleted).
Messages are in the language active when the plan is made: the reader's.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models import TextChoices
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.org import handover
from sapat.org.access import Action, may
from sapat.org.models import Person, Position, Role, RoleAssignment, Unit

from . import columns as cols
from .reading import FileProblem, Located, cell_text, locate, read_tables


class Fate(TextChoices):
    NEW = "new", gettext_lazy("new")
    CHANGED = "changed", gettext_lazy("changed")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    LEAVING = "leaving", gettext_lazy("leaving")


@dataclass
class RowError:
    sheet: str
    line: int
    column: str
    message: str

    def __post_init__(self):
        # Worded when found, in the language the plan is made in (the reader's).
        self.text = _("%(sheet)s, row %(row)s, column “%(column)s”: %(message)s") % {
            "sheet": self.sheet, "row": self.line, "column": self.column,
            "message": self.message,
        }

    def __str__(self) -> str:
        return self.text


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Row:
    line: int
    fate: str = Fate.NEW
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    existing_id: int | None = None

    def settle(self) -> None:
        if self.existing_id is None:
            self.fate = Fate.NEW
        else:
            self.fate = Fate.CHANGED if self.changes else Fate.UNCHANGED


@dataclass
class UnitRow(Row):
    code: str = ""
    name: str = ""
    name_ru: str | None = None  # None: the file says nothing, Sapat's value stays
    name_en: str | None = None
    abbreviation: str | None = None
    kind: str = ""
    parent_code: str = ""  # "" for the university itself
    depth: int = 0  # in the tree after the import

    @property
    def key(self) -> str:
        return self.code


@dataclass
class PersonRow(Row):
    staff_number: str = ""
    full_name: str = ""
    email: str = ""
    unit_code: str = ""
    username: str = ""
    language: str = ""
    roles: list[tuple[str, str]] | None = None  # (role, unit code); None: keep
    roles_after: set[tuple[str, str]] = field(default_factory=set)
    reactivate: bool = False

    @property
    def key(self) -> str:
        return self.staff_number or self.email


@dataclass
class PositionRow(Row):
    code: str = ""
    name: str = ""
    name_ru: str | None = None
    name_en: str | None = None
    unit_code: str = ""
    holder_key: str = ""  # as written: a staff number or an e-mail
    holder_line: int | None = None  # the people row of the holder, when in the file
    holder_id: int | None = None  # an existing person


@dataclass
class Leaving:
    pk: int
    label: str
    unit: str
    open_work: list = field(default_factory=list)
    posts: list[str] = field(default_factory=list)


@dataclass
class OrgPlan:
    problem: str = ""
    found: dict[str, Located] = field(default_factory=dict)
    university_id: int | None = None
    university_code: str = ""
    units: list[UnitRow] = field(default_factory=list)
    positions: list[PositionRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    leaving_units: list[Leaving] = field(default_factory=list)
    leaving_people: list[Leaving] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return [e for rows in (self.units, self.positions, self.people) for r in rows
                for e in r.errors]

    @property
    def ok(self) -> bool:
        return not self.problem and not self.errors and bool(
            self.units or self.positions or self.people)

    def messages(self) -> list[str]:
        if self.problem:
            return [self.problem]
        if not (self.units or self.positions or self.people):
            return [_("The file has no rows to import.")]
        return [str(e) for e in self.errors]

    def counts(self) -> dict[str, dict[str, int]]:
        """{"units": {"new": 3, "changed": 1, …}, …} for the summary."""
        result = {}
        for key, rows, leaving in (("units", self.units, self.leaving_units),
                                   ("positions", self.positions, []),
                                   ("people", self.people, self.leaving_people)):
            counts = {fate: 0 for fate in Fate.values}
            for row in rows:
                counts[row.fate] += 1
            counts[Fate.LEAVING] = len(leaving)
            counts["errors"] = sum(1 for r in rows if r.errors)
            result[key] = counts
        return result

    def groups(self, key: str) -> list[tuple[str, list]]:
        """A list's rows for the preview: what needs a look (errors, changes) first, then
        the new and the unchanged rows, each group to be folded when long."""
        rows = {"units": self.units, "positions": self.positions, "people": self.people}[key]
        attention = [r for r in rows if r.errors or r.fate == Fate.CHANGED]
        new = [r for r in rows if not r.errors and r.fate == Fate.NEW]
        same = [r for r in rows if not r.errors and r.fate == Fate.UNCHANGED]
        return [(name, group) for name, group in (("attention", attention), ("new", new),
                                                  ("unchanged", same)) if group]

    def sheet_label(self, key: str) -> str:
        located = self.found.get(key)
        return located.table.source if located else ""


# --- Values ------------------------------------------------------------------------------

CODE_RE = re.compile(r"^[-a-zA-Z0-9_]+$")

KIND_SYNONYMS = {
    Unit.Kind.UNIVERSITY: ("университет", "university", "жогоркуокуужай", "вуз"),
    Unit.Kind.INSTITUTE: ("институт", "institute"),
    Unit.Kind.COLLEGE: ("колледж", "college"),
    Unit.Kind.FACULTY: ("факультет", "faculty"),
    Unit.Kind.DEPARTMENT: ("кафедра", "department", "chair"),
    Unit.Kind.COMMISSION: ("пцк", "предметноцикловаякомиссия", "цикловаякомиссия",
                           "commission"),
    Unit.Kind.SERVICE: ("бөлүм", "отдел", "служба", "управление", "кызмат", "service",
                        "office", "division"),
    Unit.Kind.CENTRE: ("борбор", "центр", "centre", "center"),
    Unit.Kind.GOVERNANCE: ("ректорат", "ученыйсовет", "окумуштууларкеңеши", "кеңеш",
                           "совет", "governance", "rectorate", "council", "board"),
}
ROLE_SYNONYMS = {
    Role.RECTOR: ("ректор", "проректор", "rector", "vicerector"),
    Role.QMS: ("смс", "смк", "qms", "qmsoffice", "отделакадемическойполитики",
               "академиялыксаясатбөлүмү"),
    Role.DIRECTOR: ("директор", "декан", "director", "dean"),
    Role.HEAD: ("башчы", "кафедрабашчысы", "заведующий", "заведующийкафедрой", "завкафедрой",
                "head", "headofdepartment", "пцкбашчысы", "председательпцк"),
    Role.SERVICE_HEAD: ("жетекчи", "руководитель", "руководительслужбы", "начальник",
                        "начальникотдела", "servicehead", "headofservice", "manager"),
    Role.COUNCIL: ("кеңештинмүчөсү", "членученогосовета", "членсовета", "council",
                   "councilmember"),
    Role.AUDITOR: ("аудитор", "ичкиаудитор", "внутреннийаудитор", "auditor"),
    Role.STAFF: ("кызматкер", "сотрудник", "работник", "преподаватель", "окутуучу", "staff",
                 "employee"),
}
LANGUAGE_SYNONYMS = {
    "ky": ("ky", "kg", "kir", "kyr", "кыргызча", "кыргыз", "кыргызский", "kyrgyz"),
    "ru": ("ru", "rus", "орусча", "орус", "русский", "russian"),
    "en": ("en", "eng", "англисче", "английский", "english"),
}


def _choice_index(choices, synonyms) -> dict[str, str]:
    """Normalised forms of each choice: its value, its label in every language, synonyms."""
    index: dict[str, str] = {}
    for value, label in choices:
        for language in cols.LANGUAGES:
            with translation.override(language):
                text = str(label)
            index.setdefault(cols.norm(text, brackets=True), value)
            index.setdefault(cols.norm(text), value)
        index[cols.norm(value)] = value
    for value, forms in synonyms.items():
        for form in forms:
            index.setdefault(cols.norm(form), value)
    return index


def _known_labels(choices) -> str:
    return ", ".join(str(label) for _value, label in choices)


def _text(raw, located: Located, key: str) -> str | None:
    """The cell's text; None when the file has no such column."""
    index = located.columns.get(key)
    if index is None:
        return None
    return cell_text(raw[index] if index < len(raw) else None)


def _code(value: str) -> str:
    """Codes as HR files write them («01.02», «ИТ 3») made into Sapat's: «01-02»."""
    return re.sub(r"[\s./\\,]+", "-", value.strip()).strip("-")


# --- The plan ----------------------------------------------------------------------------


class _Context:
    """What the plan reads from the database, once: units, people, positions, roles."""

    def __init__(self):
        self.units: dict[str, dict] = {}
        self.unit_by_pk: dict[int, dict] = {}
        for u in Unit.objects.order_by().values(
            "pk", "code", "name", "name_ru", "name_en", "abbreviation", "kind", "parent_id",
            "path", "is_active", "from_hr_file",
        ):
            self.units[u["code"]] = u
            self.unit_by_pk[u["pk"]] = u
        self.unit_by_name: dict[str, list[str]] = defaultdict(list)
        for u in self.units.values():
            for name in {u["name"], u["name_ru"], u["name_en"]} - {""}:
                self.unit_by_name[cols.norm(name, brackets=True)].append(u["code"])
        self.people: dict[int, dict] = {
            p["pk"]: p for p in Person.objects.order_by().values(
                "pk", "username", "full_name", "email", "staff_number", "unit_id", "language",
                "is_active", "is_superuser", "from_hr_file",
            )
        }
        self.by_staff_number = {p["staff_number"]: pk for pk, p in self.people.items()
                                if p["staff_number"]}
        self.by_email: dict[str, list[int]] = defaultdict(list)
        for pk, p in self.people.items():
            if p["email"]:
                self.by_email[p["email"].casefold()].append(pk)
        self.usernames = {p["username"] for p in self.people.values()}
        self.roles: dict[int, set[tuple[str, int]]] = defaultdict(set)
        for person_id, role, unit_id in RoleAssignment.objects.order_by().values_list(
            "person_id", "role", "unit_id"
        ):
            self.roles[person_id].add((role, unit_id))
        self.positions = {p["code"]: p for p in Position.objects.order_by().values(
            "pk", "code", "name", "name_ru", "name_en", "unit_id", "holder_id")}
        self.kinds = _choice_index(Unit.Kind.choices, KIND_SYNONYMS)
        self.role_index = _choice_index(Role.choices, ROLE_SYNONYMS)
        self.languages = {cols.norm(form): code for code, forms in LANGUAGE_SYNONYMS.items()
                          for form in forms}

    def root_of(self, unit: dict) -> dict:
        return self.unit_by_pk[int(unit["path"].split(".")[0])]

    def in_scope(self, unit: dict | None, root: dict | None) -> bool:
        if unit is None or root is None:
            return root is None
        return unit["path"] == root["path"] or unit["path"].startswith(root["path"] + ".")


def org_import_plan(*, files: list[tuple[str, bytes]], by) -> OrgPlan:
    """Read and check an HR file (a workbook, or one to three CSV files); nothing is written.

    Raises PermissionDenied unless `by` configures the organisation (the QMS office or a
    superuser); every other problem ends up in the plan, in the active language.
    """
    if not (by.is_superuser or _configures_somewhere(by)):
        raise PermissionDenied
    plan = OrgPlan()
    try:
        plan.found = locate(read_tables(files))
    except FileProblem as exc:
        plan.problem = str(exc)
        return plan
    ctx = _Context()
    units_sheet = plan.found.get("units")
    if units_sheet:
        _read_units(plan, ctx, units_sheet)
    if not _find_university(plan, ctx, by):
        return plan
    if units_sheet:
        _check_unit_tree(plan, ctx)
    if "people" in plan.found:
        _read_people(plan, ctx, plan.found["people"])
    if "positions" in plan.found:
        _read_positions(plan, ctx, plan.found["positions"])
    _leaving(plan, ctx, by)
    for rows in (plan.units, plan.positions, plan.people):
        for row in rows:
            row.settle()
    return plan


def _configures_somewhere(by) -> bool:
    from sapat.org.access import may_configure

    return may_configure(by)


# --- Units -------------------------------------------------------------------------------


def _read_units(plan: OrgPlan, ctx: _Context, located: Located) -> None:
    sheet = located.table.source
    headers = located.headers
    seen: dict[str, int] = {}
    for offset, raw in enumerate(located.table.rows[located.header_index + 1:]):
        if all(cell_text(v) == "" for v in raw):
            continue
        row = UnitRow(line=located.line_of(offset))

        def error(key, message, row=row):
            row.errors.append(RowError(sheet, row.line, headers.get(key, key), message))

        written = _text(raw, located, "code") or ""
        row.code = _code(written)
        if not row.code:
            error("code", _("the unit has no code; give each unit a short code that "
                            "never changes, e.g. “dep-it”"))
        elif not CODE_RE.match(row.code) or len(row.code) > 40:
            error("code", _("“%(value)s” cannot be a code: use Latin letters, digits and "
                            "hyphens, at most 40") % {"value": written})
        elif row.code in seen:
            error("code", _("the code is already used in row %(row)s") % {"row": seen[row.code]})
        else:
            seen[row.code] = row.line
        names = {k: _text(raw, located, k) for k in ("name", "name_ru", "name_en")}
        row.name = names["name"] or names["name_ru"] or names["name_en"] or ""
        row.name_ru = names["name_ru"] or None
        row.name_en = names["name_en"] or None
        row.abbreviation = _text(raw, located, "abbreviation") or None
        if not row.name:
            error("name", _("the unit has no name"))
        for key, value in (("name", row.name), ("name_ru", row.name_ru),
                           ("name_en", row.name_en)):
            if value and len(value) > 500:
                error(key, _("the name is longer than 500 characters"))
        if row.abbreviation and len(row.abbreviation) > 40:
            error("abbreviation", _("the abbreviation is longer than 40 characters"))
        kind_text = _text(raw, located, "kind") or ""
        if kind_text:
            row.kind = ctx.kinds.get(cols.norm(kind_text, brackets=True)) or ctx.kinds.get(
                cols.norm(kind_text), "")
            if not row.kind:
                error("kind", _("unknown kind of unit “%(value)s”; known: %(known)s") % {
                    "value": kind_text, "known": _known_labels(Unit.Kind.choices)})
        row.parent_code = _text(raw, located, "parent") or ""
        existing = ctx.units.get(row.code)
        if existing:
            row.existing_id = existing["pk"]
        plan.units.append(row)


def _find_university(plan: OrgPlan, ctx: _Context, by) -> bool:
    """Which university the file describes; False (with a problem) when it cannot be told."""
    file_codes = {r.code for r in plan.units}
    roots_in_file = [r for r in plan.units if not r.parent_code]
    root: dict | None = None
    if roots_in_file:
        top = roots_in_file[0]
        existing = ctx.units.get(top.code)
        if existing and existing["parent_id"] is None:
            root = existing
        elif existing:
            root = ctx.root_of(existing)
        elif not by.is_superuser:
            plan.problem = _(
                "The file starts a new university (“%(code)s”). Only an administrator "
                "creates a university; the QMS office imports into its own."
            ) % {"code": top.code}
            return False
        plan.university_code = top.code
    else:
        parents = {r.parent_code for r in plan.units} - file_codes
        roots = {ctx.root_of(ctx.units[c])["pk"] for c in parents if c in ctx.units}
        if not roots:
            roots = {u["pk"] for u in ctx.units.values() if u["parent_id"] is None
                     and (by.is_superuser or may(by, Action.CONFIGURE, _UnitPath(u)))}
        if len(roots) != 1:
            plan.problem = _(
                "The file does not say which university it describes: add the university "
                "itself to the list of units (a row with no parent unit)."
            ) if roots else _("There is no university yet: the list of units must start "
                              "with the university (a row with no parent unit).")
            return False
        root = ctx.unit_by_pk[roots.pop()]
    if root is not None:
        if not by.is_superuser and not may(by, Action.CONFIGURE, _UnitPath(root)):
            raise PermissionDenied
        plan.university_id = root["pk"]
        plan.university_code = root["code"]
    return True


class _UnitPath:
    """Enough of a unit for `access.may`: its path."""

    def __init__(self, unit: dict):
        self.path = unit["path"]


def _check_unit_tree(plan: OrgPlan, ctx: _Context) -> None:
    root = ctx.unit_by_pk.get(plan.university_id) if plan.university_id else None
    by_code = {r.code: r for r in plan.units if r.code}
    sheet = plan.sheet_label("units")
    headers = plan.found["units"].headers

    def parent_of(row: UnitRow) -> str | None:
        """The code of the row's parent, resolved by code or name; None if unknown."""
        value = row.parent_code
        code = _code(value)
        if code in by_code or (code in ctx.units and ctx.in_scope(ctx.units[code], root)):
            return code
        named = [r.code for r in plan.units if cols.norm(r.name, brackets=True)
                 == cols.norm(value, brackets=True) and r.code]
        named += [c for c in ctx.unit_by_name.get(cols.norm(value, brackets=True), [])
                  if ctx.in_scope(ctx.units[c], root) and c not in named]
        return named[0] if len(named) == 1 else None

    for row in plan.units:
        existing = ctx.units.get(row.code)
        if existing and not ctx.in_scope(existing, root):
            row.errors.append(RowError(sheet, row.line, headers.get("code", "code"), _(
                "the code belongs to a unit of another university")))
            continue
        if not row.parent_code:
            if row.code != plan.university_code:
                row.errors.append(RowError(sheet, row.line, headers.get("parent", "parent"), _(
                    "give the unit this one belongs to (only the university has none)")))
            elif row.kind and row.kind != Unit.Kind.UNIVERSITY:
                row.errors.append(RowError(sheet, row.line, headers.get("kind", "kind"), _(
                    "the unit with no parent is the university; its kind must be "
                    "“%(kind)s”") % {"kind": Unit.Kind.UNIVERSITY.label}))
            row.kind = Unit.Kind.UNIVERSITY
            continue
        parent = parent_of(row)
        if parent is None:
            row.errors.append(RowError(sheet, row.line, headers.get("parent", "parent"), _(
                "unknown parent unit “%(value)s”: it is neither in the list nor in Sapat"
            ) % {"value": row.parent_code}))
            continue
        if parent == row.code:
            row.errors.append(RowError(sheet, row.line, headers.get("parent", "parent"), _(
                "a unit cannot be its own parent")))
            continue
        row.parent_code = parent
        if row.kind == Unit.Kind.UNIVERSITY:
            row.errors.append(RowError(sheet, row.line, headers.get("kind", "kind"), _(
                "a university is the top of its tree; it has no parent unit")))

    # The tree after the import: the file's parents over Sapat's. A circle is an error on
    # each of its rows; depths order the saves (parents first).
    final_parent = {code: u["parent_id"] and ctx.unit_by_pk[u["parent_id"]]["code"]
                    for code, u in ctx.units.items()}
    for row in plan.units:
        if row.code and not row.errors:
            final_parent[row.code] = row.parent_code or None
    for row in plan.units:
        if row.errors or not row.code:
            continue
        chain, code = [], row.code
        while code:
            if code in chain:
                row.errors.append(RowError(sheet, row.line, headers.get("parent", "parent"), _(
                    "the units %(chain)s are each other's parents") % {
                        "chain": " → ".join(chain[chain.index(code):] + [code])}))
                break
            chain.append(code)
            code = final_parent.get(code)
        else:
            row.depth = len(chain) - 1
        # The kind a unit takes when the file does not say.
        if not row.kind:
            existing = ctx.units.get(row.code)
            parent_kind = (by_code[row.parent_code].kind if row.parent_code in by_code
                           else ctx.units.get(row.parent_code, {}).get("kind"))
            row.kind = existing["kind"] if existing else (
                Unit.Kind.DEPARTMENT if parent_kind in (
                    Unit.Kind.INSTITUTE, Unit.Kind.FACULTY, Unit.Kind.COLLEGE)
                else Unit.Kind.SERVICE)
        existing = ctx.units.get(row.code)
        if existing:
            _unit_changes(row, existing, ctx, plan.units)


def _unit_name(ctx: _Context, code: str, rows: list[UnitRow]) -> str:
    """«Технологиялык институт (inst-01)»: a unit as the file or Sapat names it."""
    if not code:
        return ""
    row = next((r for r in rows if r.code == code), None)
    unit = ctx.units.get(code)
    name = (row.name if row else "") or (unit["name"] if unit else "")
    return f"{name} ({code})" if name else code


def _unit_changes(row: UnitRow, existing: dict, ctx: _Context, plan_rows: list) -> None:
    def note(label, old, new):
        row.changes.append(Change(str(label), old or "—", new or "—"))

    for key, label in (("name", _("name (Kyrgyz)")), ("name_ru", _("name (Russian)")),
                       ("name_en", _("name (English)")), ("abbreviation", _("abbreviation"))):
        new = getattr(row, key)
        if new is not None and new != existing[key]:
            note(label, existing[key], new)
    if row.kind != existing["kind"]:
        note(_("kind"), Unit.Kind(existing["kind"]).label, Unit.Kind(row.kind).label)
    old_parent = ctx.unit_by_pk[existing["parent_id"]]["code"] if existing["parent_id"] else ""
    if (row.parent_code or "") != old_parent:
        note(_("moved"), _unit_name(ctx, old_parent, plan_rows), _unit_name(
            ctx, row.parent_code, plan_rows))
    if not existing["is_active"]:
        note(_("active"), _("no"), _("yes"))


# --- People ------------------------------------------------------------------------------


def _read_people(plan: OrgPlan, ctx: _Context, located: Located) -> None:
    sheet = located.table.source
    headers = located.headers
    root = ctx.unit_by_pk.get(plan.university_id) if plan.university_id else None
    file_units = {r.code: r for r in plan.units if r.code}
    leaving_units = _leaving_unit_codes(plan, ctx)
    seen_staff: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    matched: dict[int, int] = {}
    taken_usernames = set(ctx.usernames)
    new_usernames: list[PersonRow] = []
    has_roles = "roles" in located.columns

    def unit_code(value: str) -> str | None:
        code = _code(value)
        if code in file_units or (code in ctx.units and ctx.in_scope(ctx.units[code], root)):
            return None if code in leaving_units else code
        named = [r.code for r in plan.units if cols.norm(r.name, brackets=True)
                 == cols.norm(value, brackets=True)]
        named += [c for c in ctx.unit_by_name.get(cols.norm(value, brackets=True), [])
                  if ctx.in_scope(ctx.units[c], root) and c not in named]
        return named[0] if len(named) == 1 and named[0] not in leaving_units else None

    for offset, raw in enumerate(located.table.rows[located.header_index + 1:]):
        if all(cell_text(v) == "" for v in raw):
            continue
        row = PersonRow(line=located.line_of(offset))

        def error(key, message, row=row):
            row.errors.append(RowError(sheet, row.line, headers.get(key, key), message))

        row.full_name = _text(raw, located, "full_name") or ""
        if not row.full_name:
            error("full_name", _("the person has no name"))
        elif len(row.full_name) > 200:
            error("full_name", _("the name is longer than 200 characters"))
        row.staff_number = (_text(raw, located, "staff_number") or "")[:41]
        if len(row.staff_number) > 40:
            error("staff_number", _("the staff number is longer than 40 characters"))
        row.email = (_text(raw, located, "email") or "").strip()
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                error("email", _("“%(value)s” is not an e-mail address") % {"value": row.email})
        if not row.email and not row.staff_number:
            error("email", _("give the person's e-mail or staff number: Sapat finds them by "
                             "it next time"))
        if row.staff_number:
            if row.staff_number in seen_staff:
                error("staff_number", _("the same staff number is in row %(row)s") % {
                    "row": seen_staff[row.staff_number]})
            seen_staff.setdefault(row.staff_number, row.line)
        if row.email:
            key = row.email.casefold()
            if key in seen_email:
                error("email", _("the same e-mail is in row %(row)s") % {"row": seen_email[key]})
            seen_email.setdefault(key, row.line)
        unit_text = _text(raw, located, "unit") or ""
        row.unit_code = unit_code(unit_text) or "" if unit_text else ""
        if not unit_text:
            error("unit", _("give the unit the person works in"))
        elif not row.unit_code:
            error("unit", _("unknown unit “%(value)s”: it is neither in the list of units nor "
                            "in Sapat, or it is closing") % {"value": unit_text})
        language = _text(raw, located, "language") or ""
        if language:
            row.language = ctx.languages.get(cols.norm(language), "")
            if not row.language:
                error("language", _("unknown language “%(value)s”; write ky, ru or en") % {
                    "value": language})
        login = _text(raw, located, "login") or ""
        if login:
            if not re.fullmatch(r"[\w.@+-]{1,150}", login):
                error("login", _("“%(value)s” cannot be a login: letters, digits and "
                                 "@ . + - _ only") % {"value": login})
            row.username = login
        if has_roles:
            cell = _text(raw, located, "roles") or ""
            row.roles = _parse_roles(cell, row, ctx, unit_code, error) if cell else None

        # Matching: the staff number first, then the e-mail; both must agree.
        by_number = ctx.by_staff_number.get(row.staff_number) if row.staff_number else None
        by_mail = ctx.by_email.get(row.email.casefold(), []) if row.email else []
        if len(by_mail) > 1 and by_number is None:
            error("email", _("%(n)s people in Sapat have this e-mail; give their staff "
                             "number") % {"n": len(by_mail)})
        elif by_number and by_mail and by_number not in by_mail:
            other = ctx.people[by_mail[0]]
            error("email", _("the staff number is %(a)s's, but the e-mail is %(b)s's") % {
                "a": _person_name(ctx.people[by_number]), "b": _person_name(other)})
        else:
            row.existing_id = by_number or (by_mail[0] if by_mail else None)
        if row.existing_id is not None:
            if row.existing_id in matched:
                error("email", _("the same person is in row %(row)s") % {
                    "row": matched[row.existing_id]})
            matched.setdefault(row.existing_id, row.line)
            existing = ctx.people[row.existing_id]
            if existing["unit_id"] and not ctx.in_scope(ctx.unit_by_pk[existing["unit_id"]],
                                                        root):
                error("email", _("this person works in another university"))
            if row.username and row.username != existing["username"] \
                    and row.username in taken_usernames:
                error("login", _("the login “%(value)s” is someone else's") % {
                    "value": row.username})
            if not row.errors:
                _person_changes(row, existing, ctx)
        else:
            if row.username and row.username in taken_usernames:
                error("login", _("the login “%(value)s” is someone else's") % {
                    "value": row.username})
            new_usernames.append(row)
        if row.username:
            taken_usernames.add(row.username)
        plan.people.append(row)

    # New people get a login from their e-mail (or staff number) unless the file gives one.
    for row in new_usernames:
        row.roles_after = desired_roles(row, None, None)
        if row.username or row.errors:
            continue
        base = (row.email.split("@")[0] if row.email else f"staff-{row.staff_number}")
        base = re.sub(r"[^\w.@+-]", "", slugify(base, allow_unicode=True)
                      if not re.fullmatch(r"[\w.@+-]+", base) else base)[:140] or "person"
        candidate, n = base, 1
        while candidate in taken_usernames:
            n += 1
            candidate = f"{base}{n}"
        row.username = candidate
        taken_usernames.add(candidate)


def _person_name(person: dict) -> str:
    return person["full_name"] or person["username"]


def _parse_roles(cell: str, row: PersonRow, ctx: _Context, unit_code, error):
    """«Кафедра башчысы; Ички аудитор (inst-02)» → [("head", ""), ("auditor", "inst-02")].

    An entry is a role (its code, or its name in any of the three languages), with the
    unit it is held in after it in brackets when that is not the person's own unit.
    """
    roles = []
    for entry in re.split(r"[;\n]+", cell):
        entry = entry.strip()
        if not entry:
            continue
        role = ctx.role_index.get(cols.norm(entry, brackets=True))
        unit = ""
        if role is None:
            m = re.match(r"^(.*)\(([^()]*)\)\s*$", entry)
            if m:
                role = ctx.role_index.get(cols.norm(m.group(1), brackets=True)) \
                    or ctx.role_index.get(cols.norm(m.group(1)))
                unit_text = m.group(2).strip()
                unit = unit_code(unit_text) or ""
                if role is not None and not unit:
                    error("roles", _("unknown unit “%(value)s” for the role “%(role)s”") % {
                        "value": unit_text, "role": Role(role).label})
                    continue
            else:
                role = ctx.role_index.get(cols.norm(entry))
        if role is None:
            error("roles", _("unknown role “%(value)s”; known: %(known)s") % {
                "value": entry, "known": _known_labels(Role.choices)})
            continue
        roles.append((role, unit))
    return roles


def _role_set(row: PersonRow, roles) -> set[tuple[str, str]]:
    return {(role, unit or row.unit_code) for role, unit in roles}


def desired_roles(row: PersonRow, ctx_roles: set[tuple[str, str]] | None,
                  old_unit_code: str | None) -> set[tuple[str, str]]:
    """The roles a person holds after the import, as (role, unit code).

    The file's roles when it gives them; otherwise what the person holds, with an
    employee's role following them to their new unit; a newcomer is an employee.
    """
    if row.roles is not None:
        return _role_set(row, row.roles)
    if ctx_roles is None:
        return {(Role.STAFF.value, row.unit_code)}
    if old_unit_code and old_unit_code != row.unit_code:
        return {(role, row.unit_code if role == Role.STAFF and unit == old_unit_code else unit)
                for role, unit in ctx_roles}
    return set(ctx_roles)


def _person_changes(row: PersonRow, existing: dict, ctx: _Context) -> None:
    def note(label, old, new):
        row.changes.append(Change(str(label), old or "—", new or "—"))

    if row.full_name != existing["full_name"]:
        note(_("full name"), existing["full_name"], row.full_name)
    if row.email and row.email != existing["email"]:
        note(_("e-mail"), existing["email"], row.email)
    if row.staff_number and row.staff_number != existing["staff_number"]:
        note(_("staff number"), existing["staff_number"], row.staff_number)
    if row.username and row.username != existing["username"]:
        note(_("login"), existing["username"], row.username)
    if not row.username:
        row.username = existing["username"]
    if row.language and row.language != existing["language"]:
        note(_("language"), existing["language"], row.language)
    old_unit = ctx.unit_by_pk[existing["unit_id"]]["code"] if existing["unit_id"] else ""
    if row.unit_code != old_unit:
        note(_("unit"), old_unit, row.unit_code)
    held = {(role, ctx.unit_by_pk[unit_id]["code"]) for role, unit_id
            in ctx.roles.get(row.existing_id, set())}
    after = row.roles_after = desired_roles(row, held, old_unit)
    if after != held:
        note(_("roles"), _roles_text(held), _roles_text(after))
    if not existing["is_active"]:
        row.reactivate = True
        note(_("active"), _("no"), _("yes"))


def _roles_text(roles: set[tuple[str, str]]) -> str:
    return "; ".join(f"{Role(role).label} ({unit})" for role, unit in sorted(roles))


# --- Positions ---------------------------------------------------------------------------


def _read_positions(plan: OrgPlan, ctx: _Context, located: Located) -> None:
    sheet = located.table.source
    headers = located.headers
    root = ctx.unit_by_pk.get(plan.university_id) if plan.university_id else None
    file_units = {r.code for r in plan.units if r.code}
    leaving_units = _leaving_unit_codes(plan, ctx)
    people_by_key: dict[str, PersonRow] = {}
    for p in plan.people:
        for key in (p.staff_number, p.email.casefold()):
            if key:
                people_by_key.setdefault(key, p)
    existing_by_name = {(p["unit_id"], cols.norm(p["name"], brackets=True)): p
                        for p in ctx.positions.values()}
    seen: dict[str, int] = {}
    taken_codes = set(ctx.positions)
    people_listed = "people" in plan.found
    for offset, raw in enumerate(located.table.rows[located.header_index + 1:]):
        if all(cell_text(v) == "" for v in raw):
            continue
        row = PositionRow(line=located.line_of(offset))

        def error(key, message, row=row):
            row.errors.append(RowError(sheet, row.line, headers.get(key, key), message))

        names = {k: _text(raw, located, k) for k in ("name", "name_ru", "name_en")}
        row.name = names["name"] or names["name_ru"] or names["name_en"] or ""
        row.name_ru = names["name_ru"] or None
        row.name_en = names["name_en"] or None
        if not row.name:
            error("name", _("the position has no name"))
        unit_text = _text(raw, located, "unit") or ""
        code = _code(unit_text)
        if code in file_units or (code in ctx.units and ctx.in_scope(ctx.units[code], root)):
            row.unit_code = code
        if not row.unit_code or row.unit_code in leaving_units:
            error("unit", _("unknown unit “%(value)s”: it is neither in the list of units nor "
                            "in Sapat, or it is closing") % {"value": unit_text})
        written = _text(raw, located, "code") or ""
        row.code = _code(written)
        if written and (not CODE_RE.match(row.code) or len(row.code) > 60):
            error("code", _("“%(value)s” cannot be a code: use Latin letters, digits and "
                            "hyphens, at most 60") % {"value": written})
        existing = ctx.positions.get(row.code) if row.code else None
        if existing is None and not row.code and row.unit_code in ctx.units:
            existing = existing_by_name.get((ctx.units[row.unit_code]["pk"],
                                             cols.norm(row.name, brackets=True)))
        if existing:
            row.existing_id = existing["pk"]
            row.code = existing["code"]
            unit = ctx.unit_by_pk[existing["unit_id"]]
            if not ctx.in_scope(unit, root):
                error("code", _("the code belongs to a position of another university"))
        elif not row.code and row.unit_code:
            base = f"{row.unit_code}-post"[:55]
            candidate, n = base, 1
            while candidate in taken_codes:
                n += 1
                candidate = f"{base}-{n}"
            row.code = candidate
        if row.code:
            if row.code in seen:
                error("code", _("the position is already in row %(row)s") % {
                    "row": seen[row.code]})
            seen.setdefault(row.code, row.line)
            taken_codes.add(row.code)
        row.holder_key = _text(raw, located, "holder") or ""
        if row.holder_key:
            key = row.holder_key if "@" not in row.holder_key else row.holder_key.casefold()
            person_row = people_by_key.get(key)
            if person_row is not None:
                row.holder_line = person_row.line
                row.holder_id = person_row.existing_id
            else:
                pk = ctx.by_staff_number.get(row.holder_key) or next(
                    iter(ctx.by_email.get(row.holder_key.casefold(), [])), None)
                person = ctx.people.get(pk) if pk else None
                if person is None or not person["is_active"] or (
                        people_listed and person["from_hr_file"]):
                    error("holder", _("“%(value)s” is not in the list of people") % {
                        "value": row.holder_key})
                else:
                    row.holder_id = pk
        if existing and not row.errors:
            _position_changes(row, existing, ctx, plan)
        plan.positions.append(row)


def _position_changes(row: PositionRow, existing: dict, ctx: _Context, plan: OrgPlan) -> None:
    def note(label, old, new):
        row.changes.append(Change(str(label), old or "—", new or "—"))

    for key, label in (("name", _("name (Kyrgyz)")), ("name_ru", _("name (Russian)")),
                       ("name_en", _("name (English)"))):
        new = getattr(row, key)
        if new is not None and new != existing[key]:
            note(label, existing[key], new)
    old_unit = ctx.unit_by_pk[existing["unit_id"]]["code"]
    if row.unit_code != old_unit:
        note(_("unit"), old_unit, row.unit_code)
    new_holder = row.holder_id
    if row.holder_line is not None and row.holder_id is None:
        new_holder = -1  # a newcomer
    if new_holder != existing["holder_id"]:
        old = ctx.people.get(existing["holder_id"]) if existing["holder_id"] else None
        holder_row = next((p for p in plan.people if p.line == row.holder_line), None)
        note(_("held by"), _person_name(old) if old else _("vacant"),
             holder_row.full_name if holder_row else (
                 _person_name(ctx.people[row.holder_id]) if row.holder_id else _("vacant")))


# --- Who and what leaves -----------------------------------------------------------------


def _leaving_unit_codes(plan: OrgPlan, ctx: _Context) -> set[str]:
    if "units" not in plan.found or plan.university_id is None:
        return set()
    root = ctx.unit_by_pk[plan.university_id]
    listed = {r.code for r in plan.units}
    return {code for code, u in ctx.units.items()
            if u["from_hr_file"] and u["is_active"] and code not in listed
            and ctx.in_scope(u, root)}


def _leaving(plan: OrgPlan, ctx: _Context, by) -> None:
    root = ctx.unit_by_pk.get(plan.university_id) if plan.university_id else None
    for code in sorted(_leaving_unit_codes(plan, ctx)):
        u = ctx.units[code]
        parent = ctx.unit_by_pk.get(u["parent_id"]) if u["parent_id"] else None
        plan.leaving_units.append(Leaving(u["pk"], u["name"], parent["name"] if parent else ""))
    if "people" not in plan.found:
        return
    listed = {r.existing_id for r in plan.people if r.existing_id}
    leaving = []
    for pk, p in ctx.people.items():
        if pk in listed or not p["is_active"] or not p["from_hr_file"]:
            continue
        unit = ctx.unit_by_pk.get(p["unit_id"]) if p["unit_id"] else None
        if root is not None and unit is not None and not ctx.in_scope(unit, root):
            continue
        if pk == by.pk:
            plan.notes.append(_("You are not in the file; your own account stays active."))
            continue
        if p["is_superuser"]:
            plan.notes.append(_("%(name)s is not in the file but is an administrator; the "
                                "account stays active.") % {"name": _person_name(p)})
            continue
        leaving.append((pk, p, unit))
    work = handover.open_work([pk for pk, _p, _u in leaving])
    posts = defaultdict(list)
    for p in ctx.positions.values():
        if p["holder_id"]:
            posts[p["holder_id"]].append(p["name"])
    for pk, p, unit in sorted(leaving, key=lambda t: _person_name(t[1])):
        plan.leaving_people.append(Leaving(pk, _person_name(p), unit["name"] if unit else "",
                                           open_work=work.get(pk, []), posts=posts.get(pk, [])))
