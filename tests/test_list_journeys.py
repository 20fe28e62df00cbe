"""A visitor reading the lists: profiles, the paper list, the directory and the venues (issue 13).

The browser tests drive Debian's Chromium as tests/test_browser.py does; the rest go through the test client.
"""

import pytest

from papers.models import Venue
from researchers.models import Researcher
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory, VenueFactory
from tests.test_browser import browser  # noqa: F401 (the fixture, shared)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CO_FIRST = "Sparse Teachers Can Be Dense with Knowledge"


@pytest.fixture
def visit(browser, live_server, demo):  # noqa: F811
    contexts = []

    def open_page(path, viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, base_url=live_server.url, **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(path)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_a_profile_with_every_paper_selected_lists_each_title_once(visit):
    page = visit("/researchers/songming-zhang/")
    titles = page.locator("li.paper .paper-title").all_inner_texts()
    assert len(titles) == 5 and len(set(titles)) == 5
    assert page.locator("li.paper .badge-selected").count() == 5


@pytest.mark.browser
def test_first_authored_filter_keeps_co_first_papers(visit):
    page = visit("/researchers/chen-zhang/")
    page.locator("input[name=first]").check()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**first=on**")
    assert CO_FIRST in page.locator("li.paper .paper-title").all_inner_texts()


@pytest.mark.browser
def test_on_a_phone_the_metrics_are_on_the_first_screen(visit):
    page = visit("/researchers/chen-zhang/", viewport=PHONE)
    box = page.locator("section.metrics").bounding_box()
    assert box["y"] + 40 < PHONE["height"]  # at least its heading and first numbers
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
def test_the_directory_files_people_by_family_name(visit):
    page = visit("/researchers/")
    names = page.locator("ul.directory li > a").all_inner_texts()
    while page.locator("nav.pagination a[rel=next]").count():
        page.locator("nav.pagination a[rel=next]").click()
        names += page.locator("ul.directory li > a").all_inner_texts()
    assert names.index("Hanting Chen") < names.index("Chen Zhang")
    assert page.locator("nav.az a", has_text="Z").count() == 1


@pytest.mark.browser
def test_newest_first_puts_undated_papers_last(visit):
    page = visit("/papers/")
    assert page.locator("li.paper .year").first.inner_text() != "year not given"
    page.locator("nav.pagination a[rel=next]").last.click()
    while page.locator("nav.pagination a[rel=next]").count():
        page.locator("nav.pagination a[rel=next]").click()
    assert page.locator("li.paper .year").last.inner_text() == "year not given"


@pytest.mark.browser
def test_the_bibtex_button_copies_the_citation(visit, live_server):
    from playwright.sync_api import expect

    page = visit("/researchers/hanting-chen/", permissions=["clipboard-read", "clipboard-write"])
    button = page.locator("li.paper a[data-copy-citation]").first
    bib_url = button.get_attribute("href")
    button.click()
    expect(button).to_have_text("Copied")
    assert page.url.endswith("/researchers/hanting-chen/")  # copied, not followed
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@") and copied == page.request.get(live_server.url + bib_url).text()


# The rest through the test client.


def test_co_first_authors_count_as_first_authors_and_later_equal_contributors_do_not(client, db):
    """The API's first_author filter applies Authorship.objects.first_authors(), as the profile does."""
    first, co_first, second, late_eq = ResearcherFactory.create_batch(4)
    paper = PaperFactory()
    AuthorshipFactory(paper=paper, researcher=first, position=1, equal_contribution=True)
    AuthorshipFactory(paper=paper, researcher=co_first, position=2, equal_contribution=True)
    AuthorshipFactory(paper=paper, researcher=second, position=3)
    AuthorshipFactory(paper=paper, researcher=late_eq, position=4, equal_contribution=True)
    found = [client.get("/api/v1/papers/", {"first_author": p.slug}).json()["results"] for p in (first, co_first)]
    assert [[r["id"] for r in results] for results in found] == [[paper.pk], [paper.pk]]
    for person in (second, late_eq):
        assert client.get("/api/v1/papers/", {"first_author": person.slug}).json()["results"] == []


def test_chen_zhangs_first_authored_list_has_his_co_first_papers(client, demo):
    response = client.get("/researchers/chen-zhang/?first=on")
    listed = {e.title for g in response.context["groups"] for e in g.papers}
    assert CO_FIRST in listed
    assert response.context["shown_total"] == len(listed) + len(response.context["selected"])
    everything = client.get("/researchers/chen-zhang/").context
    assert everything["metrics"]["first_authored"] == response.context["shown_total"] < everything["paper_total"]


def test_topic_groups_list_undated_papers_last_and_can_be_ordered_by_year(client, demo):
    response = client.get("/researchers/chen-zhang/")
    for group in response.context["groups"]:
        years = [e.year for e in group.papers]
        dated = [y for y in years if y]
        assert years == sorted(dated, reverse=True) + [None] * (len(years) - len(dated)), group.title
    by_year = client.get("/researchers/chen-zhang/?order=year").context["groups"]
    titles = [g.title for g in by_year]
    assert titles[-1] == "Year not given" and titles[:-1] == sorted(titles[:-1], reverse=True)


def test_sort_keys_put_the_family_name_first_in_any_script(db):
    from researchers.sorting import sort_key

    assert sort_key("Chen Zhang") == "zhang chen"
    assert sort_key("Hanting Chen") == "chen hanting"
    assert sort_key("张辰") == "zhang chen"  # written family-first
    assert sort_key("Zhang, Chen") == "zhang chen"
    person = ResearcherFactory(name="Łukasz Kaiser")
    assert Researcher.objects.get(pk=person.pk).sort_key == "kaiser lukasz"
    person.name = "Lukasz Kaiser-Nowak"
    person.save(update_fields=["name"])
    assert Researcher.objects.get(pk=person.pk).sort_key == "kaiser nowak lukasz"


def test_the_directory_jumps_by_letter_and_filters_curated_profiles(client, demo):
    z = client.get("/researchers/?letter=Z").context["page"].object_list
    assert "Chen Zhang" in {r.name for r in z} and all(r.sort_key.startswith("z") for r in z)
    curated = client.get("/researchers/?curated=1").context["page"].object_list
    names = {r.name for r in curated}
    assert names == {r.name for r in Researcher.objects.all() if r.bio or r.positions.exists()}
    assert {"Chen Zhang", "Songming Zhang"} <= names
    assert "Yunhe Wang" not in names  # a co-author known from bylines only
    assert "badge-profile" in client.get("/researchers/").content.decode()


def test_venues_without_papers_are_listed_only_on_request_and_not_counted(client, demo):
    empty = VenueFactory(acronym="NOPAPERS")
    default = client.get("/venues/")
    assert empty not in default.context["venues"]
    assert all(v.paper_count for v in default.context["venues"])
    assert empty in client.get("/venues/?all=1").context["venues"]
    counts = client.get("/").context["counts"]
    assert counts["venues"] == Venue.objects.having_papers().count() < Venue.objects.count()


def test_arr_is_a_review_platform(demo):
    assert Venue.objects.get(acronym="ARR").kind == Venue.Kind.REVIEW_PLATFORM


def test_categories_and_dates_are_shown_where_known(client, db):
    person = ResearcherFactory()
    paper = PaperFactory(year=2024, month=7, categories=["cs.CL", "cs.LG"], arxiv_id="")
    AuthorshipFactory(paper=paper, researcher=person, position=1)
    detail = client.get(paper.get_absolute_url()).content.decode()
    assert '<span class="category">cs.CL</span>' in detail
    listed = client.get(person.get_absolute_url()).content.decode()
    assert '<span class="category">cs.LG</span>' in listed and "Jul 2024" in listed


def test_one_wording_for_a_missing_year(client, db):
    person = ResearcherFactory()
    for venue in (None, VenueFactory()):
        AuthorshipFactory(paper=PaperFactory(year=None, venue=venue), researcher=person, position=1)
    html = client.get(person.get_absolute_url()).content.decode()
    assert html.count(">year not given</span>") == 2 and ">undated<" not in html
