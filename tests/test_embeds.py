"""What a homepage on another site can use: the framable list, the script-free fragment, and cross-origin reads."""

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


def frame_ancestors(response):
    return next(d for d in response["Content-Security-Policy"].split(";") if d.strip().startswith("frame-ancestors"))


def test_only_the_embed_page_may_be_framed(client, person):
    embed = client.get(f"/researchers/{person.slug}/embed/")
    assert "X-Frame-Options" not in embed
    assert frame_ancestors(embed).strip() == "frame-ancestors *"
    for url in [person.get_absolute_url(), f"/researchers/{person.slug}/embed.html", "/", "/papers/", "/api/v1/"]:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert frame_ancestors(response).strip() == "frame-ancestors 'none'", url


def test_embed_is_styled_by_a_static_file_and_opens_links_in_the_top_window(client, person):
    page = client.get(f"/researchers/{person.slug}/embed/").content.decode()
    assert "<style" not in page and " style=" not in page and "<script" not in page  # the site's CSP holds
    assert '<link rel="stylesheet" href="/static/css/embed.css">' in page
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
    assert page.lstrip().startswith('<div class="pubdb-list"')
    assert "<html" not in page and "<script" not in page
    assert 'href="/' not in page  # every link works from another site
    assert f'href="http://testserver/researchers/{person.slug}/"' in page


OTHER_SITE = {"HTTP_ORIGIN": "https://lab.example.org"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        "/api/v1/papers/",
        "/api/v1/researchers/{slug}/papers/",
        "/researchers/{slug}/embed.html",
        "/researchers/{slug}/papers.bib",
        "/researchers/{slug}/papers.ris",
        "/researchers/{slug}/papers.json",
        "/papers/{paper}.bib",
        "/papers/{paper}.ris",
        "/papers/{paper}.json",
        "/zh-hans/researchers/{slug}/embed.html",
        "/zh-hans/papers/{paper}.bib",
    ],
)
def test_any_site_may_read_the_api_and_the_exports_anonymously(client, person, url):
    url = url.format(slug=person.slug, paper=person.authorships.first().paper_id)
    response = client.get(url, **OTHER_SITE)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize(
    "url", ["/", "/researchers/{slug}/", "/researchers/{slug}/embed/", "/zh-hans/researchers/{slug}/", "/admin/login/"]
)
def test_pages_are_not_open_to_other_sites(client, person, url):
    assert "Access-Control-Allow-Origin" not in client.get(url.format(slug=person.slug), **OTHER_SITE)


def test_a_preflight_from_another_site_offers_reads_without_credentials_only(client):
    response = client.options(
        "/api/v1/papers/",
        **OTHER_SITE,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    allowed_methods = response["Access-Control-Allow-Methods"].split(", ")
    allowed_headers = response["Access-Control-Allow-Headers"].split(", ")
    assert allowed_methods == ["GET", "HEAD", "OPTIONS"]
    assert "authorization" not in allowed_headers and "x-csrftoken" not in allowed_headers
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.page_cache
def test_a_cached_api_answer_is_open_to_other_sites_too(client, person):
    url = f"/api/v1/researchers/{person.slug}/papers/"
    assert "Access-Control-Allow-Origin" not in client.get(url)  # a same-site read fills the page cache
    assert client.get(url, **OTHER_SITE)["Access-Control-Allow-Origin"] == "*"
