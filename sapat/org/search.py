"""Units and people in the one search (see `sapat.search.registry`).

A unit is found by whoever may read its records, and leads to its risk passport — the
page every reader of a unit has. A person is found by whoever may read their unit (as the
API's people list), by name, user name and the posts they hold, and leads to their unit's
passport; deactivated people are not indexed.
"""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sapat.search.registry import Document, Provider, register

from .access import people_visible_to, units_in_scope
from .models import Person, Unit


def unit_document(unit: Unit) -> Document:
    return Document(
        title=unit.name, title_ru=unit.name_ru, title_en=unit.name_en,
        url=reverse("risks:passport", args=[unit.code]),
        context=unit.abbreviation or unit.code, texts=[unit.code, unit.abbreviation],
    )


def person_document(person: Person) -> Document | None:
    if not person.is_active:
        return None
    unit = person.unit
    held = list(person.positions.all())
    posts = [t for p in held for t in (p.name, p.name_ru, p.name_en) if t]

    def context(language):
        return ", ".join([p.label_in(language) for p in held]
                         + ([unit.label_in(language)] if unit else []))

    return Document(
        title=person.full_name or person.username,
        url=reverse("risks:passport", args=[unit.code]) if unit else "",
        context=context("ky"), context_ru=context("ru"), context_en=context("en"),
        texts=[person.username, *posts],
    )


def register_providers() -> None:
    register(Provider(
        key="unit", label=_("Units"), model=Unit, visible=units_in_scope,
        document=unit_document, order=60,
    ))
    register(Provider(
        key="person", label=_("People"), model=Person, visible=people_visible_to,
        document=person_document,
        records=lambda: Person.objects.select_related("unit").prefetch_related("positions"),
        order=70,
    ))
