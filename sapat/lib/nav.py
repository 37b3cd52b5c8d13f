"""The main menu: each app registers its entries, each entry says who sees it."""
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # a lazy translation
    url_name: str
    visible: Callable[[object], bool]
    order: int = 100
    group: str = "main"


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add (or replace, by key) a menu entry; call from an AppConfig.ready()."""
    _ITEMS[item.key] = item


def items_for(person, group: str = "main") -> list[dict]:
    entries = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if item.group == group and item.visible(person):
            entries.append({"key": item.key, "label": item.label, "url": reverse(item.url_name)})
    return entries
