"""The HR file Sapat writes: the empty template in each language, and the organisation as
it is (to edit and import again, or to bring a generated university into another
database). Both take their sheets and headings from `columns`, as the reader does."""
from __future__ import annotations

import io
from collections import defaultdict

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sapat.lib.spreadsheets import as_text
from sapat.org.models import Person, Position, Role, RoleAssignment, Unit

from .columns import LANGUAGES, PEOPLE, POSITIONS, SHEETS, UNITS, SheetKind

HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def _sheet(wb: Workbook, kind: SheetKind, lang: str, rows) -> None:
    ws = wb.create_sheet(kind.titles[lang])
    ws.append([c.headings[lang] for c in kind.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(kind.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    for values in rows:
        ws.append(values)
        for cell in ws[ws.max_row]:
            as_text(cell)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(kind.columns))}{max(ws.max_row, 2)}"
    if kind is UNITS:
        kinds = ",".join(str(label) for _v, label in Unit.Kind.choices)
        if len(kinds) < 250:  # Excel's limit for a list typed into a validation
            column = get_column_letter(1 + [c.key for c in kind.columns].index("kind"))
            rule = DataValidation(type="list", formula1=f'"{kinds}"', allow_blank=True)
            rule.add(f"{column}2:{column}20000")
            ws.add_data_validation(rule)
    if kind is PEOPLE:
        column = get_column_letter(1 + [c.key for c in kind.columns].index("language"))
        rule = DataValidation(type="list", formula1='"ky,ru,en"', allow_blank=True)
        rule.add(f"{column}2:{column}20000")
        ws.add_data_validation(rule)


def _notes(wb: Workbook, lang: str) -> None:
    ws = wb.create_sheet(_("How to fill in"))
    ws.column_dimensions["A"].width = 110
    lines = [
        _("How to fill in the HR file for Sapat"),
        "",
        _("Units: one row per unit. The code is short and never changes (Latin letters, "
          "digits, hyphens: “dep-it”). The parent unit is the code of the unit it belongs "
          "to; the university itself has none. Kinds: %(kinds)s.")
        % {"kinds": ", ".join(str(label) for _v, label in Unit.Kind.choices)},
        _("Positions: the posts the regulation names as responsible (rector, vice-rectors, "
          "directors, heads). “Held by” is the staff number or the e-mail of a person from "
          "the People sheet; empty when the post is vacant."),
        _("People: one row per person. Give the e-mail and, if HR has one, the staff "
          "number: the next file is matched by them, so people are updated, not "
          "duplicated. The unit is a unit code. Language: ky, ru or en."),
        _("Roles in Sapat: one or more of %(roles)s, separated by “;”. A role held in "
          "another unit than the person's own takes that unit's code in brackets: "
          "“%(example)s”. Empty: an employee of their unit (a person already in Sapat "
          "keeps their roles).")
        % {"roles": ", ".join(f"“{label}”" for _v, label in Role.choices),
           "example": f"{Role.AUDITOR.label} (inst-02)"},
        _("An empty cell keeps what Sapat has. A unit or person that an earlier file brought "
          "in and this one no longer lists is closed or deactivated, never deleted; you see "
          "every row's fate before anything is saved."),
        _("Headings may be in Kyrgyz, Russian or English, in the forms HR files use "
          "(“ФИО”, “Табельный номер”, “Подразделение”…). A CSV file holds one sheet; "
          "upload the units, positions and people as two or three CSV files at once."),
    ]
    for line in lines:
        ws.append([line])
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=13)


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def hr_template(lang: str) -> bytes:
    """The empty HR file, headings and notes in `lang` (ky, ru or en)."""
    lang = lang if lang in LANGUAGES else "ky"
    with translation.override(lang):
        wb = Workbook()
        wb.remove(wb.active)
        for kind in SHEETS:
            _sheet(wb, kind, lang, [])
        _notes(wb, lang)
        return _save(wb)


def org_export_hr(lang: str, university: Unit | None = None) -> bytes:
    """The organisation (of `university`, or all of it) as an HR file Sapat reads back."""
    lang = lang if lang in LANGUAGES else "ky"
    units = Unit.objects.filter(is_active=True).select_related("parent").order_by("path")
    if university is not None:
        units = units.filter(path__startswith=university.path)
    units = list(units)
    in_scope = {u.pk for u in units}
    with translation.override(lang):
        wb = Workbook()
        wb.remove(wb.active)
        _sheet(wb, UNITS, lang, [
            [u.code, u.name, u.name_ru, u.name_en, u.abbreviation, str(u.get_kind_display()),
             u.parent.code if u.parent_id else ""]
            for u in units
        ])
        people = list(Person.objects.filter(is_active=True, unit_id__in=in_scope)
                      .select_related("unit").order_by("unit__path", "pk"))
        key = {p.pk: p.staff_number or p.email for p in people}
        _sheet(wb, POSITIONS, lang, [
            [p.code, p.name, p.name_ru, p.name_en, p.unit.code, key.get(p.holder_id, "")]
            for p in Position.objects.filter(unit_id__in=in_scope).select_related("unit")
            .order_by("unit__path", "order", "pk")
        ])
        roles = defaultdict(list)
        for person_id, role, unit_code in RoleAssignment.objects.filter(
            person__in=[p.pk for p in people]
        ).order_by("pk").values_list("person_id", "role", "unit__code"):
            roles[person_id].append((role, unit_code))
        rows = []
        for p in people:
            held = "; ".join(
                str(Role(role).label) + ("" if unit_code == p.unit.code else f" ({unit_code})")
                for role, unit_code in roles[p.pk]
            )
            rows.append([p.staff_number, p.full_name or str(p), p.email, p.unit.code,
                         p.username, p.language, held])
        _sheet(wb, PEOPLE, lang, rows)
        _notes(wb, lang)
        return _save(wb)
