"""`GET /api/v1/search/?q=…`: the search box of the screens, for scripts.

The same index, the same scoping (each app's own scoped queryset, see
`sapat.search.registry`) and the same grouping as the results page: kinds in the menu's
order, each with its total and its best hits. A caller who may read nothing anywhere gets
403, as for exports.
"""
from __future__ import annotations

import html

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sapat.org.access import Action, may_anywhere
from sapat.search import index, registry
from sapat.search.views import ALL, FIRST, MAX_QUERY

from .base import ThrottleAnonymousFirst
from .fields import DescribedFieldsMixin


class SearchRequest(DescribedFieldsMixin, serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY, help_text=_("Words to find."))
    kind = serializers.ChoiceField(
        choices=[], required=False,
        help_text=_("Only records of this kind (risk, measure, process…)."))
    limit = serializers.IntegerField(min_value=1, max_value=ALL, default=FIRST,
                                     help_text=_("Hits per kind."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [p.key for p in registry.providers()]


class HitSerializer(DescribedFieldsMixin, serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(help_text=_("The record's page; empty when it has none."))
    context = serializers.CharField()
    snippet = serializers.CharField(help_text=_("Text around the first word found."))


class GroupSerializer(DescribedFieldsMixin, serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    total = serializers.IntegerField(help_text=_("Every record of this kind found."))
    hits = HitSerializer(many=True)


class SearchResultSerializer(DescribedFieldsMixin, serializers.Serializer):
    query = serializers.CharField()
    groups = GroupSerializer(many=True)


class SearchView(ThrottleAnonymousFirst, APIView):
    """Find records the caller may read, grouped by kind, best first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[SearchRequest],
        responses={
            200: SearchResultSerializer,
            400: OpenApiResponse(description=str(_("No words to find, or a wrong kind."))),
            403: OpenApiResponse(description=str(_("You may read no unit's records."))),
        },
    )
    def get(self, request):
        if not may_anywhere(request.user, Action.READ):
            raise PermissionDenied
        incoming = SearchRequest(data=request.query_params)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        query = " ".join(data["q"].split())
        kind = data.get("kind")
        groups = index.search(request.user, query, kinds=[kind] if kind else None,
                              limit=data["limit"])
        return Response(SearchResultSerializer({"query": query, "groups": [{
            "kind": g.key, "label": str(g.label), "total": g.total,
            "hits": [{"title": h.title, "url": h.url, "context": h.context,
                      "snippet": html.unescape(strip_tags(h.snippet))} for h in g.hits],
        } for g in groups]}).data)
