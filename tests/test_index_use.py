"""Every query of the public pages and API endpoints can be served by an index (PostgreSQL).

Each request's queries are captured and EXPLAINed with sequential scans priced out (`SET LOCAL
enable_seqscan = off`): on test-sized tables the planner would rather scan, so a sequential scan that
remains means no index can serve the query, and on a large corpus it would read the whole table on
every request. No scan is allowed for: the whole reads that remain at scale (counting every paper
for a paginator, ranking people by paper count) walk an index here. benchmarks/explain.py measures
the actual plans on a generated corpus; the new queries of a page are checked here as it lists them.
"""

import json
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from papers.models import Authorship, Award, Paper, Topic
from researchers.models import Organization, Researcher

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans"),
]

# The tables that grow with the corpus; the others (venues, topics, organizations, ...) stay small.
BIG_TABLES = {
    "papers_paper",
    "papers_authorship",
    "papers_paperlink",
    "papers_paper_topics",
    "papers_award",
    "papers_award_recipients",
    "researchers_researcher",
    "researchers_alias",
}


def big(table):
    return table in BIG_TABLES or "_historical" in table


@pytest.fixture
def site(demo):
    """The demo data and what the URLs below are about: its most prolific person, an awarded paper, ..."""
    top = Authorship.objects.values("researcher").annotate(n=Count("id")).order_by("-n", "researcher").first()
    award = Award.objects.filter(paper__isnull=False, venue__isnull=False).order_by("pk").first()
    return SimpleNamespace(
        person=Researcher.objects.get(pk=top["researcher"]),
        paper=award.paper,
        award=award,
        venue=award.venue,
        topic=Topic.objects.filter(papers__isnull=False).order_by("pk").first(),
        honour=Award.objects.filter(recipients__isnull=False).order_by("pk").first(),
        organization=Organization.objects.order_by("pk").first(),
        arxiv_id=Paper.objects.exclude(arxiv_id="").values_list("arxiv_id", flat=True).first(),
    )


def url(view, *args, **query):
    path = reverse(view, args=args)
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


URLS = {
    "home": lambda s: url("home"),
    "paper list": lambda s: url("papers:list"),
    "paper list, year": lambda s: url("papers:list", year=s.paper.year),
    "paper list, venue": lambda s: url("papers:list", venue=s.venue.slug),
    "paper list, topic": lambda s: url("papers:list", topic=s.topic.slug),
    "paper list, preprints": lambda s: url("papers:list", status="preprint"),
    "paper list, awarded": lambda s: url("papers:list", awarded="on"),
    "paper list, track": lambda s: url("papers:list", track="findings"),
    "paper page": lambda s: url("papers:detail", s.paper.pk),
    "paper .bib": lambda s: url("papers:bibtex", s.paper.pk),
    "venue list": lambda s: url("papers:venue_list"),
    "venue page": lambda s: url("papers:venue_detail", s.venue.slug),
    "awards": lambda s: url("papers:awards"),
    "site feed": lambda s: url("papers:feed"),
    "directory": lambda s: url("researchers:list"),
    "directory, name filter": lambda s: url("researchers:list", q=s.person.name.split()[-1]),
    "directory, organization": lambda s: url("researchers:list", organization=s.organization.pk),
    "profile": lambda s: url("researchers:detail", s.person.slug),
    "profile, filtered": lambda s: url("researchers:detail", s.person.slug, start=2020, first="on"),
    "profile, venue + topic": lambda s: url(
        "researchers:detail", s.person.slug, venue=s.venue.slug, topic=s.topic.slug
    ),
    "embed": lambda s: url("researchers:embed", s.person.slug),
    "fragment": lambda s: url("researchers:fragment", s.person.slug),
    "profile .ris": lambda s: url("researchers:ris", s.person.slug),
    "profile feed": lambda s: url("researchers:feed", s.person.slug),
    "search": lambda s: url("search", q="language+model"),
    "autocomplete": lambda s: url("researcher_autocomplete", q=s.person.name[:6]),
    "sitemap": lambda s: url("sitemap"),
    "API papers": lambda s: url("api:paper-list"),
    "API papers, venue + year": lambda s: url("api:paper-list", venue=s.venue.slug, year=s.paper.year),
    "API papers, venue acronym": lambda s: url("api:paper-list", venue=s.venue.acronym),
    "API papers, author": lambda s: url("api:paper-list", author=s.person.slug),
    "API papers, topic": lambda s: url("api:paper-list", topic=s.topic.slug),
    "API papers, status + kind": lambda s: url("api:paper-list", status="preprint", kind="preprint"),
    "API papers, awarded": lambda s: url("api:paper-list", awarded="true"),
    "API papers, not awarded": lambda s: url("api:paper-list", awarded="false"),
    "API papers, DOI": lambda s: url("api:paper-list", doi="10.18653/V1/2023.ACL-LONG.1"),
    "API papers, arXiv id": lambda s: url("api:paper-list", arxiv=s.arxiv_id),
    "API papers, track": lambda s: url("api:paper-list", track="findings"),
    "API papers, by citations": lambda s: url("api:paper-list", ordering="-citations"),
    "API papers, by title": lambda s: url("api:paper-list", ordering="title"),
    "API papers, search": lambda s: url("api:paper-list", search="language+model"),
    "API papers, cursor": lambda s: url("api:paper-list", cursor=""),
    "API papers, BibTeX": lambda s: url("api:paper-list", format="bibtex"),
    "API paper": lambda s: url("api:paper-detail", s.paper.pk),
    "API researcher papers": lambda s: url("api:researcher-papers", s.person.slug),
    "API researchers": lambda s: url("api:researcher-list"),
    "API researchers, name": lambda s: url("api:researcher-list", name=s.person.name.split()[-1]),
    "API researchers, organization": lambda s: url("api:researcher-list", organization=s.organization.pk),
    "API researchers, search": lambda s: url("api:researcher-list", search=s.person.name.split()[-1]),
    "API researchers, cursor": lambda s: url("api:researcher-list", cursor=""),
    "API researcher": lambda s: url("api:researcher-detail", s.person.slug),
    "API venues": lambda s: url("api:venue-list"),
    "API venue": lambda s: url("api:venue-detail", s.venue.slug),
    "API awards": lambda s: url("api:award-list"),
    "API awards, recipient": lambda s: url("api:award-list", recipient=s.honour.recipients.first().slug),
    "API awards, paper": lambda s: url("api:award-list", paper=s.paper.pk),
    "API award": lambda s: url("api:award-detail", s.award.pk),
    "API topics": lambda s: url("api:topic-list"),
    "API organization": lambda s: url("api:organization-detail", s.organization.pk),
}


def explain(sql, fmt="TEXT"):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT {fmt}) {sql}")
        rows = cursor.fetchall()
    return "\n".join(row[0] for row in rows) if fmt == "TEXT" else rows[0][0]


def plan(sql):
    result = explain(sql, "JSON")
    return (json.loads(result) if isinstance(result, str) else result)[0]["Plan"]


def big_table_scans(node):
    """The plan's scans of big tables."""
    if big(node.get("Relation Name", "")):
        yield node
    for child in node.get("Plans", []):
        yield from big_table_scans(child)


def set_index_walks(enabled):
    with connection.cursor() as cursor:
        for setting in ("enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = {'on' if enabled else 'off'}")


def unindexed_tables(sql):
    """The big tables of which the query reads every row because no index can find the rows it needs.

    Sequential scans are priced out, so a Seq Scan that remains means no index is usable. A walk of a
    whole index (no Index Cond) that filters its rows may be the planner preferring an index's order on
    test-sized tables: it reads the whole table unless, with such walks priced out too, a bitmap scan
    finds the rows through an index condition. (A walk that only gives a LIMIT its order, or counts every
    row, reads what the request needs; test_list_orders_come_from_an_index checks the orders.)
    """
    unindexed, filtered = set(), set()
    for node in big_table_scans(plan(sql)):
        if node["Node Type"] == "Seq Scan":
            unindexed.add(node["Relation Name"])
        elif node["Node Type"] in ("Index Scan", "Index Only Scan") and "Index Cond" not in node and "Filter" in node:
            filtered.add(node["Relation Name"])
    if filtered:
        set_index_walks(False)
        unindexed |= filtered & {n["Relation Name"] for n in big_table_scans(plan(sql)) if n["Node Type"] == "Seq Scan"}
        set_index_walks(True)
    return unindexed


def explained_queries(client, url):
    """EXPLAIN of each SELECT the request runs, with sequential scans priced out."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    selects = [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip("( ").upper().startswith(("SELECT", "WITH"))
    ]
    assert selects
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # until the end of this test's transaction
    return selects


@pytest.mark.parametrize("name", URLS)
def test_every_query_of_the_request_can_use_an_index(client, site, name):
    failures = [
        f"Every row of {', '.join(sorted(tables))} read:\n{sql}\n{explain(sql)}"
        for sql in explained_queries(client, URLS[name](site))
        if (tables := unindexed_tables(sql))
    ]
    assert not failures, "\n\n".join(failures)


# The lists whose page comes from an index in their order, rather than from sorting every paper.
ORDER_INDEXES = {
    "paper list": "paper_newest_first",
    "API papers": "paper_newest_first",
    "site feed": "paper_newest_added",
    "API papers, by citations": "paper_most_cited",
    "API papers, by title": "paper_title",
}


@pytest.mark.parametrize("name", ORDER_INDEXES)
def test_list_orders_come_from_an_index(client, site, name):
    plans = "\n\n".join(explain(sql) for sql in explained_queries(client, URLS[name](site)))
    assert f" {ORDER_INDEXES[name]} " in plans, plans


def test_a_preprint_finds_the_published_paper_that_lists_it_through_an_index():
    """curation.matching.find_paper_by_version, asked for each fetched preprint that nothing else finds: the GIN
    index paper_versions (papers 0018) serves it rather than a read of every paper's versions."""
    from curation.matching import find_paper_by_version
    from tests.factories import PaperFactory

    PaperFactory(doi="10.5555/other")
    paper = PaperFactory(versions=[{"server": "medRxiv", "identifier": "doi:10.1101/2022.11.02.22281834", "date": ""}])
    with CaptureQueriesContext(connection) as captured:
        assert find_paper_by_version("doi:10.1101/2022.11.02.22281834") == paper
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    set_index_walks(False)  # on a test-sized table the planner would walk any index and filter its rows
    assert "paper_versions" in explain(query["sql"]), explain(query["sql"])
