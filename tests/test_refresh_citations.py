"""`manage.py refresh_citations`: per-paper citation counts, with source and date, from a source's batch API."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from papers.models import Paper
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory
from tests.source_server import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def papers(db):
    """A paper by DOI, a preprint by arXiv id, one no source knows, one with neither (never asked about)."""
    return [
        PaperFactory(doi="10.18653/v1/2023.acl-long.101", arxiv_id=""),
        PaperFactory(doi="", arxiv_id="2405.06789"),
        PaperFactory(doi="10.5555/unknown", arxiv_id=""),
        PaperFactory(doi="", arxiv_id=""),
    ]


def refresh(*args):
    out = io.StringIO()
    call_command("refresh_citations", *args, stdout=out, stderr=out)
    return out.getvalue()


def counts():
    return list(Paper.objects.order_by("pk").values_list("citation_count", "citation_source", "citation_as_of"))


def test_openalex_counts_fill_count_source_and_date(sources, papers):
    output = refresh()
    today = timezone.localdate()
    assert counts() == [(57, "OpenAlex", today), (3, "OpenAlex", today), (None, "", None), (None, "", None)]
    assert "2 papers' citation counts refreshed from OpenAlex, 1 unknown to it." in output
    assert len(sources.paths("/openalex")) == 1  # one request for the batch


def test_semantic_scholar_batch(sources, papers):
    refresh("--source", "s2")
    assert json.loads(sources.bodies[0]) == {
        "ids": ["DOI:10.18653/v1/2023.acl-long.101", "DOI:10.48550/arxiv.2405.06789", "DOI:10.5555/unknown"]
    }
    # S2 answers null for the paper it does not know, in the order asked.
    assert [c[:2] for c in counts()] == [(61, "Semantic Scholar"), (None, ""), (4, "Semantic Scholar"), (None, "")]


def test_crossref_is_not_asked_about_arxiv_dois(sources, papers):
    refresh("--source", "crossref")
    assert [c[:2] for c in counts()] == [(55, "Crossref"), (None, ""), (None, ""), (None, "")]


def test_counts_newer_than_older_than_are_left_alone(sources, papers):
    recent = timezone.localdate() - datetime.timedelta(days=3)
    Paper.objects.filter(pk=papers[0].pk).update(citation_count=1, citation_source="Crossref", citation_as_of=recent)
    only_the_stale = {"filter": "doi:10.48550/arxiv.2405.06789|10.5555/unknown"}
    work = {"doi": "https://doi.org/10.48550/arxiv.2405.06789", "cited_by_count": 3}
    body = json.dumps({"meta": {"count": 1}, "results": [work]}).encode()
    sources.answer("/openalex/works", Answer(200, body, {"Content-Type": "application/json"}), **only_the_stale)
    refresh("--older-than", "7d")
    assert Paper.objects.get(pk=papers[0].pk).citation_count == 1
    assert Paper.objects.get(pk=papers[1].pk).citation_count == 3
    refresh("--older-than", "0")  # everything
    assert Paper.objects.get(pk=papers[0].pk).citation_count == 57


def test_a_failing_source_writes_nothing_and_says_so(sources, papers):
    sources.answer("/openalex/works", Answer(200, b"<html>oops</html>"))
    with pytest.raises(CommandError, match="OpenAlex could not be asked about 3 papers"):
        refresh()
    assert counts()[0] == (None, "", None)


def test_a_bad_age_is_refused(papers):
    with pytest.raises(CommandError, match='--older-than takes days or weeks, e.g. 7d or 2w, not "soon"'):
        refresh("--older-than", "soon")


def test_the_profile_metrics_come_from_the_refreshed_counts(sources, papers, client):
    researcher = ResearcherFactory()
    for position, paper in enumerate(papers[:2], start=1):
        AuthorshipFactory(paper=paper, researcher=researcher, position=position)
    refresh()
    html = client.get(f"/researchers/{researcher.slug}/").content.decode()
    assert "<dt>Citations</dt><dd>60</dd>" in html
    assert "computed from per-paper counts (2 of 2 papers)" in html
