"""/search/ finds researchers (name, native name, alias), papers (title, abstract) and venues."""

import pytest

from researchers.models import Alias
from tests.factories import ResearcherFactory, VenueFactory, paper_with_authors

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    chen = ResearcherFactory(name="Chen Zhang", native_name="张辰")
    Alias.objects.create(researcher=ResearcherFactory(name="Bing Qin"), name="Bin Qin")
    venue = VenueFactory(acronym="TOIS", name="ACM Transactions on Information Systems")
    paper_with_authors(chen, title="On Elastic Language Models", abstract="We study distillation.", venue=venue)
    paper_with_authors(chen, title="Parsing with Trees", abstract="Nothing else.")
    return chen


def names(response, key):
    return [str(x) for x in response.context[key]]


def test_cjk_native_name_finds_the_person(client, data):
    response = client.get("/search/", {"q": "张辰"})
    assert names(response, "researchers") == ["Chen Zhang (张辰)"]


def test_alias_finds_the_person(client, data):
    assert names(client.get("/search/", {"q": "Bin Qin"}), "researchers") == ["Bing Qin"]


def test_title_and_abstract_words_find_papers(client, data):
    assert [p.title for p in client.get("/search/", {"q": "elastic"}).context["page"]] == ["On Elastic Language Models"]
    assert [p.title for p in client.get("/search/", {"q": "distillation"}).context["page"]] == [
        "On Elastic Language Models"
    ]


def test_venue_name_finds_the_venue(client, data):
    assert names(client.get("/search/", {"q": "Information Systems"}), "venues") == ["TOIS"]


def test_query_is_echoed_escaped(client, data):
    html = client.get("/search/", {"q": '<b>"x"</b>'}).content.decode()
    assert "<b>&quot;x&quot;</b>" not in html and "&lt;b&gt;" in html


def test_empty_query_shows_the_form_only(client, data):
    response = client.get("/search/")
    assert response.status_code == 200 and "page" not in response.context
