"""Nonconformities in the one search (see `sapat.search.registry`): the code (NC-0042) and
the description in each language, shown with their unit and process; found by whoever the
register shows them to (`nonconformities_visible_to`: readers of the unit, those acting on
one of its corrective actions, its effectiveness reviewer)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sapat.search.registry import Document, Provider, register

from .models import Nonconformity
from .permissions import nonconformities_visible_to

TITLE_CHARS = 200


def _title(nc: Nonconformity, description: str) -> str:
    if not description:
        return ""
    line = " ".join(description.split())
    if len(line) > TITLE_CHARS:
        line = line[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"
    return f"{nc.code}: {line}"


def _context(nc: Nonconformity, lang: str = "") -> str:
    suffix = f"_{lang}" if lang else ""
    unit = getattr(nc.unit, f"name{suffix}") or nc.unit.name
    if nc.process is None:
        return unit
    return f"{unit} · {getattr(nc.process, f'name{suffix}') or nc.process.name}"


def nonconformity_document(nc: Nonconformity) -> Document | None:
    if nc.archived_at is not None:
        return None
    return Document(
        title=_title(nc, nc.description), title_ru=_title(nc, nc.description_ru),
        title_en=_title(nc, nc.description_en),
        url=reverse("improvement:detail", args=[nc.pk]),
        context=_context(nc), context_ru=_context(nc, "ru"), context_en=_context(nc, "en"),
        texts=[nc.code, nc.description, nc.description_ru, nc.description_en],
    )


def register_providers() -> None:
    register(Provider(
        key="nonconformity", label=_("Nonconformities"), model=Nonconformity,
        visible=nonconformities_visible_to, document=nonconformity_document,
        records=lambda: Nonconformity.objects.select_related("unit", "process"), order=35,
    ))
