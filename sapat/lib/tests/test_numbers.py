"""«79,5» is 79.5: the one parser and formatter of decimals people type and read."""
from decimal import Decimal

import pytest
from django.utils import translation

from sapat.lib.numbers import DecimalField, format_decimal, parse_decimal


@pytest.mark.parametrize(("text", "meant"), [
    ("79,5", "79.5"), ("79.5", "79.5"), ("80", "80"), (" 79,5 ", "79.5"),
    ("1 234,5", "1234.5"), ("1\u00a0234,5", "1234.5"), ("1\u202f234,5", "1234.5"),
    ("1,234.5", "1234.5"), ("1.234,5", "1234.5"), ("1 234 567", "1234567"),
    ("1.234.567", "1234567"), ("-3,25", "-3.25"), ("\u22123,25", "-3.25"), (",5", "0.5"),
    (79.5, "79.5"), (80, "80"),
])
def test_a_number_is_read_as_it_is_meant(text, meant):
    assert parse_decimal(text) == Decimal(meant)


@pytest.mark.parametrize("text", [
    "", "abc", "79,5,5x", "1,2,3", "79.5.5", "1.234,5.6", "nan", "inf", "1e5", "--3", "7 9,5a",
])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


@pytest.mark.parametrize(("language", "shown"), [("ky", "79,5"), ("ru", "79,5"),
                                                  ("en", "79.5")])
def test_a_number_is_shown_with_the_languages_decimal_mark(language, shown):
    with translation.override(language):
        assert format_decimal(Decimal("79.50")) == shown
        assert format_decimal(Decimal("80.00")) == "80"
        assert format_decimal(Decimal("-0.001")) == "0"


def test_thousands_are_grouped_only_when_asked():
    with translation.override("ru"):
        assert format_decimal(Decimal("1234.5")) == "1234,5"
        assert format_decimal(Decimal("1234567.5"), grouping=True) == "1\u00a0234\u00a0567,5"


def test_the_form_field_reads_a_comma_and_shows_one_back():
    field = DecimalField(max_digits=12, decimal_places=2)
    assert field.clean("79,5") == Decimal("79.5")
    assert field.clean("1 234,5") == Decimal("1234.5")
    with translation.override("ky"):
        html = field.widget.render("value", Decimal("79.50"))
    assert 'value="79,5"' in html
    assert 'inputmode="decimal"' in html
    assert 'type="text"' in html
