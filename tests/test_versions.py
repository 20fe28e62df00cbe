"""Preprint -> published through the real HTTP path: a paper known by its arXiv id that Crossref, OpenAlex or
Semantic Scholar show published is that paper, with both identifiers and its versions on the page and in the API;
the profile lists it once; fetching the published DOI makes no duplicate."""

import io

import pytest
from django.core.management import call_command

from papers.models import Paper, Venue
from researchers.models import Researcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def acl(db):
    """The lab's database knows ACL; the sources' proceedings titles and venue names find it."""
    return Venue.objects.create(
        acronym="ACL", slug="acl", name="Annual Meeting of the Association for Computational Linguistics"
    )


def fetch(*args):
    out = io.StringIO()
    call_command("fetch", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_crossref_has_preprint_turns_the_arxiv_paper_into_the_published_one(sources, client, acl):
    fetch("arxiv:2401.12345")
    preprint = Paper.objects.get()
    assert preprint.versions == [
        {"server": "arXiv", "identifier": "2401.12345v1", "date": "2024-01-22"},
        {"server": "arXiv", "identifier": "2401.12345v3", "date": "2024-02-28"},
    ]
    assert preprint.year == 2024 and preprint.provenance["year"]["source"] == "arxiv"
    fetch("doi:10.18653/v1/2023.acl-long.101")
    paper = Paper.objects.get()  # one paper, both identifiers
    assert (paper.pk, paper.arxiv_id, paper.doi) == (preprint.pk, "2401.12345", "10.18653/v1/2023.acl-long.101")
    # The preprint's own dates give way to the published version's (they came from arXiv, not a curator).
    assert (paper.status, paper.year, paper.month) == ("published", 2023, 7)
    assert paper.provenance["year"]["source"] == "crossref"
    assert [step["identifier"] for step in paper.version_history] == [
        "2401.12345v1",
        "2401.12345v3",
        "10.18653/v1/2023.acl-long.101",
    ]
    page = client.get(f"/papers/{paper.pk}/").content.decode()
    assert 'arXiv preprint\n          <a href="https://arxiv.org/abs/2401.12345v1">2401.12345v1</a>, 2024-01-22' in page
    assert "Published in ACL 2023" in page and 'href="https://doi.org/10.18653/v1/2023.acl-long.101"' in page
    api = client.get(f"/api/v1/papers/{paper.pk}/").json()
    assert api["versions"][0] == {
        "server": "arXiv",
        "identifier": "2401.12345v1",
        "date": "2024-01-22",
        "url": "https://arxiv.org/abs/2401.12345v1",
    }
    assert api["versions"][-1]["venue"].startswith("ACL 2023")
    ada = Researcher.objects.get(name="Ada Lovelace")
    profile = client.get(ada.get_absolute_url()).content.decode()
    assert profile.count("Sparse Attention with Early Exit for Efficient Inference</") == 1


def test_fetching_the_published_doi_again_and_the_arxiv_id_again_makes_no_duplicate(sources):
    fetch("arxiv:2401.12345")
    fetch("doi:10.18653/v1/2023.acl-long.101")
    fetch("arxiv:2401.12345v3", "doi:10.18653/v1/2023.acl-long.101")
    paper = Paper.objects.get()
    assert paper.status == "published" and paper.year == 2023  # an older version does not undo the published one


def test_openalex_locations_name_the_preprint_of_a_published_work(sources):
    fetch("arxiv:2310.01234")
    preprint = Paper.objects.get()
    assert preprint.status == "preprint"
    fetch("openalex:W4385570001")  # its locations: the ACL Anthology's, and arXiv's submittedVersion
    paper = Paper.objects.get()
    assert (paper.pk, paper.doi, paper.arxiv_id) == (preprint.pk, "10.18653/v1/2023.emnlp-main.7", "2310.01234")
    assert paper.status == "published" and paper.venue.name.startswith("Proceedings of the 2023 Conference")
    assert [s["identifier"] for s in paper.version_history] == ["2310.01234v1", "10.18653/v1/2023.emnlp-main.7"]


def test_semantic_scholar_external_ids_with_doi_and_arxiv_join_the_two(sources, acl):
    fetch("arxiv:2403.01111")
    fetch("s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776")
    paper = Paper.objects.get()
    assert (paper.doi, paper.arxiv_id, paper.status) == ("10.18653/v1/2024.acl-short.3", "2403.01111", "published")
    assert (paper.year, paper.month) == (2024, 8)
    history = paper.version_history
    assert [(s["identifier"], s["date"]) for s in history[:2]] == [
        ("2403.01111v1", "2024-03-04"),
        ("2403.01111v2", "2024-05-20"),
    ]
    assert history[2]["venue"].startswith("ACL 2024")


def test_a_crossref_preprint_of_a_known_article_joins_it_as_an_earlier_version(sources):
    fetch("doi:10.1016/j.ipm.2019.02.004")
    article = Paper.objects.get()
    output = fetch("doi:10.21203/rs.2.1234/v1")  # posted-content, relation is-preprint-of that DOI
    assert "versions: doi:10.21203/rs.2.1234/v1" in output
    paper = Paper.objects.get()
    assert (paper.pk, paper.doi, paper.status, paper.year) == (
        article.pk,
        "10.1016/j.ipm.2019.02.004",
        "published",
        2019,
    )
    assert paper.version_history[0] == {
        "server": "Research Square",
        "identifier": "doi:10.21203/rs.2.1234/v1",
        "date": "2018-11-05",
        "url": "https://doi.org/10.21203/rs.2.1234/v1",
    }


def test_the_paper_page_with_versions_costs_the_pinned_queries(sources, client, django_assert_num_queries):
    from tests.test_pages import PAPER_QUERIES

    fetch("arxiv:2401.12345")
    fetch("doi:10.18653/v1/2023.acl-long.101")
    paper = Paper.objects.get()
    with django_assert_num_queries(PAPER_QUERIES):
        assert client.get(f"/papers/{paper.pk}/").status_code == 200
