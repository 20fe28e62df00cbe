"""Page numbers for browsing, a cursor for walking a whole result set at constant cost per page."""

import re

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, CursorPagination, PageNumberPagination

MAX_PAGE_SIZE = 100


class StrictPageSize:
    """`page_size` is a whole number from 1 (larger ones are capped) or empty for the default; anything else is
    a 400, not the default."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param)
        if not text:
            return self.page_size
        if not (text.isascii() and text.isdigit()) or int(text) < 1:
            raise ValidationError({self.page_size_query_param: ["Enter a whole number of at least 1."]})
        return min(int(text), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


class PagePagination(StrictPageSize, PageNumberPagination):
    page_size_query_description = f"Results per page, at most {MAX_PAGE_SIZE} (larger values are capped)."


class IdCursorPagination(StrictPageSize, CursorPagination):
    # Ascending primary key: an index range scan per page, and rows added during a walk come at its end.
    ordering = ("id",)
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
        page = request.query_params.get("page", "")
        if "cursor" in request.query_params and page and page != "last" and not re.fullmatch(r"-?[0-9]+", page):
            # Cursor mode does not use it, but a page that is no number is still the client's error.
            raise ValidationError({"page": ["Enter a page number or “last”."]})
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
