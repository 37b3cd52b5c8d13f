"""Template helpers for rendering a `reports.columns.Table` (screen and PDF alike)."""
from django import template
from django.http import QueryDict

from sapat.reports.columns import BandValue, Filled, cell_text

register = template.Library()


@register.inclusion_tag("reports/_cell.html")
def table_cell(row, column):
    value = row.get(column.key)
    return {
        "value": value,
        "band": value if isinstance(value, BandValue) else None,
        "filled": value if isinstance(value, Filled) else None,
        "lines": cell_text(value).split("\n") if value is not None else [],
        "numeric": column.numeric,
    }


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
