import posixpath

from django import template
from django.urls import reverse
from django.utils.text import capfirst

from sapat.lib import nav
from sapat.lib.history import changes_of

register = template.Library()


@register.inclusion_tag("includes/history.html")
def history_of(obj, limit=50):
    """The change history of a record, as a readable list of diffs."""
    return {"entries": changes_of(obj, limit=limit), "object": obj}


@register.simple_tag
def history_url(obj):
    meta = obj._meta
    return reverse("history", args=[f"{meta.app_label}.{meta.model_name}", obj.pk])


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def number(value, places=2):
    """A decimal in the page's language: «79,5», «80» (sapat.lib.numbers.format_decimal)."""
    from sapat.lib.numbers import format_decimal

    return format_decimal(value, places=int(places))


@register.filter
def label_capfirst(field):
    """A form field's <label>, its first letter capitalised (labels are often lower case)."""
    return field.label_tag(contents=capfirst(field.label))


@register.simple_tag(takes_context=True)
def current_menu_key(context):
    """The key of the one menu entry to mark as the current page (see lib/nav.py)."""
    request = context.get("request")
    if request is None:
        return None
    return nav.current_key(context.get("nav_sections") or [], request.path,
                           str(context.get("section") or ""))


@register.filter
def filename(field_file):
    """The name of an uploaded file without its folders: what a link to it is called."""
    return posixpath.basename(getattr(field_file, "name", "") or "")


@register.filter
def quantity(value, unit=""):
    """A measured value as people read it, the same on every page: at most two decimals,
    no trailing zeros, the language's decimal sign, and a percentage as «76,4 %»."""
    from sapat.lib.numbers import format_decimal

    if value is None or value == "":
        return "—"
    text = format_decimal(value, places=2)
    unit = str(unit or "")
    if unit.strip() == "%":
        return f"{text}\u00a0%"
    return f"{text}{unit}"
