"""Template helpers for rendering a `reports.columns.Table` (screen and PDF alike)."""
from django import template
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import mark_safe

from sapat.reports.columns import BandValue, Filled, cell_text

register = template.Library()


@register.simple_tag
def table_cell(row, column):
    """One <td>: band cells shaded, numbers centred, lines kept. Built in Python, not with an
    included template, because a 5,000-row register has 60,000 cells."""
    value = row.get(column.key)
    if isinstance(value, BandValue):
        # The whole cell in the band's colour (not a patch behind the text).
        return mark_safe(
            f'<td class="num band-cell band-{escape(value.code)}" '
            f'style="background: {escape(value.colour)}">{value.level} – '
            f"{escape(value.label)}</td>"
        )
    if isinstance(value, Filled):
        return mark_safe(
            f'<td class="num" style="background: {escape(value.colour)}">'
            f"{escape(cell_text(value.value))}</td>"
        )
    css = ' class="num"' if column.numeric else ""
    text = "<br>".join(escape(line) for line in cell_text(value).split("\n"))
    return mark_safe(f"<td{css}>{text}</td>")


@register.simple_tag(takes_context=True)
def export_url(context, table, fmt, **extra):
    """The download URL of `table` in `fmt` with the page's GET filters and language."""
    from django.urls import reverse
    from django.utils.translation import get_language

    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    params.pop("page", None)
    for key, value in extra.items():
        if value not in (None, ""):
            params[key] = value
    params["lang"] = get_language()
    return f"{reverse('reports:export', args=[table, fmt])}?{params.urlencode()}"
