"""The researcher filters shared by the directory page (/researchers/) and the API's researcher list."""

import django_filters as filters
from django.db.models import Q

from pubdb.filters import FilterSet, IntegerFilter

from .models import Researcher


class ResearcherFilter(FilterSet):
    organization = IntegerFilter(
        field_name="affiliation__id",
        label="Organization",
        help_text="The current affiliation's organization id, as `affiliation` in the results.",
    )
    affiliation = filters.CharFilter(
        method="filter_affiliation",
        label="Affiliation",
        help_text="Part of the current affiliation's name, or its short name (BIT).",
    )

    class Meta:
        model = Researcher
        fields: list[str] = []

    def filter_affiliation(self, queryset, name, value):
        return queryset.filter(Q(affiliation__name__icontains=value) | Q(affiliation__short_name__iexact=value))
