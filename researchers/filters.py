"""The researcher filters shared by the directory page (/researchers/) and the API's researcher list."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pubdb.filters import FilterSet, IntegerFilter

from .models import Organization, Researcher


def organization_tree(pk):
    """The organization `pk` with its groups and labs; no organization, no one (an unknown id matches nobody)."""
    organization = Organization.objects.filter(pk=pk).first()
    return organization.with_units() if organization else []


class ResearcherFilter(FilterSet):
    organization = IntegerFilter(
        field_name="affiliation__id",
        label=_("Organization"),
        help_text="The current affiliation's organization id, as `affiliation` in the results.",
    )
    member_of = IntegerFilter(
        method="filter_member_of",
        label=_("Member of"),
        help_text="An organization id: its members now and past (positions or affiliation), its groups' included.",
    )
    coauthor_of = IntegerFilter(
        method="filter_coauthor_of",
        label=_("Co-author of"),
        help_text="An organization id: people who wrote with its members and are not members themselves.",
    )
    affiliation = filters.CharFilter(
        method="filter_affiliation",
        label=_("Affiliation"),
        help_text="Part of the current affiliation's name, or its short name (BIT).",
    )

    class Meta:
        model = Researcher
        fields: list[str] = []

    def filter_member_of(self, queryset, name, value: int):  # the hint types it in the OpenAPI schema
        return queryset.members_of(organization_tree(value))

    def filter_coauthor_of(self, queryset, name, value: int):
        return queryset.coauthors_outside(organization_tree(value))

    def filter_affiliation(self, queryset, name, value):
        return queryset.filter(Q(affiliation__name__icontains=value) | Q(affiliation__short_name__iexact=value))
