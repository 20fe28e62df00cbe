from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pubdb.forms import ListFieldsAdminMixin

from .models import Authorship, Award, Paper, PaperLink, ProfileTopic, Topic, Venue


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    autocomplete_fields = ["researcher"]
    fields = [
        "position",
        "researcher",
        "printed_name",
        "equal_contribution",
        "corresponding",
        "selected",
        "highlighted",
    ]
    ordering = ["position"]


class PaperLinkInline(admin.TabularInline):
    model = PaperLink
    extra = 0


class AwardInline(admin.StackedInline):  # six columns would not fit a 1,280 px window beside the navigation
    model = Award
    extra = 0
    fields = [("name", "kind"), ("year", "place"), ("venue", "organization")]
    autocomplete_fields = ["venue", "organization"]


@admin.register(Paper)
class PaperAdmin(ListFieldsAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "venue", "year", "track", "status", "author_total"]
    list_select_related = ["venue"]
    list_filter = ["year", "status", "kind", "venue", "topics"]
    search_fields = ["title", "doi", "arxiv_id", "authorships__printed_name", "authorships__researcher__name"]
    autocomplete_fields = ["venue", "topics"]
    readonly_fields = ["created", "updated"]
    inlines = [AuthorshipInline, PaperLinkInline, AwardInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "kind", "status", "venue", "track", ("year", "month", "day"), "authors_truncated"]},
        ),
        ("Content", {"fields": ["abstract", "topics", "categories"]}),
        ("Identifiers", {"fields": ["doi", "arxiv_id", "bibtex_key"]}),
        ("Publication details", {"fields": ["pages", "volume", "number", "publisher"], "classes": ["collapse"]}),
        ("Citations", {"fields": ["citation_count", "citation_source", "citation_as_of"], "classes": ["collapse"]}),
        ("Record", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_author_total()

    @admin.display(description="authors", ordering="author_total")
    def author_total(self, obj):
        return obj.author_total


@admin.register(Venue)
class VenueAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "kind", "publisher", "paper_total"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name", "slug"]
    prepopulated_fields = {"slug": ["acronym"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_paper_count()

    @admin.display(description="papers", ordering="paper_count")
    def paper_total(self, obj):
        return obj.paper_count


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "year", "paper"]
    list_select_related = ["venue", "organization", "paper"]
    list_filter = ["kind", "year"]
    search_fields = ["name", "paper__title", "recipients__name", "venue__acronym", "organization__name"]
    autocomplete_fields = ["venue", "organization", "paper", "recipients"]


@admin.register(Authorship)
class AuthorshipAdmin(SimpleHistoryAdmin):
    list_display = ["paper", "position", "researcher", "printed_name", "equal_contribution", "selected"]
    list_select_related = ["paper", "researcher"]
    list_filter = ["equal_contribution", "corresponding", "selected"]
    search_fields = ["paper__title", "researcher__name", "printed_name"]
    autocomplete_fields = ["paper", "researcher"]


@admin.register(ProfileTopic)
class ProfileTopicAdmin(admin.ModelAdmin):
    list_display = ["researcher", "topic", "position"]
    list_select_related = ["researcher", "topic"]
    autocomplete_fields = ["researcher", "topic"]
