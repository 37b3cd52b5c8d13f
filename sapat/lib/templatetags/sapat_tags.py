from django import template
from django.urls import reverse

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
def is_current(url, path):
    """Is the menu entry at `url` the page at `path` (or a page under it)?"""
    if url == "/":
        return path == "/"
    return path == url or path.startswith(url)


@register.filter
def number(value, places=2):
    """A decimal in the page's language: «79,5», «80» (sapat.lib.numbers.format_decimal)."""
    from sapat.lib.numbers import format_decimal

    return format_decimal(value, places=int(places))
