"""Bulk KPI values from XLSX: parse and check every row first, then write all or nothing."""
import io
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import DatabaseError, OperationalError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from sapat.lib.numbers import parse_decimal
from sapat.lib.spreadsheets import append_text_row
from sapat.org.models import Period, Unit

from .models import Indicator, Measurement
from .permissions import may_enter_measurement, university_q
from .services import measurement_record

# The columns of the template, in order: (key, header msgid).
COLUMNS = [
    ("indicator", N_("Indicator code")),
    ("year", N_("Academic year (start year, e.g. 2024)")),
    ("number", N_("Semester or quarter number (empty for a year)")),
    ("unit", N_("Unit code")),
    ("value", N_("Value")),
    ("comment", N_("Comment")),
]
MAX_ROWS = 5000


class RowRefused(Exception):
    """The database refused a row (a constraint: the same value saved meanwhile, say)."""

    def __init__(self, row: int):
        super().__init__(f"row {row} refused by the database")
        self.row = row


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParsedRow:
    row: int
    indicator_id: int
    period_id: int
    unit_id: int
    value: str
    comment: str
    indicator: str = ""
    period: str = ""
    unit: str = ""


def template_xlsx(person) -> bytes:
    """A workbook to fill in: the header row, and the codes the person may use."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Values")
    ws.append([_(h) for _k, h in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F2")
    for col, width in zip("ABCDEF", (22, 16, 16, 16, 12, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ref = wb.create_sheet(_("Indicators"))
    ref.append([_("Code"), _("Indicator"), _("Frequency"), _("Unit of measure"), _("Target")])
    for i in Indicator.objects.live().filter(university_q(person, "owner_unit")):
        append_text_row(ref, [i.code, i.label, i.get_frequency_display(), i.measure_unit,
                              float(i.target)])
    units = wb.create_sheet(_("Units"))
    units.append([_("Code"), _("Unit")])
    for u in _units(person):
        append_text_row(units, [u.code, u.label])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _units(person):
    from sapat.org.access import Action, scope_q

    return Unit.objects.filter(scope_q(person, Action.CREATE, field="")).order_by("path")


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def parse(file, person) -> tuple[list[ParsedRow], list[RowError]]:
    """Check every row of the upload; nothing is written here."""
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    # Read in a capped child process after a cheap look (sapat.lib.xlsx_guard).
    from sapat.lib.xlsx_guard import SpreadsheetProblem, TooManyRows, read_xlsx

    try:
        sheets = read_xlsx(file.read() if hasattr(file, "read") else file,
                           max_rows=MAX_ROWS + 1)
    except TooManyRows:
        return [], [RowError(0, "", _("Too many rows: at most %(n)s.") % {"n": MAX_ROWS})]
    except SpreadsheetProblem as exc:
        return [], [RowError(0, "", str(exc))]
    except Exception:  # openpyxl raises many kinds on a broken file
        return [], [RowError(0, "", _("The file is not a readable XLSX workbook."))]
    if not sheets:
        return [], [RowError(0, "", _("The file is not a readable XLSX workbook."))]
    sheet_rows = sheets[0][1]
    indicators = {i.code: i for i in Indicator.objects.live().select_related("owner_unit")
                  .filter(university_q(person, "owner_unit"))}
    units = {u.code: u for u in Unit.objects.all()}
    periods = {(p.year.start.year, p.kind, p.number): p
               for p in Period.objects.select_related("year")}
    seen = set()
    headers = [_(h) for _k, h in COLUMNS]
    for n, raw in enumerate(sheet_rows, start=1):
        if n == 1:
            continue
        if n > MAX_ROWS + 1:
            errors.append(RowError(n, "", _("Too many rows: at most %(n)s.") % {"n": MAX_ROWS}))
            break
        padded = (list(raw) + [None] * 6)[:6]
        cells = [_text(v) for v in padded]
        if not any(cells):
            continue
        code, year, number, unit_code, value, comment = cells
        row_errors = []
        indicator = indicators.get(code)
        if indicator is None:
            row_errors.append(RowError(n, headers[0], _("No indicator with code “%(c)s”.")
                                       % {"c": code}))
        unit = units.get(unit_code)
        if unit is None:
            row_errors.append(RowError(n, headers[3], _("No unit with code “%(c)s”.")
                                       % {"c": unit_code}))
        period = None
        if not year.isdigit():
            row_errors.append(RowError(n, headers[1], _("Write the year it starts, e.g. 2024.")))
        elif indicator is not None:
            if indicator.frequency == Period.Kind.YEAR:
                num = 1
            elif number.isdigit():
                num = int(number)
            else:
                num = None
                row_errors.append(RowError(n, headers[2], _(
                    "This indicator is measured per %(kind)s: write its number."
                ) % {"kind": indicator.get_frequency_display()}))
            if num is not None:
                period = periods.get((int(year), indicator.frequency, num))
                if period is None:
                    row_errors.append(RowError(n, headers[1], _("No such period.")))
        try:
            # A number cell is a number already; a text cell is read as a person wrote it.
            amount = parse_decimal(padded[4] if isinstance(padded[4], int | float) else value)
            if abs(amount) >= Decimal("1e10"):
                raise ValueError(value)
        except ValueError:
            amount = None
            row_errors.append(RowError(n, headers[4], _("“%(v)s” is not a number.")
                                       % {"v": value}))
        if indicator is not None and unit is not None and not row_errors:
            if not may_enter_measurement(person, indicator, unit):
                row_errors.append(RowError(n, headers[3], _(
                    "You may not enter values of this indicator for this unit.")))
        if indicator and unit and period and not row_errors:
            row_errors += _model_errors(n, headers, Measurement(
                indicator=indicator, period=period, unit=unit, value=amount))
        if indicator and unit and period and not row_errors:
            key = (indicator.pk, period.pk, unit.pk)
            if key in seen:
                row_errors.append(RowError(n, headers[0], _(
                    "This indicator, period and unit appear twice in the file.")))
            seen.add(key)
        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(ParsedRow(n, indicator.pk, period.pk, unit.pk, str(amount), comment[:2000],
                              indicator.label, str(period), unit.label))
    return rows, errors


def _model_errors(n: int, headers: list[str], measurement) -> list[RowError]:
    """The model's own checks of a row's value (a percentage within 0–100, two decimals)."""
    from django.core.exceptions import ValidationError

    column = {"value": headers[4], "unit": headers[3], "period": headers[1]}
    try:
        measurement.full_clean(exclude=["comment", "evidence", "entered_by"],
                               validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return [RowError(n, column.get(field, ""), message)
                for field, messages in exc.message_dict.items() for message in messages]
    return []


def to_session(rows: list[ParsedRow]) -> list[dict]:
    return [asdict(r) for r in rows]


@transaction.atomic
def commit(rows: list[dict], person) -> int:
    """Write every checked row, or none: permissions are checked again, inside the transaction.

    Raises `PermissionError(row)` when the person may no longer enter a row, `RowRefused`
    when the database refuses one; either way nothing is written.
    """
    indicators = Indicator.objects.in_bulk({r["indicator_id"] for r in rows})
    units = Unit.objects.in_bulk({r["unit_id"] for r in rows})
    periods = Period.objects.in_bulk({r["period_id"] for r in rows})
    for r in rows:
        indicator, unit = indicators.get(r["indicator_id"]), units.get(r["unit_id"])
        period = periods.get(r["period_id"])
        if not (indicator and unit and period) or not may_enter_measurement(
                person, indicator, unit):
            raise PermissionError(r["row"])
        try:
            # The preview the person confirmed lists every value (and its status).
            measurement_record(indicator=indicator, period=period, unit=unit,
                               value=Decimal(r["value"]), comment=r["comment"], by=person,
                               confirmed=True)
        except OperationalError:
            raise  # the database is away or busy: the "try again in a minute" answer says so
        except DatabaseError as exc:
            raise RowRefused(r["row"]) from exc
    return len(rows)
