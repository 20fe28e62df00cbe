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
    assert (paper.status, paper.year, paper.month, paper.day) == ("published", 2023, 7, None)
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
    from tests.test_pages import BARE_PAPER_QUERIES

    fetch("arxiv:2401.12345")
    fetch("doi:10.18653/v1/2023.acl-long.101")
    paper = Paper.objects.get()
    assert paper.links.exists() and not paper.topics.exists() and not paper.awards.exists()
    with django_assert_num_queries(BARE_PAPER_QUERIES + 1):  # + its links
        assert client.get(f"/papers/{paper.pk}/").status_code == 200


BIORXIV, NATURE = "10.1101/2023.05.10.540123", "10.1038/s41593-024-01580-1"
MEDRXIV, BMJ = "10.1101/2022.11.02.22281834", "10.1136/bmj-2023-074567"


def assert_one_paper_with_its_preprint(client, doi, preprint_doi, server, date):
    paper = Paper.objects.get()  # one paper, not a preprint beside its published version
    assert (paper.doi, paper.status) == (doi, "published")
    history = paper.version_history
    assert [(s["server"], s["identifier"], s["date"]) for s in history[:-1]] == [(server, f"doi:{preprint_doi}", date)]
    assert history[-1]["identifier"] == doi
    page = client.get(f"/papers/{paper.pk}/").content.decode()
    link = f'<a href="https://doi.org/{preprint_doi}">doi:{preprint_doi}</a>'
    assert f"{server} preprint\n          {link}, {date}" in page
    assert f'(DOI <a href="https://doi.org/{doi}">{doi}</a>)' in page
    ada = Researcher.objects.get(name="Ada Lovelace")
    assert client.get(f"/api/v1/researchers/{ada.slug}/papers/").json()["count"] == 1
    return paper


@pytest.mark.parametrize("together", [False, True], ids=["one-by-one", "in-one-fetch"])
def test_a_biorxiv_preprint_known_first_becomes_its_published_article(sources, client, together):
    """Crossref's record of the article names its preprint (`relation.has-preprint`, the bioRxiv DOI)."""
    if together:
        fetch(f"doi:{BIORXIV}", f"doi:{NATURE}")
    else:
        fetch(f"doi:{BIORXIV}")
        preprint = Paper.objects.get()
        assert (preprint.doi, preprint.status, preprint.year) == (BIORXIV, "preprint", 2023)
        output = fetch(f"doi:{NATURE}")
        assert f"doi: {BIORXIV} → {NATURE}" in output
    paper = assert_one_paper_with_its_preprint(client, NATURE, BIORXIV, "bioRxiv", "2023-05-12")
    # The month (published-print [[2024, 4]]), without the preprint's day: not "2024-04-12".
    assert (paper.year, paper.month, paper.day) == (2024, 4, None)
    assert (paper.venue.name, paper.pages) == ("Nature Neuroscience", "712-724")
    api = client.get(f"/api/v1/papers/{paper.pk}/").json()
    assert api["doi"] == NATURE and api["versions"][0]["url"] == f"https://doi.org/{BIORXIV}"


@pytest.mark.parametrize("together", [False, True], ids=["one-by-one", "in-one-fetch"])
def test_the_published_article_first_then_its_biorxiv_preprint(sources, client, together):
    """The preprint's record names its published version (`relation.is-preprint-of`)."""
    if together:
        fetch(f"doi:{NATURE}", f"doi:{BIORXIV}")
    else:
        fetch(f"doi:{NATURE}")
        fetch(f"doi:{BIORXIV}")
    paper = assert_one_paper_with_its_preprint(client, NATURE, BIORXIV, "bioRxiv", "2023-05-12")
    assert (paper.year, paper.month) == (2024, 4)  # the issue (published-print), not the preprint's date stays its own


def test_a_medrxiv_preprint_known_first_becomes_the_published_work_openalex_gives(sources, client):
    """OpenAlex's work lists the preprint as a location (`version: submittedVersion`, a doi.org landing page)."""
    fetch(f"doi:{MEDRXIV}")
    fetch("openalex:W4389000042")
    paper = assert_one_paper_with_its_preprint(client, BMJ, MEDRXIV, "medRxiv", "2022-11-04")
    assert paper.venue.name == "BMJ" and paper.title.endswith("cohort study")


def test_the_openalex_work_first_then_its_medrxiv_preprint_that_names_no_published_version(sources, client):
    """medRxiv's record has no `is-preprint-of` yet: the published paper's versions name the preprint's DOI."""
    fetch("openalex:W4389000042")
    assert [v["identifier"] for v in Paper.objects.get().versions] == [f"doi:{MEDRXIV}"]
    fetch(f"doi:{MEDRXIV}")
    paper = assert_one_paper_with_its_preprint(client, BMJ, MEDRXIV, "medRxiv", "2022-11-04")
    assert (paper.year, paper.month) == (2023, 8)
