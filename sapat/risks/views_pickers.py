"""The responsible-people and positions pickers' search (issue 12: 3,000 people).

The risk, opportunity and measure forms carry only the chosen people and positions; their
combobox (sapat.js) asks these endpoints for matches as the editor types. People are only
those the editor may assign (`permissions.assignable_people`, the same rule the form
validates with); positions are the ones the form accepts. Each answer is a fixed number of
queries whatever the number of rows: the session, the person, their roles and one search.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from sapat.org.models import Person

from .forms import position_label, positions_for_pickers
from .permissions import assignable_people

LIMIT = 20  # a list to pick from with the arrow keys; typing more narrows it
MAX_QUERY = 100


def _spellings(word: str) -> set[str]:
    # SQLite folds case for ASCII letters only: the usual spellings let «айгүл» find
    # «Айгүл» there too (PostgreSQL folds every letter).
    return {word, word.lower(), word.capitalize(), word.upper()}


def _words_q(text: str, fields: tuple[str, ...]) -> Q | None:
    words = text.split()[:5]
    if not words:
        return None
    q = Q()
    for word in words:
        any_field = Q()
        for spelling in _spellings(word):
            for field in fields:
                any_field |= Q(**{f"{field}__icontains": spelling})
        q &= any_field
    return q


def _answer(rows: list[dict], more: bool) -> JsonResponse:
    response = JsonResponse({"results": rows, "more": more})
    response["Cache-Control"] = "private, no-store"
    return response


def people_answer(request, people) -> JsonResponse:
    """{"results": [{"id", "text"}], "more"}: those of `people` whose name or login contains
    every word typed (`q`), by name; at most LIMIT. Other apps' pickers answer with this
    over the people their form accepts."""
    match = _words_q(request.GET.get("q", "")[:MAX_QUERY],
                     ("full_name", "username", "first_name", "last_name"))
    if match is None:
        return _answer([], False)
    found = list(people.filter(match)
                 .order_by("full_name", "username")
                 .values("pk", *Person.NAME_FIELDS)[:LIMIT + 1])
    rows = [{"id": p["pk"], "text": Person.name_of(*(p[f] for f in Person.NAME_FIELDS))}
            for p in found[:LIMIT]]
    return _answer(rows, len(found) > LIMIT)


@login_required
@require_GET
def people_search(request):
    """The people the person may name as responsible (`assignable_people`)."""
    return people_answer(request, assignable_people(request.user))


@login_required
@require_GET
def position_search(request):
    """The positions whose name (any language) or unit's name contains every word typed."""
    match = _words_q(request.GET.get("q", "")[:MAX_QUERY],
                     ("name", "name_ru", "name_en", "unit__name", "unit__name_ru",
                      "unit__name_en"))
    if match is None:
        return _answer([], False)
    found = list(positions_for_pickers().filter(match)[:LIMIT + 1])
    rows = [{"id": p.pk, "text": position_label(p)} for p in found[:LIMIT]]
    return _answer(rows, len(found) > LIMIT)
