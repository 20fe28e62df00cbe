"""Search through papers/search.py on both databases; on PostgreSQL, the indexes it relies on."""

import io

import pytest
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.core.management import call_command
from django.db import connection
from django.db.models.functions import Upper

from papers.models import Paper
from papers.search import autocomplete_researchers, search_papers, search_researchers, search_venues
from researchers.models import Alias, Researcher
from tests.factories import PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")


@pytest.fixture
def papers():
    return {
        "title": PaperFactory(title="Contrastive Pretraining for Entity Linking", abstract="We link entities."),
        "abstract": PaperFactory(title="A Study", abstract="Entity linking with contrastive pretraining helps."),
        "other": PaperFactory(title="Query Optimization in Databases", abstract="Cardinality estimation."),
        "cjk": PaperFactory(title="面向实体链接的对比预训练", abstract=""),
    }


def titles(queryset):
    return [p.title for p in queryset]


def test_papers_matching_in_the_title_rank_above_those_matching_in_the_abstract(papers):
    found = titles(search_papers(Paper.objects.all(), "contrastive pretraining entity linking"))

    assert found == [papers["title"].title, papers["abstract"].title]


def test_a_substring_of_a_cjk_title_finds_the_paper(papers):
    assert titles(search_papers(Paper.objects.all(), "实体链接")) == [papers["cjk"].title]


def test_an_edit_is_searchable_at_once(papers):
    paper = papers["other"]
    paper.title = "Learned Cardinality Estimation with Transformers"
    paper.save()

    assert titles(search_papers(Paper.objects.all(), "transformers")) == [paper.title]


def test_search_composes_with_other_filters(papers):
    found = search_papers(Paper.objects.filter(pk=papers["abstract"].pk), "entity linking")
    assert titles(found) == [papers["abstract"].title]
    assert search_papers(Paper.objects.all(), "   ").count() == 0


def test_people_are_found_by_name_native_name_or_alias():
    wang = ResearcherFactory(name="Zekun Wang", native_name="汪泽堃")
    qin = ResearcherFactory(name="Bing Qin")
    Alias.objects.create(researcher=qin, name="Bin Qin")
    ResearcherFactory(name="Someone Else")

    everyone = Researcher.objects.all()
    assert list(search_researchers(everyone, "zekun")) == [wang]
    assert list(search_researchers(everyone, "泽堃")) == [wang]
    assert list(search_researchers(everyone, "bin qin")) == [qin]
    assert list(search_researchers(everyone, "bing wang")) == []  # every word in one name or alias


def test_the_autocomplete_puts_the_closest_name_first_and_tolerates_a_typo():
    wang = ResearcherFactory(name="Zekun Wang", native_name="汪泽堃")
    ResearcherFactory(name="Zekun Wangberg")
    for n in range(15):
        ResearcherFactory(name=f"Wang Person{n}")

    everyone = Researcher.objects.all()
    found = autocomplete_researchers(everyone, "Zekun Wang")
    assert found[0] == wang
    assert len(found) <= 10
    assert autocomplete_researchers(everyone, "汪泽堃") == [wang]
    assert autocomplete_researchers(everyone, "") == [] or not autocomplete_researchers(everyone, "").exists()
    if connection.vendor == "postgresql":
        assert autocomplete_researchers(everyone, "Zekum Wang")[0] == wang  # one wrong letter


def test_venues_are_found_by_acronym_or_name():
    acl = VenueFactory(acronym="ACL", name="Annual Meeting of the Association for Computational Linguistics")
    VenueFactory(acronym="SIGIR", name="Conference on Research and Development in Information Retrieval")

    assert list(search_venues(acl.__class__.objects.all(), "computational linguistics")) == [acl]


@pytest.fixture
def corpus():
    """A generated corpus big enough for the planner to prefer the indexes it would use at scale."""
    call_command("generate_corpus", papers=4000, seed=1, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def plan(queryset):
    """EXPLAIN with sequential scans priced out: a test-sized table is cheaper to scan than any index."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
def test_paper_search_uses_the_gin_search_vector_and_the_title_trigram_index(corpus):
    explained = plan(search_papers(Paper.objects.all(), "theorem proving"))
    # The GIN index, or the RUM index on the same vector where the server has the extension (papers 0012).
    assert "paper_search_vector" in explained or "paper_search_rum" in explained, explained
    assert "paper_title_upper_trgm" in explained, explained


@postgresql_only
def test_people_search_and_autocomplete_use_the_trigram_indexes(corpus):
    explained = plan(search_researchers(Researcher.objects.all(), "zekun"))
    # (The alias table of a test corpus is too small for its trigram index to win; it does at 100,000 papers.)
    for index in ("researcher_name_upper_trgm", "researcher_native_name_upper_trgm"):
        assert index in explained, explained

    nearest = Researcher.objects.filter(TrigramWordSimilar(Upper("name"), "ZEKUN WANG")).order_by()
    assert "researcher_name_upper_trgm" in plan(nearest)
