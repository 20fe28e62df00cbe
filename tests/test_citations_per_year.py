"""Citations per year and the references between papers in pubdb: filled by refresh_citations and by a fetch
from OpenAlex (recorded answers through the local source server), shown on the profile, the paper page and in
the API, at a fixed number of queries."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from curation.history import revert_change_set
from front import citation_counts
from front.profile import Counted, counted_by, load_profile
from papers.models import CitationYear, ImportBatch, Paper, Reference
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory
from tests.source_server import FIXTURES, Answer

pytestmark = pytest.mark.django_db

ACL = "10.18653/v1/2023.acl-long.101"  # OpenAlex W4385000101 (tests/fixtures/sources/openalex-cited-by-count.json)
PREPRINT = "2405.06789"  # W4396000789, which cites W4385000101 and a work pubdb does not hold


@pytest.fixture
def papers(db):
    """The two papers OpenAlex knows in its recorded batch answer (a third, which it does not, is asked too)."""
    known = [PaperFactory(doi=ACL, arxiv_id="", year=2023), PaperFactory(doi="", arxiv_id=PREPRINT, year=2025)]
    PaperFactory(doi="10.5555/unknown", year=2020)
    return known


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=out)
    return out.getvalue()


def per_year(paper):
    return list(CitationYear.objects.filter(paper=paper).order_by("year").values_list("year", "count", "source"))


def references():
    rows = Reference.objects.order_by("citing_id", "openalex_id")
    return list(rows.values_list("citing_id", "openalex_id", "cited_id", "source"))


def openalex_ids():
    return list(Paper.objects.order_by("pk").values_list("openalex_id", flat=True))


def recorded_work(number):
    return json.loads((FIXTURES / "openalex-cited-by-count.json").read_text())["results"][number]


def one_work_answer(sources, doi, work):
    body = json.dumps({"meta": {"count": 1}, "results": [work]}).encode()
    sources.answer("/openalex/works", Answer(200, body, {"Content-Type": "application/json"}), filter=f"doi:{doi}")


def test_refresh_stores_counts_per_year_ids_and_references(sources, papers):
    acl, preprint = papers
    run("refresh_citations")
    assert sources.requests[0][1]["select"] == "id,doi,cited_by_count,counts_by_year,referenced_works"
    assert per_year(acl) == [(2023, 7, "OpenAlex"), (2024, 20, "OpenAlex"), (2025, 30, "OpenAlex")]
    assert per_year(preprint) == [(2025, 3, "OpenAlex")]
    assert CitationYear.objects.get(paper=acl, year=2025).as_of == timezone.localdate()
    assert [acl.openalex_id, preprint.openalex_id] == ["", ""]
    assert openalex_ids() == ["W4385000101", "W4396000789", ""]
    # Every referenced work is kept by its id; the one in pubdb is linked, none is created.
    assert references() == [
        (acl.pk, "W2741809807", None, "OpenAlex"),
        (acl.pk, "W2963403868", None, "OpenAlex"),
        (preprint.pk, "W2963403868", None, "OpenAlex"),
        (preprint.pk, "W4385000101", acl.pk, "OpenAlex"),
    ]
    assert Paper.objects.count() == 3
    assert list(Paper.objects.citing(acl)) == [preprint]
    assert list(Paper.objects.references_of(preprint)) == [acl]
    assert list(Paper.objects.citing(preprint)) == list(Paper.objects.references_of(acl)) == []


def test_a_second_refresh_replaces_the_rows_and_other_sources_leave_them(sources, papers):
    run("refresh_citations")
    before = (list(CitationYear.objects.values_list("paper_id", "year", "count")), references())
    run("refresh_citations", "--older-than", "0")
    assert (list(CitationYear.objects.values_list("paper_id", "year", "count")), references()) == before
    # Semantic Scholar and Crossref give no per-year counts nor references: theirs is the count alone.
    run("refresh_citations", "--older-than", "0", "--source", "s2")
    assert Paper.objects.get(pk=papers[0].pk).citation_source == "Semantic Scholar"
    assert (list(CitationYear.objects.values_list("paper_id", "year", "count")), references()) == before


def test_a_reference_links_up_when_the_cited_paper_is_matched_later(sources, papers):
    acl, preprint = papers
    Paper.objects.exclude(pk=preprint.pk).update(citation_as_of=timezone.localdate())  # not asked this time
    work = {
        "id": "https://openalex.org/W4396000789",
        "doi": "https://doi.org/10.48550/arxiv.2405.06789",
        "cited_by_count": 3,
        "referenced_works": ["https://openalex.org/W4385000101"],
        "counts_by_year": [],
    }
    one_work_answer(sources, "10.48550/arxiv.2405.06789", work)
    run("refresh_citations")
    assert references() == [(preprint.pk, "W4385000101", None, "OpenAlex")]
    assert per_year(preprint) == []  # OpenAlex lists no year with citations
    Paper.objects.filter(pk=acl.pk).update(citation_as_of=None)
    one_work_answer(sources, ACL, recorded_work(0))
    run("refresh_citations", "--older-than", "7d")  # now the ACL paper alone
    assert references()[-1] == (preprint.pk, "W4385000101", acl.pk, "OpenAlex")
    assert list(Paper.objects.citing(acl)) == [preprint]


def test_an_openalex_id_another_paper_holds_is_not_taken(sources, papers):
    acl, preprint = papers
    # A paper not asked about holds it (OpenAlex counted it and the ACL paper as one work, say).
    Paper.objects.filter(doi="10.5555/unknown").update(openalex_id="W4385000101")
    run("refresh_citations")
    assert openalex_ids() == ["", "W4396000789", "W4385000101"]
    assert per_year(acl)[0] == (2023, 7, "OpenAlex")  # its counts are stored all the same


def test_a_fetch_from_openalex_stores_per_year_counts_and_references(sources):
    run("fetch", "openalex:A5023888391")
    emnlp = Paper.objects.get(doi="10.18653/v1/2023.emnlp-main.7")
    preprint = Paper.objects.get(arxiv_id="2401.12345")
    assert (emnlp.citation_count, emnlp.citation_source, emnlp.openalex_id) == (31, "OpenAlex", "W4385570001")
    assert per_year(emnlp) == [(2023, 6, "OpenAlex"), (2024, 25, "OpenAlex")]
    assert per_year(preprint) == [(2024, 2, "OpenAlex"), (2025, 5, "OpenAlex")]
    assert list(Paper.objects.citing(emnlp)) == [preprint]  # two works of one fetch, linked to each other
    assert Reference.objects.filter(citing=preprint, cited=None).count() == 2


def test_a_dry_run_stores_nothing_and_a_revert_takes_the_rows_away(sources):
    run("fetch", "openalex:A5023888391", "--dry-run")
    assert CitationYear.objects.count() == Reference.objects.count() == 0
    run("fetch", "openalex:A5023888391")
    assert CitationYear.objects.count() == 4 and Reference.objects.count() == 5
    revert_change_set(ImportBatch.objects.get().change_reason)
    assert Paper.objects.count() == CitationYear.objects.count() == Reference.objects.count() == 0


def test_a_revert_of_a_cited_paper_keeps_the_reference_by_its_id(sources, papers):
    """A cited paper that goes away (an import undone) leaves its citers' references unlinked, not deleted."""
    acl, preprint = papers
    run("refresh_citations")
    acl.delete()
    assert references()[-1] == (preprint.pk, "W4385000101", None, "OpenAlex")


def profile_of(papers):
    researcher = ResearcherFactory()
    for position, paper in enumerate(papers, start=1):
        AuthorshipFactory(paper=paper, researcher=researcher, position=position)
    return researcher


def test_the_profile_shows_citations_per_year_with_source_and_date(sources, papers, client):
    researcher = profile_of(papers)
    run("refresh_citations")
    html = client.get(f"/researchers/{researcher.slug}/").content.decode()
    today = timezone.localdate().isoformat()
    assert f"Citations from OpenAlex, as of {today}; computed from per-paper counts (2 of 2 papers)." in html
    chart = html[html.index('<figure class="chart" id="citation-chart">') :]
    chart = chart[: chart.index("</figure>")]
    assert "<title>2023: 7</title>" in chart and "<title>2024: 20</title>" in chart
    assert "<title>2025: 33</title>" in chart  # 30 + 3: summed over the person's papers
    caption = " ".join(chart[chart.index("<figcaption>") :].split())  # the words, not the template's layout
    assert f"Citations per year, 2023–2025 (from OpenAlex, as of {today})" in caption
    assert '<figure class="chart" id="chart">' in html  # the papers-per-year chart beside it


@pytest.mark.parametrize("count", [2, 30])
def test_the_profile_chart_is_one_query_and_its_sources_ride_on_the_lists_counts(django_assert_num_queries, count):
    today = timezone.localdate()
    papers = [PaperFactory(citation_count=5, citation_source="OpenAlex", citation_as_of=today) for _ in range(count)]
    CitationYear.objects.bulk_create(
        CitationYear(paper=p, year=year, count=2, source="OpenAlex", as_of=today)
        for p in papers
        for year in (2024, 2025)
    )
    researcher = profile_of(papers)
    with django_assert_num_queries(1):
        chart = citation_counts.profile_citation_chart(researcher)
    _, papers = load_profile(researcher.slug)
    with django_assert_num_queries(1):  # the list's counts (summarize), which the page reads anyway
        counted = counted_by(papers)
    assert [(b["year"], b["count"]) for b in chart["bars"]] == [(2024, 2 * count), (2025, 2 * count)]
    assert counted == [Counted("OpenAlex", today)]


def test_a_profile_without_per_year_counts_has_no_citations_chart(client, papers):
    researcher = profile_of(papers)
    html = client.get(f"/researchers/{researcher.slug}/").content.decode()
    assert 'id="chart"' in html and "citation-chart" not in html and "No citation counts recorded." in html


def test_the_paper_page_lists_references_and_citing_papers_in_pubdb(sources, papers, client):
    acl, preprint = papers
    run("refresh_citations")
    cited = client.get(f"/papers/{acl.pk}/").content.decode()
    assert 'id="citation-chart"' in cited and "<title>2024: 20</title>" in cited
    assert "Cited by (in pubdb)" in cited and f'<a href="/papers/{preprint.pk}/">{preprint.title}</a>' in cited
    assert "References in pubdb" not in cited  # the two works it cites are not in pubdb
    citing = client.get(f"/papers/{preprint.pk}/").content.decode()
    assert "References in pubdb" in citing and f'<a href="/papers/{acl.pk}/">{acl.title}</a>' in citing
    assert "Cited by (in pubdb)" not in citing


def listed(html, section):
    part = html[html.index(f'<section class="linked-papers" id="{section}"') :]
    return part[: part.index("</section>")].count('<li><a href="/papers/')


@pytest.mark.parametrize("count", [2, 30])
def test_the_paper_page_costs_the_same_whatever_the_citing_papers(client, django_assert_num_queries, count):
    cited = PaperFactory()
    for paper in PaperFactory.create_batch(count):
        Reference.objects.create(citing=paper, cited=cited, openalex_id="W1", source="OpenAlex", as_of="2026-01-01")
    CitationYear.objects.create(paper=cited, year=2025, count=count, source="OpenAlex", as_of="2026-01-01")
    from tests.test_pages import BARE_PAPER_QUERIES

    with django_assert_num_queries(BARE_PAPER_QUERIES + 2):  # + its citations per year and the citing papers
        html = client.get(f"/papers/{cited.pk}/").content.decode()
    assert listed(html, "cited-by") == count


def test_a_long_list_shows_the_first_ones_and_points_to_the_api(client, monkeypatch):
    monkeypatch.setattr(citation_counts, "LISTED", 2)
    cited = PaperFactory()
    for paper in PaperFactory.create_batch(3):
        Reference.objects.create(citing=paper, cited=cited, openalex_id="W1", source="OpenAlex", as_of="2026-01-01")
    html = client.get(f"/papers/{cited.pk}/").content.decode()
    assert listed(html, "cited-by") == 2
    assert f'The first 2 of 3; all of them in the API: <a href="/api/v1/papers/{cited.pk}/cited-by/">' in html


def test_the_api_gives_per_year_counts_references_and_citing_papers(sources, papers, client):
    acl, preprint = papers
    run("refresh_citations")
    detail = client.get(f"/api/v1/papers/{acl.pk}/").json()
    today = timezone.localdate().isoformat()
    assert detail["citations_by_year"] == [
        {"year": 2023, "count": 7, "source": "OpenAlex", "as_of": today},
        {"year": 2024, "count": 20, "source": "OpenAlex", "as_of": today},
        {"year": 2025, "count": 30, "source": "OpenAlex", "as_of": today},
    ]
    assert detail["cited_by_url"] == f"http://testserver/api/v1/papers/{acl.pk}/cited-by/"
    cited_by = client.get(detail["cited_by_url"]).json()
    assert (cited_by["count"], [p["id"] for p in cited_by["results"]]) == (1, [preprint.pk])
    assert client.get(detail["references_url"]).json()["count"] == 0
    refs = client.get(f"/api/v1/papers/{preprint.pk}/references/").json()
    assert [(p["id"], p["doi"]) for p in refs["results"]] == [(acl.pk, ACL)]
    # The paper list's filters apply; an unknown paper is a 404.
    assert client.get(f"/api/v1/papers/{preprint.pk}/references/", {"year": 2024}).json()["count"] == 0
    assert client.get("/api/v1/papers/999999/cited-by/").status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_the_api_lists_cost_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    cited = PaperFactory()
    for paper in PaperFactory.create_batch(count):
        Reference.objects.create(citing=paper, cited=cited, openalex_id="W1", source="OpenAlex", as_of="2026-01-01")
    # the paper, then the page as the paper list: count, papers + venue, authorships, links, awards, topics
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/papers/{cited.pk}/cited-by/", {"page_size": 100})
    assert response.json()["count"] == count


def test_the_schema_describes_the_new_endpoints_and_fields(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/papers/{id}/references/" in schema["paths"]
    assert "/api/v1/papers/{id}/cited-by/" in schema["paths"]
    fields = schema["components"]["schemas"]["PaperDetail"]["properties"]
    assert {"citations_by_year", "references_url", "cited_by_url"} <= set(fields)
