"""Text in the workbooks Sapat writes is text, never a formula.

A cell whose text starts with = + - @ (or a tab or carriage return) would run as a formula
in a spreadsheet — openpyxl even stores "=…" as one — so that a risk titled
`=HYPERLINK("http://…")` would become a live link in the university's register. Such text
is written as a string with the "quote prefix" style: spreadsheets keep it as text, and
the value itself stays unchanged.
"""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(cell):
    """Make `cell` (a worksheet cell or a write-only cell) hold its text as text."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if looks_like_formula(cell.value):
            cell.quotePrefix = True
    return cell


def append_text_row(ws, values) -> None:
    """`ws.append(values)` for a normal (not write-only) sheet, with every text as text."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        as_text(cell)
