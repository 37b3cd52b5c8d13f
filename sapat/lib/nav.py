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


# A view names the part of the app it belongs to (`section` in its context); these parts
# have no menu entry of their own and light up the entry they sit under.
PART_OF = {"people": "org", "positions": "org", "units": "org", "years": "org", "signin": "org"}

# Pages below these addresses that no entry's own address covers (a risk's page, a person's
# form) light up this entry.
UNDER = [("/risks/", "risk-passport"), ("/org/", "org"), ("/processes/", "processes")]


def current_key(sections: list[dict], path: str, section: str = "") -> str | None:
    """The one menu entry that is the current page's: the part its view names, else the
    entry with the longest address the path starts with, else the entry it sits under."""
    entries = {item["key"]: item for s in sections for item in s["items"]}
    named = PART_OF.get(section, section)
    if named in entries:
        return named
    if path == "/":
        return "home" if "home" in entries else None
    longest = max(
        (e for e in entries.values() if e["url"] != "/" and path.startswith(e["url"])),
        key=lambda e: len(e["url"]), default=None,
    )
    if longest is not None:
        return longest["key"]
    return next((key for prefix, key in UNDER if path.startswith(prefix) and key in entries),
                None)
