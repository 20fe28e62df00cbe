"""Researcher serializers: the list shape, and the profile with its sections for the detail."""

from django.urls import reverse
from rest_framework import serializers

from researchers.models import NewsItem, Organization, Position, Project, Researcher, Service, Talk

from .serializers import AwardSummarySerializer, ModelCleanMixin


class IdentifiersSerializer(serializers.ModelSerializer):
    class Meta:
        model = Researcher
        fields = ["orcid", "google_scholar", "semantic_scholar", "dblp", "openreview", "github"]


class MetricsSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="metrics_source", max_length=200, required=False, allow_blank=True)
    as_of = serializers.DateField(source="metrics_as_of", required=False, allow_null=True)

    class Meta:
        model = Researcher
        fields = ["citations", "h_index", "i10_index", "paper_count", "source", "as_of"]


class ResearcherSerializer(ModelCleanMixin, serializers.ModelSerializer):
    affiliation = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), allow_null=True, required=False, help_text="Organization id."
    )
    affiliation_name = serializers.CharField(source="affiliation.name", read_only=True, allow_null=True)
    aliases = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text="Other printed forms of the name."
    )
    interests = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    identifiers = IdentifiersSerializer(source="*", required=False)
    metrics = MetricsSerializer(source="*", required=False, help_text="A snapshot, with its source and date.")
    papers = serializers.SerializerMethodField(help_text="API URL of this researcher's papers.")

    class Meta:
        model = Researcher
        fields = [
            "slug",
            "name",
            "native_name",
            "is_organization",
            "aliases",
            "headline",
            "affiliation",
            "affiliation_name",
            "homepage",
            "interests",
            "identifiers",
            "metrics",
            "papers",
        ]
        extra_kwargs = {"slug": {"required": False}}

    def get_papers(self, researcher) -> str:
        path = reverse("api:researcher-papers", args=[researcher.slug])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PositionSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")
    period = serializers.CharField(source="period_display", help_text='"Sep 2021 – present".')
    advisors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Position
        fields = [
            "kind",
            "title",
            "organization",
            "unit",
            "start_year",
            "start_month",
            "end_year",
            "end_month",
            "current",
            "period",
            "advisors",
        ]


class LinkSerializer(serializers.Serializer):
    kind = serializers.CharField()
    url = serializers.URLField()
    label = serializers.CharField()


class NewsSerializer(serializers.ModelSerializer):
    date = serializers.CharField(source="date_display", help_text='"Jul 2025"; empty when undated.')

    class Meta:
        model = NewsItem
        fields = ["year", "month", "day", "date", "text"]


class TalkSerializer(serializers.ModelSerializer):
    date = serializers.CharField(source="date_display")
    links = LinkSerializer(many=True)

    class Meta:
        model = Talk
        fields = ["title", "host", "year", "month", "day", "date", "links"]


class ServiceSerializer(serializers.ModelSerializer):
    venue = serializers.CharField(source="venue.slug")
    venue_acronym = serializers.CharField(source="venue.acronym")
    years = serializers.CharField(source="years_display")

    class Meta:
        model = Service
        fields = ["role", "venue", "venue_acronym", "year_start", "year_end", "years"]


class ProjectSerializer(serializers.ModelSerializer):
    links = LinkSerializer(many=True)

    class Meta:
        model = Project
        fields = ["name", "description", "links"]


class ResearcherProfileSerializer(ResearcherSerializer):
    """The detail: the list fields plus the profile sections (read-only here; curated in the admin)."""

    bio = serializers.CharField(required=False, allow_blank=True, help_text="Markdown.")
    positions = PositionSerializer(many=True, read_only=True)
    news = NewsSerializer(many=True, read_only=True)
    talks = TalkSerializer(many=True, read_only=True)
    services = ServiceSerializer(many=True, read_only=True)
    projects = ProjectSerializer(many=True, read_only=True)
    awards = AwardSummarySerializer(
        source="profile_awards",
        many=True,
        read_only=True,
        default=list,
        help_text="Honours received and awards of their papers.",
    )

    class Meta(ResearcherSerializer.Meta):
        fields = ResearcherSerializer.Meta.fields + [
            "bio",
            "positions",
            "news",
            "talks",
            "services",
            "projects",
            "awards",
        ]
