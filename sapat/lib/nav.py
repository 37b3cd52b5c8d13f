"""The main menu: each app registers its entries, each entry says who sees it.

Entries are shown in sections (processes, risks, reports, administration). An entry names
its section, or `SECTION_OF` below places it; the menu's shape is decided here, in one place.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("start", None),
    ("processes", _("Processes and quality")),
    ("risks", _("Risks and opportunities")),
    ("reports", _("Reports")),
    ("admin", _("Administration")),
]

# Where the entries of each app go, when they do not say so themselves.
SECTION_OF = {
    "home": "start",
    "my-measures": "start",
    "processes": "processes",
    "kpis": "processes",
    "objectives": "processes",
    "policy": "processes",
    "risk-passport": "risks",
    "register": "risks",
    "consolidated": "risks",
    "heatmap": "risks",
    "integrated": "reports",
    "org": "admin",
    "scale": "admin",
    "glossary": "admin",
    "profile": "admin",
}


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # a lazy translation
    url_name: str
    visible: Callable[[object], bool]
    order: int = 100
    group: str = "main"
    section: str = ""


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add (or replace, by key) a menu entry; call from an AppConfig.ready()."""
    _ITEMS[item.key] = item


def items_for(person, group: str = "main") -> list[dict]:
    """The entries `person` may see, in menu order."""
    entries = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key)):
        if item.group == group and item.visible(person):
            entries.append({
                "key": item.key, "label": item.label, "url": reverse(item.url_name),
                "section": item.section or SECTION_OF.get(item.key, "reports"),
            })
    return entries


def sections_for(person) -> list[dict]:
    """The menu as sections, each with its visible entries; empty sections are left out."""
    entries = items_for(person)
    sections = []
    for key, label in SECTIONS:
        items = [e for e in entries if e["section"] == key]
        if items:
            sections.append({"key": key, "label": label, "items": items})
    return sections
