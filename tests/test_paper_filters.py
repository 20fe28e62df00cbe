"""One paper filter vocabulary: the /papers/ page, a profile (page and embed) and the API narrow alike."""

import datetime

import pytest

from tests.factories import AuthorshipFactory, AwardFactory, PaperFactory, ResearcherFactory, TopicFactory, VenueFactory

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date.today().year + 1


@pytest.fixture
def person():
    """Six papers of one person that each filter tells apart."""
    person = ResearcherFactory(name="Lin Wei", slug="lin-wei")
    acl = VenueFactory(acronym="ACL", slug="acl")
    parsing = TopicFactory(name="Parsing", slug="parsing")
    papers = [
        PaperFactory(title="Old Parsing Paper", year=2015, venue=acl, track="Long Papers"),
        PaperFactory(title="Findings Paper", year=2021, venue=acl, track="Findings"),
        PaperFactory(title="Awarded Paper", year=2023, kind="journal"),
        PaperFactory(title="Preprint", year=2024, venue=None, kind="preprint", status="preprint"),
        PaperFactory(title="Second-Author Paper", year=2022, track="findings"),
        PaperFactory(title="Undated Paper", year=None),
    ]
    for paper in papers:
        first = paper.title != "Second-Author Paper"
        AuthorshipFactory(paper=paper, researcher=person, position=1 if first else 2, selected=not first)
    papers[0].topics.add(parsing)
    AwardFactory(paper=papers[2])
    return person


def page_titles(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200
    return sorted(entry.title for entry in response.context["entries"])


def profile_titles(client, params):
    response = client.get("/researchers/lin-wei/embed/", params)
    assert response.status_code == 200
    return sorted(entry.title for group in response.context["groups"] for entry in group.papers)


def api_titles(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return sorted(paper["title"] for paper in response.json()["results"])


SAME_FILTERS = [
    ({"year": 2021}, ["Findings Paper"]),
    ({"year_min": 2022}, ["Awarded Paper", "Preprint", "Second-Author Paper"]),
    ({"year_max": 2021}, ["Findings Paper", "Old Parsing Paper"]),
    ({"year_min": 2016, "year_max": 2022}, ["Findings Paper", "Second-Author Paper"]),
    ({"venue": "acl"}, ["Findings Paper", "Old Parsing Paper"]),
    ({"venue": "ACL"}, ["Findings Paper", "Old Parsing Paper"]),
    ({"topic": "parsing"}, ["Old Parsing Paper"]),
    ({"track": "FINDINGS"}, ["Findings Paper", "Second-Author Paper"]),
    ({"status": "preprint"}, ["Preprint"]),
    ({"kind": "journal"}, ["Awarded Paper"]),
    ({"awarded": "true"}, ["Awarded Paper"]),
    ({"awarded": "false", "year_min": 2021}, ["Findings Paper", "Preprint", "Second-Author Paper"]),
    ({"author": "lin-wei", "year": 2015}, ["Old Parsing Paper"]),
]


@pytest.mark.parametrize(("params", "expected"), SAME_FILTERS)
def test_the_paper_list_the_profile_and_the_api_give_the_same_papers(client, person, params, expected):
    assert page_titles(client, "/papers/", params) == expected
    assert profile_titles(client, params) == expected
    assert api_titles(client, "/api/v1/papers/", params) == expected
    assert api_titles(client, "/api/v1/researchers/lin-wei/papers/", params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"start": 2022}, {"year_min": 2022}),
        ({"end": 2021}, {"year_max": 2021}),
        ({"start": 2016, "end": 2022}, {"year_min": 2016, "year_max": 2022}),
        ({"awarded": "on"}, {"awarded": "true"}),
    ],
)
def test_old_parameters_are_aliases_of_the_new(client, person, params, expected):
    assert profile_titles(client, params) == profile_titles(client, expected)
    assert page_titles(client, "/papers/", params) == page_titles(client, "/papers/", expected)
    assert api_titles(client, "/api/v1/papers/", params) == api_titles(client, "/api/v1/papers/", expected)


def test_the_profile_alone_filters_by_first_authored_and_selected(client, person):
    assert profile_titles(client, {"first": "on"}) == [
        "Awarded Paper",
        "Findings Paper",
        "Old Parsing Paper",
        "Preprint",
        "Undated Paper",
    ]
    assert profile_titles(client, {"first": "false"}) == ["Second-Author Paper"]
    assert profile_titles(client, {"selected": "true", "year_min": 2016}) == ["Second-Author Paper"]


def test_the_profile_form_shows_the_new_names_and_the_servers_year_bounds(client, person):
    html = client.get("/researchers/lin-wei/", {"start": 2016}).content.decode()
    assert 'name="year_min"' in html and 'value="2016"' in html and 'name="start"' not in html
    assert f'min="1900" max="{NEXT_YEAR}"' in html


def test_years_beyond_next_year_are_refused_alike(client, person):
    response = client.get("/api/v1/papers/", {"year_min": NEXT_YEAR + 1})
    assert response.status_code == 400 and list(response.json()) == ["year_min"]
    html = client.get("/papers/", {"year_min": NEXT_YEAR + 1}).content.decode()
    assert f"it must be between 1900 and {NEXT_YEAR}. This filter was ignored." in html
    assert api_titles(client, "/api/v1/papers/", {"year_min": NEXT_YEAR}) == []


def test_the_paper_list_form_keeps_the_chosen_filters(client, person):
    html = client.get("/papers/", {"awarded": "on", "status": "published"}).content.decode()
    assert 'name="awarded" value="true" checked' in html
    assert '<option value="published" selected>' in html
