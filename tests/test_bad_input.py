"""Bad input never gives a 500: unknown slugs are 404, odd parameters give a sensible page."""

import pytest

from tests.site_data import full_profile

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    '"unbalanced',
    '"quoted phrase"',
    "100%",
    "%",
    "_",
    "<script>alert(1)</script>",
    "张辰",
    "' OR 1=1 --",
    "a" * 500,
    "a\x00b",  # PostgreSQL refuses NUL in a string literal
]


@pytest.fixture
def person():
    return full_profile()


@pytest.mark.parametrize(
    "url",
    [
        "/researchers/nobody-here/",
        "/researchers/nobody-here/embed/",
        "/researchers/nobody-here/embed.html",
        "/researchers/nobody-here/papers.bib",
        "/researchers/nobody-here/feed/",
        "/papers/999999/",
        "/papers/999999.bib",
        "/papers/999999.ris",
        "/papers/999999.json",
        "/venues/no-such-venue/",
        "/papers/abc/",
        "/no/such/page/",
    ],
)
def test_unknown_things_are_a_friendly_404(client, person, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert b'name="q"' in response.content  # the 404 page offers search


@pytest.mark.parametrize(
    "url",
    [
        "/papers/?year=abc",
        "/papers/?year=99999",
        "/papers/?page=99999",
        "/papers/?page=abc",
        "/papers/?page=-1",
        "/papers/?venue=%3Cb%3E&topic=..&status=bogus&awarded=maybe",
        "/researchers/?page=99999",
        "/researchers/?q=%25",
        "/search/?q=x&page=99999",
    ],
)
def test_odd_list_parameters_give_a_page(client, person, url):
    assert client.get(url).status_code == 200


def test_an_invalid_filter_is_named_and_ignored(client, person):
    response = client.get("/papers/?year=abc")
    assert b"Year: Enter a whole number. This filter was ignored." in response.content
    assert response.content.count(b'class="paper"') == 3


def test_a_page_past_the_end_shows_the_last_page(client, person):
    response = client.get("/papers/?page=99999")
    assert response.context["page"].number == response.context["page"].paginator.num_pages


def test_profile_ignores_invalid_filters_with_a_message(client, person):
    response = client.get(person.get_absolute_url() + "?start=abc&end=20000&topic=%3Cx%3E")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This filter was ignored" in html
    assert html.count('class="paper"') == 3
    assert "<x>" not in html


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_search_survives_odd_queries(client, person, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_directory_filter_survives_odd_queries(client, person, q):
    assert client.get("/researchers/", {"q": q}).status_code == 200


def test_name_autocomplete_survives_a_nul_character(client, person):
    assert client.get("/autocomplete/researchers/", {"q": "\x00chen"}).status_code == 200
    assert client.get("/autocomplete/researchers/", {"q": "\x00"}).status_code == 400  # nothing left to look up


def test_server_error_page_is_friendly_and_needs_no_database(rf, django_assert_num_queries):
    from pubdb.errors import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
