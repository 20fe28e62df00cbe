"""Site search, shared by the /search/ page and the API's `search=` parameter, and the name autocomplete.

Papers: every word of the query must occur, stemmed ("distillation" finds "Distilling"), in the title, the
abstract or an author's name (as printed, name, native name or alias), so "Songming Zhang distillation"
narrows to that person's papers on distillation; titles rank above abstracts above authors. Titles also
match the query as a substring, so part of a CJK title still hits. The index, kept in step by triggers
(migration papers 0007): on PostgreSQL the stored, GIN-indexed `search_vector` column (trigram index for
the substring); on SQLite the FTS5 table `paper_search` (porter tokenizer).
People and venues match by substring through trigram indexes
(migration researchers 0003); the autocomplete keeps the names whose trigram
word similarity to the typed text passes pg_trgm's threshold or that contain
it (the same GIN indexes) and ranks them by that similarity.
Other lists (people, venues, ...): every word must appear in one of their fields; a comma separates words
too, so "Zhang, Chen" finds Chen Zhang.
"""

import json
import re

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField, TrigramWordSimilarity
from django.db import connection
from django.db.models import Expression, FloatField, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper

MAX_QUERY_LENGTH = 200
AUTOCOMPLETE_LIMIT = 10
# The site search ranks at most this many best candidates (25 pages of 20), like large search engines do; past
# it the number of matches is the planner's estimate ("about 12,000").
SEARCH_CANDIDATES = 500


class PaperSearchVector(Expression):
    """The papers table's stored tsvector column, which the model does not declare (PostgreSQL only)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.search_vector", []


class PaperSearchDistance(Expression):
    """PostgreSQL: `search_vector <=> query`, the RUM index's ordering operator (migration papers 0012): an
    ORDER BY on it with a LIMIT reads the best matches from the index without ranking the others."""

    output_field = FloatField()

    def __init__(self, query):
        super().__init__()
        self.query = query

    def as_sql(self, compiler, connection):
        vector, _ = compiler.compile(PaperSearchVector())
        query, params = compiler.compile(self.query)
        return f"{vector} <=> {query}", params


class PaperMatchRank(Expression):
    """SQLite: how well the paper matches an FTS5 query, higher is better, 0 when it does not (bm25 weights:
    title 10, abstract 4, authors 2)."""

    output_field = FloatField()

    def __init__(self, match):
        super().__init__()
        self.match = match

    def as_sql(self, compiler, connection):
        if not self.match:  # nothing to match (punctuation only): the title substring alone decides
            return "0", []
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        rank = "SELECT -bm25(paper_search, 10.0, 4.0, 2.0) FROM paper_search WHERE paper_search MATCH %s"
        return f"coalesce(({rank} AND rowid = {table}.id), 0)", [self.match]


def clean_query(text):
    # NUL cannot go into a PostgreSQL string literal; no name or title contains one.
    return " ".join((text or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def _all_words(fields, text):
    """Q requiring every word of `text` to occur in at least one of `fields`."""
    condition = Q()
    for word in text.replace(",", " ").split():
        condition &= Q.create([(f"{field}__icontains", word) for field in fields], connector=Q.OR)
    return condition


def search_papers(queryset, text, *, top=None):
    """The papers matching `text`, best first. With `top` (PostgreSQL), only the `top` best candidates by the
    search index's own order, and the first `top` title substring matches, are ranked and returned: a common
    term matches thousands of papers, and ranking each one is what a search page cost."""
    text = clean_query(text)
    if not text:
        return queryset.none()
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config="english")
        if top:
            model = queryset.model
            best = model.objects.alias(vector=PaperSearchVector()).filter(vector=query)
            best = best.order_by(PaperSearchDistance(query)).values("pk")[:top]
            by_title = model.objects.filter(title__icontains=text).order_by().values("pk")[:top]
            # Candidates match by construction. One set of ids (a union), so the page's rows are fetched by
            # primary key: an OR of two IN lists, or the match tested again, made PostgreSQL scan the table.
            queryset = queryset.filter(pk__in=best.union(by_title))
        else:
            queryset = queryset.alias(vector=PaperSearchVector()).filter(Q(vector=query) | Q(title__icontains=text))
        return queryset.annotate(rank=SearchRank(PaperSearchVector(), query)).order_by("-rank", "-year", "id")
    # Each word a quoted FTS5 string, all required: what the visitor typed is never FTS5 syntax.
    match = " ".join(f'"{word}"' for word in re.findall(r"\w+", text))
    condition = Q(title__icontains=text)
    if match:
        condition |= Q(pk__in=RawSQL("SELECT rowid FROM paper_search WHERE paper_search MATCH %s", [match]))
    return queryset.filter(condition).annotate(rank=PaperMatchRank(match)).order_by("-rank", "-year", "id")


def _whole_text(fields, text):
    """Q requiring `text`, as it is, to occur in at least one of `fields`."""
    return Q.create([(f"{field}__icontains", text) for field in fields], connector=Q.OR)


def _researchers_matching(model, text, condition=_all_words):
    """Ids of people whose name, native name or one alias meets `condition` (each an indexable filter).

    A union, not one filter across the alias join: an OR spanning two tables cannot use either's index.
    """
    from researchers.models import Alias

    by_name = model.objects.filter(condition(["name"], text) | condition(["native_name"], text)).order_by()
    by_alias = Alias.objects.filter(condition(["name"], text)).order_by()
    return by_name.values("pk").union(by_alias.values("researcher_id"))


def search_researchers(queryset, text):
    text = clean_query(text)
    if not text:
        return queryset.none()
    return queryset.filter(pk__in=_researchers_matching(queryset.model, text)).order_by("name", "slug")


def researchers_containing(queryset, text):
    """People whose name, native name or one alias contains `text` as typed (the API's `name=` filter)."""
    return queryset.filter(pk__in=_researchers_matching(queryset.model, text, _whole_text))


def autocomplete_researchers(queryset, text, limit=AUTOCOMPLETE_LIMIT):
    """The `limit` people whose name, native name or alias best matches what has been typed so far."""
    text = clean_query(text)
    if not text:
        return queryset.none()
    if connection.vendor != "postgresql":
        return list(search_researchers(queryset, text)[:limit])
    from researchers.models import Alias

    typed = text.upper()

    def nearest(model, field, key="pk"):
        similarity = TrigramWordSimilarity(typed, Upper(field))
        # Similar words tolerate typos; the substring catches part of a CJK name, whose words have too few
        # trigrams to be similar. Under 3 characters a substring has no trigram and would scan the whole index.
        condition = Q(TrigramWordSimilar(Upper(field), typed))
        if len(text) >= 3:
            condition |= Q(**{f"{field}__icontains": text})
        matches = model.objects.filter(condition)
        return (
            matches.annotate(similarity=similarity).order_by("-similarity", key).values_list(key, "similarity")[:limit]
        )

    candidates = nearest(queryset.model, "name").union(
        nearest(queryset.model, "native_name"), nearest(Alias, "name", "researcher_id"), all=True
    )
    best: dict[int, float] = {}
    for pk, similarity in candidates:
        best[pk] = max(similarity, best.get(pk, 0.0))
    ranked = sorted(best, key=lambda pk: (-best[pk], pk))[:limit]
    people = queryset.in_bulk(ranked)
    return [people[pk] for pk in ranked if pk in people]


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


def about_total(queryset, text, counted):
    """For a search cut at SEARCH_CANDIDATES: None when `counted` is the whole answer, else the estimated
    number of all the papers matching `text` in `queryset` ("about 12,000 results")."""
    if counted < SEARCH_CANDIDATES or connection.vendor != "postgresql":
        return None
    return max(counted, estimated_count(search_papers(queryset, text)))


def estimated_count(queryset):
    """The planner's estimate of the number of rows of `queryset` (PostgreSQL), rounded to two significant
    digits as an estimate should be shown; one EXPLAIN, which reads no rows."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    rows = int((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])
    return int(float(f"{rows:.2g}"))
