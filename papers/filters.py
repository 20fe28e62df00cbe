"""The paper filters: one vocabulary for the /papers/ page, a profile's list (page and embed) and the API.

Old spellings stay aliases: a profile's `start`/`end` for `year_min`/`year_max`, and a checkbox's
`awarded=on` for `awarded=true`.
"""

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from pubdb.filters import BooleanFilter, FilterSet

from .models import Authorship, Paper, Venue
from .validators import MIN_YEAR, max_year, validate_year


class YearField(forms.IntegerField):
    """A year the server accepts (papers/validators.py); the bound is checked when the value is, not fixed at import."""

    default_validators = [validate_year]
    widget = forms.NumberInput(attrs={"inputmode": "numeric"})

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": MIN_YEAR, "max": max_year()}


class YearFilter(filters.NumberFilter):
    field_class = YearField


class SlugFilter(filters.CharFilter):
    """A slug, checked as one: `topic=<x>` is an error to report, not a filter that matches nothing."""

    field_class = forms.SlugField


class PaperFilter(FilterSet):
    aliases = {"start": "year_min", "end": "year_max"}  # the profile's former names

    year = YearFilter(field_name="year", label=_("Year"), help_text="Published in this year.")
    year_min = YearFilter(
        field_name="year", lookup_expr="gte", label=_("From year"), help_text="Published in or after this year."
    )
    year_max = YearFilter(
        field_name="year", lookup_expr="lte", label=_("To year"), help_text="Published in or before this year."
    )
    venue = filters.CharFilter(
        method="filter_venue", label=_("Venue"), help_text="Venue slug or acronym (case-insensitive)."
    )
    topic = SlugFilter(field_name="topics__slug", label=_("Topic"), help_text="Topic slug.")
    track = filters.CharFilter(
        field_name="track",
        lookup_expr="iexact",
        label=_("Track"),
        help_text='"Findings", "Main"... (case-insensitive).',
    )
    status = filters.ChoiceFilter(choices=Paper.Status.choices, empty_label=_("Any status"), label=_("Status"))
    kind = filters.ChoiceFilter(choices=Paper.Kind.choices, empty_label=_("Any kind"), label=_("Kind"))
    awarded = BooleanFilter(
        method="filter_awarded", label=_("Awarded"), help_text="true: papers with an award; false: without."
    )
    author = SlugFilter(
        field_name="authorships__researcher__slug", label=_("Author"), help_text="An author's researcher slug."
    )
    first_author = SlugFilter(
        method="filter_first_author",
        label=_("First author"),
        help_text="A researcher's slug: the papers they are a first author of, co-first (equal contribution) included.",
    )
    doi = filters.CharFilter(
        field_name="doi", lookup_expr="iexact", label=_("DOI"), help_text="DOI, e.g. 10.18653/v1/2023.acl-long.1."
    )
    arxiv = filters.CharFilter(
        field_name="arxiv_id", lookup_expr="iexact", label=_("arXiv id"), help_text="arXiv id, e.g. 2406.06484."
    )

    class Meta:
        model = Paper
        fields: list[str] = []

    def filter_venue(self, queryset, name, value):
        # The venues first: an OR across the join could use no index of papers and would filter them all.
        return queryset.filter(venue__in=Venue.objects.filter(Q(slug=value) | Q(acronym__iexact=value)))

    def filter_first_author(self, queryset, name, value):
        return queryset.filter(
            Exists(Authorship.objects.first_authors().filter(paper=OuterRef("pk"), researcher__slug=value))
        )

    def filter_awarded(self, queryset, name, value):
        return queryset.awarded() if value else queryset.not_awarded()


class ProfilePaperFilter(PaperFilter):
    """A profile's list: the paper filters, and the profile owner's first-authored or selected papers."""

    first = BooleanFilter(method="filter_first", label=_("First-authored"), help_text="The owner is the first author.")
    selected = BooleanFilter(method="filter_selected", label=_("Selected"), help_text="The owner selected the paper.")

    def __init__(self, data=None, *args, researcher, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.researcher = researcher

    def filter_first(self, queryset, name, value):
        return self._owners(queryset, value, Authorship.objects.first_authors())

    def filter_selected(self, queryset, name, value):
        return self._owners(queryset, value, Authorship.objects.filter(selected=True))

    def _owners(self, queryset, value, authorships):
        mine = Exists(authorships.filter(paper=OuterRef("pk"), researcher=self.researcher))
        return queryset.filter(mine) if value else queryset.exclude(mine)
