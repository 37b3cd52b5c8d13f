from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 by default; `?page_size=` up to 1,000 (a whole unit's register)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        props = described["properties"]
        props["count"]["description"] = _("How many records match, on all pages.")
        props["next"]["description"] = _("The address of the next page, or null.")
        props["previous"]["description"] = _("The address of the previous page, or null.")
        props["results"]["description"] = _("The records of this page.")
        return described
