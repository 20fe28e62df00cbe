"""Serializers for papers and the catalogue (venues, topics, organizations, awards).

Every write serializer runs the model's own validation (ModelCleanMixin), so a
value the database would refuse is a 400 naming the field, never a 500.
"""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.validators import UniqueTogetherValidator, UniqueValidator

from api.conflicts import conflict
from curation.authors import AmbiguousAuthor, AuthorEntry, resolve_author, set_authors
from curation.importers.validation import author_count_error
from curation.provenance import stamp_curated
from papers.models import Award, CitationYear, Paper, PaperLink, Topic, Venue
from papers.validators import MIN_YEAR, max_year
from pubdb.text import PrintableText
from researchers.models import Organization, Researcher


class PrintableCharField(serializers.CharField):
    """A CharField that refuses control characters: pubdb.text's rule, which every import door applies too."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(PrintableText("This field"))


class ModelCleanMixin:
    """Validate the would-be instance with the model's full_clean(): validators, clean() (which fills a blank
    slug as save() will), uniqueness, constraints. Text columns are PrintableCharFields."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: PrintableCharField,
        models.TextField: PrintableCharField,
    }

    def get_fields(self):
        """Without DRF's own unique checks: the model's (full_clean, below) find the same, and api.conflicts
        answers them with the 409 that names the record holding the value."""
        fields = super().get_fields()
        for field in fields.values():
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
        return fields

    def get_validators(self):
        return [v for v in super().get_validators() if not isinstance(v, UniqueTogetherValidator)]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.would_be(attrs)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            if taken := conflict(instance, self.context.get("view")):  # a DOI or slug another record has: 409
                raise taken from None
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return attrs

    def would_be(self, attrs):
        """The instance as this write would make it, unsaved."""
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance else model()
        concrete = {field.name for field in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        return instance


def slug_field(model, help_text, **kwargs):
    return serializers.SlugRelatedField(
        slug_field="slug",
        queryset=model.objects.all(),
        help_text=help_text,
        error_messages={"does_not_exist": f"No {model._meta.verbose_name} has the slug “{{value}}”."},
        **kwargs,
    )


class AuthorSerializer(serializers.Serializer):
    """One entry of a paper's ordered author list: read from an Authorship, written as a name and/or slug."""

    position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="1 for the first author; null outside a truncated list."
    )
    name = PrintableCharField(
        max_length=200, required=False, help_text="The name as printed on this paper (default: the researcher's name)."
    )
    researcher = serializers.SlugField(
        max_length=220,
        required=False,
        help_text="The researcher's slug. Without it, the name links the one researcher with that name or alias, "
        "or creates a new one.",
    )
    researcher_name = serializers.CharField(read_only=True, help_text="The researcher's usual name.")
    is_organization = serializers.BooleanField(
        read_only=True, help_text='A team or institution as author ("Ling Team"), printed as one name.'
    )
    equal_contribution = serializers.BooleanField(default=False)
    corresponding = serializers.BooleanField(default=False)

    def to_representation(self, authorship):
        return {
            "position": authorship.position,
            "name": authorship.display_name,
            "researcher": authorship.researcher.slug,
            "researcher_name": authorship.researcher.name,
            "is_organization": authorship.is_organization,
            "equal_contribution": authorship.equal_contribution,
            "corresponding": authorship.corresponding,
        }

    def validate(self, attrs):
        if not attrs.get("name") and not attrs.get("researcher"):
            raise serializers.ValidationError("Give the printed name, the researcher's slug, or both.")
        return attrs


class YearField(serializers.IntegerField):
    """A paper's year, MIN_YEAR to next year (papers/validators.py). Read whenever a serializer is made (DRF
    rebuilds declared fields per serializer), so the schema states what the server enforces this year."""

    def __init__(self, **kwargs):
        super().__init__(min_value=MIN_YEAR, max_value=max_year(), **kwargs)


class PaperLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = PaperLink
        fields = ["kind", "url", "label"]


class AwardSummarySerializer(serializers.ModelSerializer):
    conferred_by = serializers.CharField(read_only=True, help_text="Venue acronym or organization name.")

    class Meta:
        model = Award
        fields = ["id", "name", "kind", "year", "year_end", "place", "conferred_by"]


class VersionSerializer(serializers.Serializer):
    server = serializers.CharField(help_text='"arXiv", "bioRxiv"; empty for the published version.')
    identifier = serializers.CharField(help_text='"2401.12345v1", "doi:10.1101/…"; the published version\'s DOI.')
    date = serializers.CharField(help_text="ISO date, as precise as known; may be empty.")
    venue = serializers.CharField(required=False, help_text='The published version\'s: "ACL 2024".')
    url = serializers.CharField(help_text="Its page: arxiv.org/abs/…, doi.org/…; may be empty.")


class PaperSerializer(ModelCleanMixin, serializers.ModelSerializer):
    venue = slug_field(Venue, "The venue's slug; null for a preprint.", allow_null=True, required=False)
    venue_acronym = serializers.CharField(source="venue.acronym", read_only=True, allow_null=True)
    venue_name = serializers.CharField(source="venue.name", read_only=True, allow_null=True)
    venue_display = serializers.CharField(read_only=True, help_text='"ACL 2025 Findings", "Preprint 2024".')
    authors = AuthorSerializer(many=True, source="authorships", allow_empty=False, help_text="In order.")
    year = YearField(allow_null=True, required=False)
    topics = slug_field(Topic, "Topic slugs.", many=True, required=False)
    links = PaperLinkSerializer(many=True, required=False)
    awards = AwardSummarySerializer(many=True, read_only=True)
    categories = serializers.ListField(
        child=PrintableCharField(max_length=40), required=False, help_text='Subject categories: ["cs.CL"].'
    )
    versions = VersionSerializer(
        many=True,
        source="version_history",
        read_only=True,
        help_text="Earlier versions (arXiv v1, v3…) then the published one; empty for a paper known in one version.",
    )
    provenance = serializers.DictField(
        read_only=True,
        allow_null=True,
        help_text='Where each field came from, {"title": {"source": "crossref", "at": "…"}}: for curators; null '
        "for everyone else.",
    )

    class Meta:
        model = Paper
        fields = [
            "id",
            *Paper.BIBLIOGRAPHIC_FIELDS,
            "authors",
            "authors_truncated",
            "venue",
            "venue_acronym",
            "venue_name",
            "venue_display",
            "citation_count",
            "citation_source",
            "citation_as_of",
            "bibtex_key",
            "topics",
            "links",
            "awards",
            "versions",
            "provenance",
            "created",
            "updated",
        ]
        extra_kwargs = {
            "month": {"min_value": 1, "max_value": 12},
            "day": {"min_value": 1, "max_value": 31},
        }

    def validate_authors(self, entries):
        """Resolve every name now, without writing, so an unknown slug or an ambiguous name is a 400 per entry."""
        if too_many := author_count_error(len(entries)):  # before one query per name
            raise serializers.ValidationError(too_many)
        errors = []
        for entry in entries:
            try:
                researcher = resolve_author(entry.get("name", ""), entry.get("researcher", ""), create=False)
            except DjangoValidationError as error:  # AmbiguousAuthor names the candidates
                key = "name" if isinstance(error, AmbiguousAuthor) else "researcher"
                errors.append({key: error.messages})
                continue
            if researcher is not None:
                entry["researcher"] = researcher.slug
            errors.append({})
        if any(errors):
            raise serializers.ValidationError(errors)
        return entries

    def validate_links(self, links):
        keys = [(link["kind"], link["url"]) for link in links]
        if len(set(keys)) != len(keys):
            raise serializers.ValidationError("The same link is listed twice.")
        return links

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.curator:
            data["provenance"] = None
        return data

    @property
    def curator(self):
        """Whether the request's user curates papers (asked once per response: a list shares this serializer)."""
        if not hasattr(self, "_curator"):
            user = getattr(self.context.get("request"), "user", None)
            self._curator = bool(user and user.has_perm("papers.change_paper"))
        return self._curator

    def create(self, validated_data):  # the viewset wraps the whole write in one transaction
        related = self.pop_related(validated_data)
        paper = Paper(**validated_data)
        stamp_curated(paper, validated_data, self.context["request"].user)
        paper.save()
        self.save_related(paper, **related)
        return paper

    def update(self, instance, validated_data):
        related = self.pop_related(validated_data)
        changed = [name for name, value in validated_data.items() if getattr(instance, name) != value]
        for name, value in validated_data.items():
            setattr(instance, name, value)
        stamp_curated(instance, changed, self.context["request"].user)  # what the curator changed is theirs now
        instance.save()
        self.save_related(instance, **related)
        return instance

    def pop_related(self, validated_data):
        return {name: validated_data.pop(name, None) for name in ("authorships", "topics", "links")}

    def save_related(self, paper, *, authorships, topics, links):
        if authorships is not None:
            # Keep each researcher's own "selected" mark when the list is rewritten.
            selected = {a.researcher.slug for a in paper.authorships.select_related("researcher") if a.selected}
            entries = [
                AuthorEntry(
                    name=entry.get("name", ""),
                    researcher_slug=entry.get("researcher", ""),
                    position=position,
                    equal_contribution=entry.get("equal_contribution", False),  # no defaults in a PATCH
                    corresponding=entry.get("corresponding", False),
                    selected=entry.get("researcher", "") in selected,
                )
                for position, entry in enumerate(authorships, start=1)
            ]
            try:
                set_authors(paper, entries)
            except DjangoValidationError as error:  # a person listed twice, an invalid new name
                raise serializers.ValidationError({"authors": error.messages}) from None
        if topics is not None:
            paper.topics.set(topics)
        if links is not None:
            paper.links.all().delete()
            for link in links:
                PaperLink.objects.create(paper=paper, **link)


class CitationYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = CitationYear
        fields = ["year", "count", "source", "as_of"]


class PaperDetailSerializer(PaperSerializer):
    """One paper: its fields, its citations per year, and where its references and citing papers in pubdb are."""

    citations_by_year = CitationYearSerializer(
        many=True, read_only=True, source="citation_years", help_text="Citations received each year, oldest first."
    )
    references_url = serializers.HyperlinkedIdentityField(
        view_name="api:paper-references", help_text="The papers in pubdb this paper cites."
    )
    cited_by_url = serializers.HyperlinkedIdentityField(
        view_name="api:paper-cited-by", help_text="The papers in pubdb that cite this paper."
    )

    class Meta(PaperSerializer.Meta):
        fields = [*PaperSerializer.Meta.fields, "citations_by_year", "references_url", "cited_by_url"]


class VenueSerializer(ModelCleanMixin, serializers.ModelSerializer):
    paper_count = serializers.IntegerField(read_only=True, default=0, help_text="Papers in the database at this venue.")

    class Meta:
        model = Venue
        fields = ["slug", "acronym", "name", "kind", "publisher", "url", "paper_count"]
        extra_kwargs = {"slug": {"required": False}}


class TopicSerializer(ModelCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]
        extra_kwargs = {"slug": {"required": False}}


class OrganizationSerializer(ModelCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "short_name", "kind", "parent", "country", "url", "ror"]
        extra_kwargs = {"slug": {"required": False}}


class AwardSerializer(ModelCleanMixin, serializers.ModelSerializer):
    venue = slug_field(Venue, "Conferring venue's slug.", allow_null=True, required=False)
    paper = serializers.PrimaryKeyRelatedField(
        queryset=Paper.objects.all(), allow_null=True, required=False, help_text="The awarded paper's id."
    )
    paper_title = serializers.CharField(source="paper.title", read_only=True, allow_null=True)
    recipients = slug_field(
        Researcher, "Recipients' slugs; for a paper award the authors are implied.", many=True, required=False
    )
    conferred_by = serializers.CharField(read_only=True, help_text="Venue acronym or organization name.")

    class Meta:
        model = Award
        fields = [
            "id",
            "name",
            "kind",
            "year",
            "year_end",
            "place",
            "description",
            "venue",
            "organization",
            "conferred_by",
            "paper",
            "paper_title",
            "recipients",
        ]
