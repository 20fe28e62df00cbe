"""Query parameters of the list endpoints (django-filter), and `search=` through papers/search.py."""

import django_filters as filters
from django import forms
from django.db.models import F, Q
from rest_framework.filters import BaseFilterBackend

from papers import search
from papers.models import Award, Paper, Venue


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is an error rather than silently no filter."""

    widget = forms.TextInput  # the default select maps unknown values to "no filter" before validation
    values = {"": None, "true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        text = (value or "").strip().lower()
        if text not in self.values:
            raise forms.ValidationError("Enter true or false.", code="invalid")
        return self.values[text]


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


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


class PaperFilter(filters.FilterSet):
    year = IntegerFilter(field_name="year", help_text="Published in this year.")
    year_min = IntegerFilter(field_name="year", lookup_expr="gte", help_text="Published in or after this year.")
    year_max = IntegerFilter(field_name="year", lookup_expr="lte", help_text="Published in or before this year.")
    venue = filters.CharFilter(method="filter_venue", help_text="Venue slug or acronym (case-insensitive).")
    author = filters.CharFilter(field_name="authorships__researcher__slug", help_text="An author's researcher slug.")
    topic = filters.CharFilter(field_name="topics__slug", help_text="Topic slug.")
    status = filters.ChoiceFilter(choices=Paper.Status.choices)
    kind = filters.ChoiceFilter(choices=Paper.Kind.choices)
    awarded = BooleanFilter(method="filter_awarded", help_text="true: papers with an award; false: without.")
    doi = filters.CharFilter(field_name="doi", lookup_expr="iexact", help_text="DOI, e.g. 10.18653/v1/2023.acl-long.1.")
    arxiv = filters.CharFilter(field_name="arxiv_id", lookup_expr="iexact", help_text="arXiv id, e.g. 2406.06484.")
    ordering = PaperOrdering(
        fields=(("year", "year"), ("title", "title"), ("citation_count", "citations")),
        help_text="year, title or citations; prefix - for descending. Default: newest first (search: best match).",
    )

    class Meta:
        model = Paper
        fields = []

    def filter_venue(self, queryset, name, value):
        # The venues first: an OR across the join could use no index of papers and would filter them all.
        return queryset.filter(venue__in=Venue.objects.filter(Q(slug=value) | Q(acronym__iexact=value)))

    def filter_awarded(self, queryset, name, value):
        return queryset.awarded() if value else queryset.not_awarded()


class ResearcherFilter(filters.FilterSet):
    name = filters.CharFilter(method="filter_name", help_text="Part of the name, native name or an alias.")
    affiliation = filters.CharFilter(
        method="filter_affiliation", help_text="Part of the current affiliation's name, or its short name (BIT)."
    )

    def filter_name(self, queryset, name, value):
        return search.researchers_containing(queryset, value)

    def filter_affiliation(self, queryset, name, value):
        return queryset.filter(Q(affiliation__name__icontains=value) | Q(affiliation__short_name__iexact=value))


class VenueFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Venue.Kind.choices)


class AwardFilter(filters.FilterSet):
    year = IntegerFilter(field_name="year")
    kind = filters.ChoiceFilter(choices=Award.Kind.choices)
    venue = filters.CharFilter(field_name="venue__slug", help_text="Conferring venue's slug.")
    recipient = filters.CharFilter(field_name="recipients__slug", help_text="A recipient's researcher slug.")
    paper = IntegerFilter(field_name="paper_id", help_text="The awarded paper's id.")


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
