"""Filter backends of every endpoint: django-filter plus ordering with public names."""
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter


class AliasOrderingFilter(OrderingFilter):
    """`?ordering=-level` where the queryset orders by an annotation (`computed_level`).

    A view lists public names in `ordering_fields` and maps some of them to database
    expressions in `ordering_aliases`.
    """

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        aliases = getattr(view, "ordering_aliases", {})
        result = []
        for term in ordering or []:
            desc = term.startswith("-")
            name = term.lstrip("-")
            name = aliases.get(name, name)
            result.append(f"-{name}" if desc else name)
        # A stable order whatever the sort key, so pages never overlap.
        if result and "pk" not in result and "-pk" not in result:
            result.append("pk")
        return result


BACKENDS = [DjangoFilterBackend, AliasOrderingFilter]
