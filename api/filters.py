"""Query parameters of the list endpoints: the shared FilterSets (papers/filters.py, researchers/filters.py)
with the API's own ordering and `name=`, `search=` through papers/search.py, and no parameter unknown."""

import django_filters as filters
from django.db.models import F
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.settings import api_settings

import papers.filters
import researchers.filters
from papers import search
from papers.models import Award, Venue
from pubdb.filters import FilterSet, IntegerFilter


class PaperOrdering(filters.OrderingFilter):
    """year / title / citations, `-` for descending; unknown values last; ties broken by id."""

    def filter(self, qs, value):
        if not value:
            return qs
        order = []
        for param in value:
            name = param.lstrip("-")
            if name not in self.param_map:  # empty items such as "ordering=," or a bare "-"
                continue
            field = F(self.param_map[name])
            order.append(field.desc(nulls_last=True) if param.startswith("-") else field.asc(nulls_last=True))
        return qs.order_by(*order, "id") if order else qs


class PaperFilter(papers.filters.PaperFilter):
    ordering = PaperOrdering(
        fields=(("year", "year"), ("title", "title"), ("citation_count", "citations")),
        help_text="year, title or citations; prefix - for descending. Default: newest first (search: best match).",
    )


class ProfileOrdering(PaperOrdering):
    """A researcher's papers also in the order the owner set on their profile (`profile`: unordered last,
    newest first), the one rule of the page and the exports (PaperQuerySet.in_profile_order)."""

    def filter(self, qs, value):
        return qs.in_profile_order() if value and list(value) == ["profile"] else super().filter(qs, value)


class ResearcherPaperFilter(PaperFilter):
    ordering = ProfileOrdering(
        fields=(("year", "year"), ("title", "title"), ("citation_count", "citations"), ("profile", "profile")),
        help_text="year, title or citations (prefix - for descending), or profile: the owner's order. "
        "Default: newest first (search: best match).",
    )


class ResearcherFilter(researchers.filters.ResearcherFilter):
    name = filters.CharFilter(method="filter_name", help_text="Part of the name, native name or an alias.")

    def filter_name(self, queryset, name, value):
        return search.researchers_containing(queryset, value)


class VenueFilter(FilterSet):
    kind = filters.ChoiceFilter(choices=Venue.Kind.choices)


class AwardFilter(FilterSet):
    year = IntegerFilter(field_name="year")
    kind = filters.ChoiceFilter(choices=Award.Kind.choices)
    venue = papers.filters.SlugFilter(field_name="venue__slug", help_text="Conferring venue's slug.")
    recipient = papers.filters.SlugFilter(field_name="recipients__slug", help_text="A recipient's researcher slug.")
    paper = IntegerFilter(field_name="paper__id", help_text="The awarded paper's id.")


class SearchBackend(BaseFilterBackend):
    """`search=`: the site's search (papers/search.py), chosen by the view's `search_function`."""

    param = "search"

    def filter_queryset(self, request, queryset, view):
        text = search.clean_query(request.query_params.get(self.param, "").replace("\x00", ""))
        return view.search_function(queryset, text) if text else queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "Words to search for, as on the site's search page.",
                "schema": {"type": "string"},
            }
        ]


class KnownParameters(BaseFilterBackend):
    """A list's parameter that none of its filters, search, pages or formats reads is a 400 naming it:
    `?yaer=2024` must not quietly list every row."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        known = self.parameters(view)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            message = f"Unknown parameter. This list takes: {', '.join(sorted(known))}."
            raise ValidationError({name: [message] for name in unknown})
        return queryset

    @staticmethod
    def parameters(view):
        filterset_class = getattr(view, "filterset_class", None)
        paginator = getattr(view, "paginator", None)
        return {
            api_settings.URL_FORMAT_OVERRIDE,
            *getattr(view, "query_parameters", ()),
            *(filterset_class.parameters() if filterset_class else ()),
            *(backend.param for backend in view.filter_backends if issubclass(backend, SearchBackend)),
            *(p["name"] for p in (paginator.get_schema_operation_parameters(view) if paginator else ())),
        }
