"""Keeping the index and asking it: the two halves of search, on SQLite and PostgreSQL.

Both databases keep a full-text structure next to `SearchEntry`, filled by a trigger from
the row (see the migration), so that the index stays right however rows are written
(the ORM, a bulk insert, a flush between tests):

- SQLite: an FTS5 table `search_fts(title_terms, terms)` over the search keys; records
  whose title matches rank first.
- PostgreSQL: two tsvector columns: `keys_vector` (the same keys, 'simple' configuration,
  title weighted A) and `ru_vector` (the written text under the 'russian' Snowball
  configuration — Russian words are found there in forms our simple stemmer misses).
  Both have GIN indexes.

What a person types goes through the same stemmer (`stemming.query_stems`), each key
matched as a prefix (тобокел finds тобокелдик), all keys required. One SQL statement then
matches, ranks, keeps the first hits of each kind and counts them all, with each
provider's scoped queryset embedded as a subquery.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe

from . import registry, stemming
from .models import SearchEntry

SNIPPET_CHARS = 160


# --- Writing ------------------------------------------------------------------------------


def entry_fields(provider: registry.Provider, record) -> dict | None:
    doc = provider.document(record)
    if doc is None:
        return None
    text = "\n".join(t for t in doc.texts if t)[: registry.MAX_TEXT]
    titles = " ".join(t for t in (doc.title, doc.title_ru, doc.title_en) if t)
    return {
        "title": doc.title[:500], "title_ru": doc.title_ru[:500], "title_en": doc.title_en[:500],
        "context": doc.context[:300], "context_ru": doc.context_ru[:300],
        "context_en": doc.context_en[:300], "url": doc.url[:300], "text": text,
        "title_terms": stemming.stems(titles),
        # The context (a measure's unit, say) is shown, not searched: every measure of a
        # department would otherwise be found by the word "department".
        "terms": stemming.stems(f"{titles}\n{text}"),
    }


@transaction.atomic
def refresh(key: str, ids) -> None:
    """Re-index records `ids` of provider `key` (gone or unindexable ones are removed)."""
    provider = registry.provider(key)
    ids = list(ids)
    if provider is None or not ids:
        return
    seen = set()
    for record in provider.all_records().filter(pk__in=ids):
        values = entry_fields(provider, record)
        if values is None:
            continue
        seen.add(record.pk)
        SearchEntry.objects.update_or_create(kind=key, object_id=record.pk, defaults=values)
    SearchEntry.objects.filter(kind=key, object_id__in=[i for i in ids if i not in seen]).delete()


def remove(key: str, ids) -> None:
    SearchEntry.objects.filter(kind=key, object_id__in=list(ids)).delete()


def rebuild(keys: list[str] | None = None, batch: int = 500) -> dict[str, int]:
    """Index every record of the given providers (all by default) afresh; counts by kind."""
    counts = {}
    for provider in registry.providers():
        if keys and provider.key not in keys:
            continue
        with transaction.atomic():
            SearchEntry.objects.filter(kind=provider.key).delete()
            rows = []
            for record in provider.all_records().iterator(chunk_size=2000):
                values = entry_fields(provider, record)
                if values is not None:
                    rows.append(SearchEntry(kind=provider.key, object_id=record.pk, **values))
                if len(rows) >= batch:
                    SearchEntry.objects.bulk_create(rows)
                    counts[provider.key] = counts.get(provider.key, 0) + len(rows)
                    rows = []
            SearchEntry.objects.bulk_create(rows)
            counts[provider.key] = counts.get(provider.key, 0) + len(rows)
    return counts


# --- Asking --------------------------------------------------------------------------------


@dataclass
class Hit:
    title: str
    url: str
    context: str
    snippet: str


@dataclass
class Group:
    key: str
    label: object
    total: int
    hits: list[Hit] = field(default_factory=list)


def _scopes(person, providers) -> tuple[str, list]:
    """`(kind = … AND object_id IN (<the app's scoped queryset>)) OR …` and its params.

    Each app's queryset is narrowed to the records found (`found`, the matching entries)
    before the database applies the scope: a QMS office's scope is 20,000 measures, the
    measures found are a few hundred.
    """
    parts, params = [], []
    for p in providers:
        found = RawSQL("SELECT object_id FROM found WHERE kind = %s", [p.key])
        try:
            sql, ps = (p.visible(person).filter(pk__in=found).order_by().values("pk")
                       .query.sql_with_params())
        except EmptyResultSet:  # the person reads none of these
            continue
        parts.append(f"(f.kind = %s AND f.object_id IN ({sql}))")
        params += [p.key, *ps]
    return " OR ".join(parts), params


def _found(keys: list[str], query: str) -> tuple[str, list]:
    """The matching entries as (id, kind, object_id, score); lower scores rank first."""
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{k}:*" for k in keys)
        return (
            "SELECT id, kind, object_id, -ts_rank(keys_vector, q1) - ts_rank(ru_vector, q2)"
            " AS score FROM search_searchentry, to_tsquery('simple', %s) q1,"
            " plainto_tsquery('russian', %s) q2 WHERE keys_vector @@ q1 OR ru_vector @@ q2",
            [tsquery, query],
        )
    # SQLite: a record whose title matches ranks first (BM25 over thousands of matches
    # cost more than the rest of the search); kind and record are read from a covering
    # index, not from the rows with their long texts.
    fts = " ".join(f'"{k}"*' for k in keys)
    return (
        "SELECT e.id, e.kind, e.object_id, CASE WHEN e.id IN (SELECT rowid FROM search_fts"
        " WHERE search_fts MATCH %s) THEN 0 ELSE 1 END AS score"
        " FROM search_fts JOIN search_searchentry e INDEXED BY search_entry_found"
        " ON e.id = search_fts.rowid WHERE search_fts MATCH %s",
        ["{title_terms} : (" + fts + ")", fts],
    )


def search(person, query: str, kinds: list[str] | None = None, limit: int = 10) -> list[Group]:
    """What `person` may read that matches `query`: groups by kind, best hits first.

    One query, whatever the number of kinds or hits (plus, the first time in a request,
    the person's grants that the scoped querysets are built from).
    """
    keys = stemming.query_stems(query)
    providers = [p for p in registry.providers() if not kinds or p.key in kinds]
    if not keys or not providers:
        return []
    scope_sql, scope_params = _scopes(person, providers)
    if not scope_sql:
        return []
    found_sql, found_params = _found(keys, query)
    # The matching entries first (`found`, materialised once), then the scope on those
    # alone; ranked and counted on ids, the texts read for the hits shown only.
    sql = (
        f"WITH found AS MATERIALIZED ({found_sql})"
        " SELECT h.kind, h.title, h.title_ru, h.title_en, h.context, h.context_ru,"
        " h.context_en, h.url, h.text, r.total"
        " FROM (SELECT f.id, f.kind,"
        "  ROW_NUMBER() OVER (PARTITION BY f.kind ORDER BY f.score, f.id) AS n,"
        "  COUNT(*) OVER (PARTITION BY f.kind) AS total"
        f" FROM found f WHERE {scope_sql}"
        ") r JOIN search_searchentry h ON h.id = r.id WHERE r.n <= %s ORDER BY r.kind, r.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*found_params, *scope_params, limit])
        rows = cursor.fetchall()
    groups = {p.key: Group(p.key, p.label, 0) for p in providers}
    for kind, title, title_ru, title_en, context, context_ru, context_en, url, text, total \
            in rows:
        entry = SearchEntry(title=title, title_ru=title_ru, title_en=title_en, context=context,
                            context_ru=context_ru, context_en=context_en)
        group = groups[kind]
        group.total = total
        group.hits.append(Hit(entry.title_in(), url, entry.context_in(), snippet(text, keys)))
    return [g for g in groups.values() if g.total]


def snippet(text: str, keys: list[str]) -> str:
    """A short piece of `text` around the first word found, that word marked (safe HTML)."""
    for m in stemming.WORD.finditer(text or ""):
        word_key = stemming.stem(m.group())
        if any(word_key.startswith(k) or k.startswith(word_key) and len(word_key) >= 4
               for k in keys):
            start = max(0, m.start() - SNIPPET_CHARS // 2)
            end = min(len(text), m.end() + SNIPPET_CHARS // 2)
            if start:
                start = text.find(" ", start, m.start()) + 1 or start
            if end < len(text):
                end = text.rfind(" ", m.end(), end) if text.rfind(" ", m.end(), end) > 0 else end
            before = re.sub(r"\s+", " ", text[start:m.start()])
            after = re.sub(r"\s+", " ", text[m.end():end])
            return mark_safe(
                ("… " if start else "") + html.escape(before) + "<mark>"
                + html.escape(m.group()) + "</mark>" + html.escape(after)
                + (" …" if end < len(text) else "")
            )
    return ""
