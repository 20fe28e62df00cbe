"""Page numbers for browsing, a cursor for walking a whole result set at constant cost per page."""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, CursorPagination, PageNumberPagination

MAX_PAGE_SIZE = 100


class PagePagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = f"Results per page, at most {MAX_PAGE_SIZE} (larger values are capped)."


class IdCursorPagination(CursorPagination):
    # Ascending primary key: an index range scan per page, and rows added during a walk come at its end.
    ordering = ("id",)
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    cursor_query_description = (
        "Cursor mode: pass an empty `cursor=` to start, then follow `next`. "
        "Walks in ascending id order (ignores `ordering` and search ranking); no `count`."
    )

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor and cursor.position is not None and not cursor.position.isdigit():
            raise NotFound(self.invalid_cursor_message)  # a forged position would be a 500 in the id lookup
        return cursor


class PageOrCursorPagination(BasePagination):
    """Page-number pagination, or cursor pagination when the request has a `cursor` parameter."""

    def __init__(self):
        self.page_mode = PagePagination()
        self.cursor_mode = IdCursorPagination()
        self.active = self.page_mode

    def paginate_queryset(self, queryset, request, view=None):
        self.active = self.cursor_mode if "cursor" in request.query_params else self.page_mode
        return self.active.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.active.get_paginated_response(data)

    def get_next_link(self):
        return self.active.get_next_link()

    def get_previous_link(self):
        return self.active.get_previous_link()

    def to_html(self):
        return self.active.to_html()

    @property
    def display_page_controls(self):
        return getattr(self.active, "display_page_controls", False)

    def get_paginated_response_schema(self, schema):
        response = self.page_mode.get_paginated_response_schema(schema)
        response["required"] = ["next", "previous", "results"]
        response["properties"]["count"]["description"] = "Total number of results; absent in cursor mode."
        return response

    def get_schema_operation_parameters(self, view):
        return self.page_mode.get_schema_operation_parameters(view) + [
            self.cursor_mode.get_schema_operation_parameters(view)[0]
        ]
