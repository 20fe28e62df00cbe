"""The API's content negotiation (api/negotiation.py): Accept's q values decide, BibTeX answers to
text/x-bibtex as well, and an unknown ?format= is a 400 that names the formats there are."""

import pytest

from tests.factories import ResearcherFactory, paper_with_authors

pytestmark = pytest.mark.django_db

BIBTEX = "application/x-bibtex; charset=utf-8"


@pytest.fixture
def paper():
    return paper_with_authors(ResearcherFactory(name="Chen Zhang"), title="Towards the Law of Capacity Gap")


def test_the_highest_q_value_wins_over_the_earlier_type(client, paper):
    response = client.get("/api/v1/papers/", headers={"Accept": "application/json;q=0.5, application/x-bibtex"})
    assert response["Content-Type"] == BIBTEX
    assert "@inproceedings{" in response.content.decode()


def test_a_lower_q_value_loses_even_when_more_specific(client, paper):
    accept = "application/x-bibtex;q=0.2, application/json;q=0.9"
    assert client.get(f"/api/v1/papers/{paper.pk}/", headers={"Accept": accept})["Content-Type"] == "application/json"


def test_q_zero_means_not_acceptable(client, paper):
    response = client.get("/api/v1/papers/", headers={"Accept": "application/json;q=0, */*;q=0.1"})
    assert response.status_code == 200 and response["Content-Type"] != "application/json"
    assert client.get("/api/v1/papers/", headers={"Accept": "application/json;q=0"}).status_code == 406


def test_text_x_bibtex_is_bibtex(client, paper):
    response = client.get(f"/api/v1/papers/{paper.pk}/", headers={"Accept": "text/x-bibtex"})
    assert response.status_code == 200 and response["Content-Type"] == BIBTEX
    assert "Towards the Law of Capacity Gap" in response.content.decode()


def test_json_stays_the_default_and_browsers_get_the_browsable_api(client, paper):
    assert client.get("/api/v1/papers/")["Content-Type"] == "application/json"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/api/v1/papers/", headers={"Accept": browser})["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("url", ["/api/v1/papers/", "/api/v1/papers/{pk}/", "/api/v1/researchers/"])
def test_an_unknown_format_is_a_400_naming_the_known_ones(client, paper, url):
    response = client.get(url.format(pk=paper.pk), {"format": "xml"})
    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    message = response.json()["format"][0]
    assert "'xml'" in message and "json" in message
    if "papers" in url:
        assert all(name in message for name in ("bibtex", "ris", "csl-json"))


def test_known_formats_still_answer(client, paper):
    assert client.get("/api/v1/papers/", {"format": "ris"})["Content-Type"].startswith(
        "application/x-research-info-systems"
    )
