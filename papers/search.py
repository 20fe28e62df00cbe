"""Site search, shared by the /search/ page and the API's `search=` parameter.

PostgreSQL: full-text search over titles (weight A) and abstracts (weight B),
ranked, plus substring matches so CJK and partial words still hit. Other
databases: every word must appear, title matches first.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When

MAX_QUERY_LENGTH = 200


def clean_query(text):
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def _all_words(fields, text):
    """Q requiring every word of `text` to occur in at least one of `fields`."""
    condition = Q()
    for word in text.split():
        condition &= Q.create([(f"{field}__icontains", word) for field in fields], connector=Q.OR)
    return condition


def search_papers(queryset, text):
    text = clean_query(text)
    if not text:
        return queryset.none()
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config="english") + SearchVector(
            "abstract", weight="B", config="english"
        )
        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            # Match with @@: ts_rank gives non-matching rows 1e-20, so "rank > 0" kept every paper.
            queryset.alias(document=vector)
            .filter(Q(document=query) | Q(title__icontains=text))
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-year", "id")
        )
    return (
        queryset.filter(_all_words(["title", "abstract"], text))
        .annotate(
            rank=Case(When(_all_words(["title"], text), then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("-rank", "-year", "id")
    )


def search_researchers(queryset, text):
    text = clean_query(text)
    if not text:
        return queryset.none()
    matching = queryset.model.objects.filter(_all_words(["name", "native_name", "aliases__name"], text))
    return queryset.filter(pk__in=matching.values("pk")).order_by("name", "slug")


def search_venues(queryset, text):
    text = clean_query(text)
    if not text:
        return queryset.none()
    return queryset.filter(_all_words(["acronym", "name"], text)).order_by("acronym")


def search_topics(queryset, text):
    text = clean_query(text)
    if not text:
        return queryset.none()
    return queryset.filter(_all_words(["name", "description"], text)).order_by("name")


def search_organizations(queryset, text):
    text = clean_query(text)
    if not text:
        return queryset.none()
    return queryset.filter(_all_words(["name", "short_name"], text)).order_by("name")


def search_awards(queryset, text):
    """Awards by their name, place or conferring venue or body."""
    text = clean_query(text)
    if not text:
        return queryset.none()
    fields = ["name", "place", "venue__acronym", "organization__name", "organization__short_name"]
    return queryset.filter(_all_words(fields, text)).order_by("-year", "name", "id")
