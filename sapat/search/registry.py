"""One search over every app: each app says which of its records are found, and how they
are scoped to what a person may read.

An app registers a provider from its AppConfig.ready() (or a `search.py` it imports there):

    from sapat.search.registry import Document, Provider, register

    register(Provider(
        key="risk",                          # stable; stored in the index
        label=_("Risks"),                   # the group's heading on the results page
        model=Risk,                          # saving or deleting one re-indexes it
        visible=risks_visible_to,            # person -> the app's own scoped queryset
        document=risk_document,              # record -> Document (texts to index)
        records=lambda: Risk.objects.select_related("unit"),  # what `reindex` walks
        order=10,                            # groups are shown in this order
    ))

`visible(person)` must be the very queryset the app's list and detail pages use for
reading (built on `sapat.org.access` and the app's `permissions.py`), never a second rule:
the search embeds it as a subquery, so a hit is shown only if the app would show the
record. It may include archived rows or not — whatever the app's pages do.

`document(record)` returns a `Document`: the title in Kyrgyz (with Russian and English
where the record has them), the address of the record's page, a short context line (a
unit's name, a process's code; `context_ru`, `context_en` where it has translations), and
`texts`: every other text worth finding, in any language. A documents app adds here the
text extracted from a file (only for versions in force, say) — the index keeps up to
`MAX_TEXT` characters of it. `document` may return None to leave a record out of the
index (a draft nobody else should find).

A record is re-indexed after every save of `model` (once the transaction commits), and
removed when it is deleted. A change that should re-index other records (a unit renamed,
a file added to a version) calls `sapat.search.index.refresh(key, ids)` explicitly; the
`reindex` command rebuilds everything, and the demo and generator run it.

Matching, ranking and scoping happen in one query for all kinds together, so a search
page costs the same number of queries whatever the number of providers and records. The
search app imports no app.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

MAX_TEXT = 20_000


@dataclass(frozen=True)
class Document:
    title: str
    url: str
    title_ru: str = ""
    title_en: str = ""
    context: str = ""
    context_ru: str = ""
    context_en: str = ""
    texts: Iterable[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class Provider:
    key: str
    label: object  # a lazy translation
    model: type
    visible: Callable[[object], object]  # person -> QuerySet of `model`
    document: Callable[[object], Document | None]
    records: Callable[[], object] | None = None  # () -> QuerySet of everything to index
    order: int = 100

    def all_records(self):
        if self.records is not None:
            return self.records()
        return self.model._default_manager.all()


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    """Add (or replace, by key) a provider; call from an AppConfig.ready()."""
    _PROVIDERS[provider.key] = provider


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key))


def provider(key: str) -> Provider | None:
    return _PROVIDERS.get(key)


def providers_for_model(model) -> list[Provider]:
    return [p for p in _PROVIDERS.values() if p.model is model]
