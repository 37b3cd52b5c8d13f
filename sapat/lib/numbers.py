"""Numbers as people type and read them: the one place that parses and shows a decimal.

Kyrgyz and Russian write a decimal comma and group thousands with a space («1 234,5»);
English writes «1,234.5». A browser's <input type=number> reads «79,5» by the browser's own
locale, and Chromium in an English locale drops the comma as a thousands separator: 795.
So every numeric form field here is a text input (inputmode=decimal, the phone shows the
digits keypad) parsed on the server by `parse_decimal`, and shown back by
`format_decimal` in the language of the page.
"""
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# Spaces that group thousands: space, no-break space, narrow no-break space, thin space.
_GROUPING_SPACES = re.compile(r"[ \u00a0\u202f\u2009']")
_PLAIN = re.compile(r"^[+-]?(\d+([.]\d*)?|[.]\d+)$")


def parse_decimal(text) -> Decimal:
    """The number meant by «79,5», «79.5», «1 234,5», «1,234.5» or «1.234,5».

    One separator that occurs once is the decimal mark, whichever it is; with both, the
    last is the decimal mark and the other groups thousands; one that occurs several times
    groups thousands (each group then has three digits). Raises ValueError otherwise.
    """
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int | float):
        value = Decimal(str(text))
    else:
        raw = str(text or "").strip().replace("\u2212", "-")  # the typographic minus
        s = _GROUPING_SPACES.sub("", raw)
        if not s:
            raise ValueError("empty")
        if "," in s and "." in s:
            decimal_mark = "," if s.rfind(",") > s.rfind(".") else "."
            group_mark = "." if decimal_mark == "," else ","
            whole, _sep, fraction = s.rpartition(decimal_mark)
            if decimal_mark in whole:
                raise ValueError(text)
            whole = _ungroup(whole, group_mark, text)
            s = f"{whole}.{fraction}"
        else:
            for mark in ",.":
                if s.count(mark) > 1:
                    s = _ungroup(s, mark, text)
                elif s.count(mark) == 1:
                    s = s.replace(mark, ".")
        if not _PLAIN.match(s):
            raise ValueError(text)
        try:
            value = Decimal(s)
        except InvalidOperation as exc:
            raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


def _ungroup(s: str, mark: str, original) -> str:
    sign = s[0] if s[:1] in "+-" else ""
    groups = s[len(sign):].split(mark)
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise ValueError(original)
    return sign + "".join(groups)


def format_decimal(value, places: int = 2, grouping: bool = False) -> str:
    """`value` in the active language: «79,5», «80», «1 234,5» (with `grouping`)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        try:
            value = parse_decimal(value)
        except ValueError:
            return str(value)
    # Half up, as people round (76,45 → 76,5), not the banker's half-even of round().
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    whole, _sep, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    if grouping and len(whole) > 3:
        group = formats.get_format("THOUSAND_SEPARATOR")
        parts = []
        while len(whole) > 3:
            parts.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = group.join([whole, *parts])
    decimal_mark = formats.get_format("DECIMAL_SEPARATOR")
    return sign + whole + (decimal_mark + fraction if fraction else "")


class DecimalInput(forms.TextInput):
    """A text input for a number: the digits keypad on a phone, the page's decimal mark."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_decimal(value, places=10)
        return super().format_value(value)  # what the person typed, shown back as typed


class DecimalField(forms.DecimalField):
    """A decimal typed as people write it («79,5», «1 234,5»); see `parse_decimal`."""

    widget = DecimalInput
    default_error_messages = {"invalid": _("Enter a number, for example 79,5.")}

    def __init__(self, *args, **kwargs):
        kwargs.pop("localize", None)
        kwargs.pop("step_size", None)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        return {}  # no step/min/max: they belong to <input type=number>


def local_decimal_field(field: forms.Field) -> forms.Field:
    """`field` as a `DecimalField` of this module when it is Django's decimal or float one."""
    if isinstance(field, DecimalField) or not isinstance(
            field, forms.DecimalField | forms.FloatField):
        return field
    new = DecimalField(
        required=field.required, label=field.label, initial=field.initial,
        help_text=field.help_text, disabled=field.disabled,
        max_value=field.max_value, min_value=field.min_value,
        max_digits=getattr(field, "max_digits", None),
        decimal_places=getattr(field, "decimal_places", None),
    )
    new.validators = list(field.validators)
    return new


def is_percentage(measure_unit: str) -> bool:
    """Is a quantity measured in `measure_unit` a percentage (0–100)?"""
    return (measure_unit or "").strip() == "%"


class LocalNumbersMixin:
    """Every decimal and float field of the form reads «79,5» as 79.5 and shows it so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            self.fields[name] = local_decimal_field(field)
