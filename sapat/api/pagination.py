from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 by default; `?page_size=` up to 1,000 (a whole unit's register)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
