from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from pubdb.forms import ListFieldsAdminMixin

from .models import (
    Alias,
    NewsItem,
    Organization,
    Position,
    Project,
    ProjectLink,
    Researcher,
    Service,
    Talk,
    TalkLink,
)


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0


class PositionInline(admin.StackedInline):
    model = Position
    extra = 0
    autocomplete_fields = ["organization", "advisors"]
    fields = [
        ("kind", "title"),
        ("organization", "unit"),
        ("start_year", "start_month", "end_year", "end_month", "current"),
        "advisors",
        "order",
    ]


class NewsItemInline(admin.TabularInline):
    model = NewsItem
    extra = 0
    fields = ["year", "month", "day", "text", "order"]


class TalkInline(admin.TabularInline):
    model = Talk
    extra = 0
    fields = ["title", "host", "year", "month", "day", "order"]
    show_change_link = True


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    autocomplete_fields = ["venue"]


class ProjectInline(admin.TabularInline):
    model = Project
    extra = 0
    show_change_link = True


@admin.register(Researcher)
class ResearcherAdmin(ListFieldsAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "native_name", "slug", "affiliation", "paper_total"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "native_name", "aliases__name", "slug", "orcid"]
    list_filter = ["affiliation"]
    autocomplete_fields = ["affiliation"]
    readonly_fields = ["created", "updated", "authorships_link"]
    inlines = [
        AliasInline,
        PositionInline,
        NewsItemInline,
        TalkInline,
        ServiceInline,
        ProjectInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "native_name", "slug", "headline", "affiliation", "photo"]}),
        ("About", {"fields": ["bio", "interests", "email", "homepage"]}),
        ("Identifiers", {"fields": ["orcid", "google_scholar", "semantic_scholar", "dblp", "openreview", "github"]}),
        (
            "Metrics snapshot",
            {
                "fields": ["citations", "h_index", "i10_index", "paper_count", "metrics_source", "metrics_as_of"],
                "description": "Used when per-paper citation counts are not known.",
            },
        ),
        ("Record", {"fields": ["authorships_link", "created", "updated"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_paper_total()

    @admin.display(description="authorships")
    def authorships_link(self, obj):
        """Where a curator selects authorships to move to another person (the homonym split)."""
        if not obj.pk:
            return "—"
        url = reverse("admin:papers_authorship_changelist") + f"?researcher__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{} authorships: select some to move them to another person</a>', url, obj.authorships.count()
        )

    @admin.display(description="papers", ordering="paper_total")
    def paper_total(self, obj):
        return obj.paper_total


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent", "country", "ror"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "ror"]
    autocomplete_fields = ["parent"]
    view_on_site = True


class TalkLinkInline(admin.TabularInline):
    model = TalkLink
    extra = 0


@admin.register(Talk)
class TalkAdmin(admin.ModelAdmin):
    list_display = ["title", "researcher", "host", "date_display"]
    list_select_related = ["researcher"]
    search_fields = ["title", "host", "researcher__name"]
    autocomplete_fields = ["researcher"]
    inlines = [TalkLinkInline]


class ProjectLinkInline(admin.TabularInline):
    model = ProjectLink
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "researcher"]
    list_select_related = ["researcher"]
    search_fields = ["name", "description", "researcher__name"]
    autocomplete_fields = ["researcher"]
    inlines = [ProjectLinkInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["researcher", "kind", "title", "organization", "period_display"]
    list_select_related = ["researcher", "organization"]
    list_filter = ["kind"]
    search_fields = ["researcher__name", "organization__name", "title"]
    autocomplete_fields = ["researcher", "organization", "advisors"]


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["researcher", "date_display", "text"]
    list_select_related = ["researcher"]
    search_fields = ["text", "researcher__name"]
    autocomplete_fields = ["researcher"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["researcher", "role", "venue", "years_display"]
    list_select_related = ["researcher", "venue"]
    list_filter = ["role"]
    search_fields = ["researcher__name", "venue__acronym"]
    autocomplete_fields = ["researcher", "venue"]
