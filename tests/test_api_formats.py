"""Papers as BibTeX, RIS and CSL-JSON through the API: the site's export code, by Accept header or ?format=."""

import json

import pytest

from papers.exports import to_bibtex, to_csl_json, to_ris
from papers.models import Paper
from tests.factories import PaperFactory, ResearcherFactory, paper_with_authors

pytestmark = pytest.mark.django_db

FORMATS = [
    ("bibtex", "application/x-bibtex", to_bibtex),
    ("ris", "application/x-research-info-systems", to_ris),
    ("csl-json", "application/vnd.citationstyles.csl+json", to_csl_json),
]


@pytest.fixture
def researcher():
    researcher = ResearcherFactory(name="Chen Zhang")
    paper_with_authors(researcher, title="Towards the Law of Capacity Gap", year=2025)
    paper_with_authors(researcher, title="MiniMA", year=2023)
    return researcher


def expected(export, papers):
    return export(Paper.objects.with_listing().filter(pk__in=[p.pk for p in papers]).newest_first()).encode()


@pytest.mark.parametrize(("fmt", "media_type", "export"), FORMATS)
def test_paper_list_by_format_parameter_and_accept_header(client, researcher, fmt, media_type, export):
    by_param = client.get("/api/v1/papers/", {"format": fmt})
    by_accept = client.get("/api/v1/papers/", headers={"Accept": media_type})
    for response in (by_param, by_accept):
        assert response.status_code == 200
        assert response["Content-Type"] == f"{media_type}; charset=utf-8"
        assert response.content == expected(export, Paper.objects.all())


@pytest.mark.parametrize(("fmt", "media_type", "export"), FORMATS)
def test_paper_detail_in_every_format(client, researcher, fmt, media_type, export):
    paper = Paper.objects.get(title="MiniMA")
    response = client.get(f"/api/v1/papers/{paper.pk}/", headers={"Accept": media_type})
    assert response.content == expected(export, [paper])
    assert client.get(f"/api/v1/papers/{paper.pk}/", {"format": fmt}).content == response.content


@pytest.mark.parametrize(("fmt", "media_type", "export"), FORMATS)
def test_researcher_papers_in_every_format(client, researcher, fmt, media_type, export):
    PaperFactory(title="Someone else's")
    response = client.get(f"/api/v1/researchers/{researcher.slug}/papers/", {"format": fmt})
    assert response["Content-Type"].startswith(media_type)
    assert response.content == expected(export, Paper.objects.by_researcher(researcher))


def test_bibtex_content_is_the_papers(client, researcher):
    text = client.get("/api/v1/papers/", {"format": "bibtex", "year": 2025}).content.decode()
    assert text.count("@inproceedings{") == 1
    assert "Towards the Law of Capacity Gap" in text and "Chen Zhang" in text


def test_csl_json_is_a_list_of_items(client, researcher):
    items = json.loads(client.get("/api/v1/papers/", {"format": "csl-json"}).content)
    assert [item["title"] for item in items] == ["Towards the Law of Capacity Gap", "MiniMA"]
    assert items[0]["author"][0] == {"given": "Chen", "family": "Zhang"}


def test_export_pages_link_to_the_next_page(client, researcher):
    response = client.get("/api/v1/papers/", {"format": "ris", "page_size": 1})
    assert response.content.decode().count("TY  - ") == 1
    assert "page=2" in response["Link"] and 'rel="next"' in response["Link"]


def test_export_errors_are_json(client, researcher):
    response = client.get("/api/v1/papers/", {"format": "bibtex", "year": "abc"})
    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json() == {"year": ["Enter a whole number."]}
    assert client.get("/api/v1/papers/0/", headers={"Accept": "application/x-bibtex"}).json()["detail"]


def test_json_is_the_default(client, researcher):
    assert client.get("/api/v1/papers/")["Content-Type"] == "application/json"
