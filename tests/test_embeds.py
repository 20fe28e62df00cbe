"""The embeddable publication list: an iframe page and a script-free fragment, with filters."""

import pytest

from papers.models import Authorship
from tests.factories import ResearcherFactory, TopicFactory, paper_with_authors

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    person = ResearcherFactory(name="Lin Wei")
    parsing = TopicFactory(name="Parsing", slug="parsing")
    first = paper_with_authors(person, title="Old Parsing Paper", year=2015)
    first.topics.add(parsing)
    paper_with_authors(person, title="New Paper", year=2024)
    later = paper_with_authors(ResearcherFactory(), title="Second-Author Paper", year=2020)
    Authorship.objects.create(paper=later, researcher=person, position=9, printed_name="Lin Wei", selected=True)
    return person


def titles(response):
    return [p.title for g in response.context["groups"] for p in g.papers]


def test_embed_page_may_be_framed_while_the_profile_may_not(client, person):
    assert "X-Frame-Options" not in client.get(f"/researchers/{person.slug}/embed/")
    assert client.get(person.get_absolute_url())["X-Frame-Options"] == "DENY"


def test_embed_is_self_contained_and_opens_links_in_the_top_window(client, person):
    page = client.get(f"/researchers/{person.slug}/embed/").content.decode()
    assert "<style>" in page and 'rel="stylesheet"' not in page and "<script" not in page
    assert '<base target="_top">' in page
    assert "http://testserver/papers/" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["New Paper", "Second-Author Paper", "Old Parsing Paper"]),
        ("?start=2016", ["New Paper", "Second-Author Paper"]),
        ("?start=2016&end=2021", ["Second-Author Paper"]),
        ("?topic=parsing", ["Old Parsing Paper"]),
        ("?selected=on", ["Second-Author Paper"]),
        ("?first=on", ["New Paper", "Old Parsing Paper"]),
        ("?start=abc", ["New Paper", "Second-Author Paper", "Old Parsing Paper"]),
    ],
)
def test_embed_filters(client, person, query, expected):
    assert titles(client.get(f"/researchers/{person.slug}/embed/{query}")) == expected


def test_profile_page_has_the_same_filters(client, person):
    response = client.get(f"{person.get_absolute_url()}?first=on&start=2016")
    assert titles(response) == ["New Paper"]
    assert "1 of 3" in response.content.decode()


def test_fragment_is_a_script_free_piece_of_html_with_absolute_links(client, person):
    response = client.get(f"/researchers/{person.slug}/embed.html")
    page = response.content.decode()
    assert response["Access-Control-Allow-Origin"] == "*"
    assert page.lstrip().startswith('<div class="pubdb-list"')
    assert "<html" not in page and "<script" not in page
    assert 'href="/' not in page  # every link works from another site
    assert f'href="http://testserver/researchers/{person.slug}/"' in page
