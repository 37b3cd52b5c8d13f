"""The results page of the search box in the header."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import index, registry

MAX_QUERY = 200
FIRST = 10  # hits per kind on the results page
ALL = 100  # hits of one kind when the person asks for all of them


def clean_query(value: str | None) -> str:
    return " ".join((value or "").split())[:MAX_QUERY]


@login_required
def results(request):
    """What the person may read that matches `q`, grouped by kind, best first."""
    query = clean_query(request.GET.get("q"))
    kind = request.GET.get("kind") or ""
    if registry.provider(kind) is None:
        kind = ""
    groups = index.search(request.user, query, kinds=[kind] if kind else None,
                          limit=ALL if kind else FIRST) if query else []
    return render(request, "search/results.html", {
        "query": query, "search_query": query, "kind": kind, "groups": groups,
        "total": sum(g.total for g in groups),
        "title": _("Search"), "section": "search",
    })
