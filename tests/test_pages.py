"""Every public page: it renders, costs a pinned number of queries, and the count does not grow with the data."""

import pytest
from django.urls import reverse

from front.profile import PAGE_SIZE
from front.views.papers import VENUE_PAGE_SIZE
from papers.models import CitationYear, Paper, Reference
from researchers.models import Researcher
from tests.factories import (
    AuthorshipFactory,
    AwardFactory,
    PaperFactory,
    PaperLinkFactory,
    ResearcherFactory,
    TopicFactory,
    paper_with_authors,
)
from tests.site_data import add_papers, full_profile

pytestmark = pytest.mark.django_db

# Profile page (and embed): a profile with every section, so that no prefetch is skipped for being empty.
#  1 researcher + affiliation, each part marked by whether it has rows (front/profile.py load_profile)
#  2 aliases          3 positions + organization     4 advisors          5 news             6 talks
#  7 talk links       8 services + venue             9 projects         10 project links   11 profile topics + topic
# 12 the list's counts: a row per year and citation source (and topic group), not per paper (summarize); who
#    counted the citations is read from them
# 13-17 the page's entries: papers + venue (the page's ids a subquery), authorships + researcher, links,
#       awards + bodies, topics
# 18 the most frequent co-authors and the number of all of them, from the stored per-pair counts
# 19 honours: personal and paper awards + bodies   20 citations per year, summed over the person's papers
# (+1 the h-index, ranked by the database, when any of the papers has a citation count; +1 the namesakes,
# with affiliation and years active, when there are any.)
PROFILE_QUERIES = 20
# A person known from bylines only (no aliases, positions, news, talks, services, projects: most of a large
# corpus' people): 1, 11-20 above.
BARE_PROFILE_QUERIES = 11
# The embed: 1-11 as the profile, 12-16 the entries of every paper (no counts: it shows none).
EMBED_QUERIES = 16
# Home: 1-4 counts of researchers, papers, venues, awards; 5-9 recent papers + authorships, links, awards,
# topics; 10-11 the people with the most papers and their counts; 12 recent awards + venue, organization.
HOME_QUERIES = 12
# Paper list: 1 count, 2 page of papers + venue, 3-6 authorships, links, awards, topics; 7 years, 8 venues,
# 9 topics for the filter form.
PAPER_LIST_QUERIES = 9
# A paper's exports: 1 paper + venue, 2-5 authorships, links, awards, topics.
PAPER_EXPORT_QUERIES = 5
# Its page: 1 the paper + venue, with an EXISTS for each part most papers lack, 2 authorships, and a query only
# for each part it has: 3-5 links, awards, topics, 6 citations per year, 7 the papers in pubdb it cites, 8 those
# citing it (each with their number). A paper with authors only: 2.
PAPER_QUERIES = 8
BARE_PAPER_QUERIES = 2
# Researcher directory: 1 count, 2 page of people with their paper counts, 3 the A-Z letters in use (and,
# filtered by an organization, 4 its name for the heading).
DIRECTORY_QUERIES = 3
# Venue list: 1 venues with paper counts.
VENUE_LIST_QUERIES = 1
# Venue page: 1 venue, 2 paper count, 3-7 the page's papers + venue, authorships, links, awards, topics,
# 8 papers per year, 9 the venue's awards + paper, organization, 10 their recipients.
VENUE_QUERIES = 10
# Awards: 1 awards + venue, organization, paper; 2 recipients.
AWARDS_QUERIES = 2
# Search: 1 paper count, 2-6 papers + authorships, links, awards, topics, 7 researchers, 8 venues.
SEARCH_QUERIES = 8
# A researcher's BibTeX/RIS/CSL-JSON and Atom feed: 1 researcher, 2-6 papers + authorships, links, awards, topics.
RESEARCHER_EXPORT_QUERIES = 6
# Site feed: 1-5 newest papers + authorships, links, awards, topics.
SITE_FEED_QUERIES = 5
# Sitemap: 1-4 its ETag (front/sitemaps.py); for researchers, organizations, papers and venues, 1 count + 1 page
# of rows each (pages: none).
SITEMAP_QUERIES = 12


@pytest.fixture
def person():
    return full_profile()


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_profile_query_count_is_pinned_and_does_not_grow(client, person, django_assert_num_queries):
    url = reverse("researchers:detail", args=[person.slug])
    with django_assert_num_queries(PROFILE_QUERIES):
        get_ok(client, url)
    add_papers(person, PAGE_SIZE)
    with django_assert_num_queries(PROFILE_QUERIES):
        response = get_ok(client, url)
    # A full first page, and the selected papers above it.
    assert response.content.decode().count('class="paper"') == PAGE_SIZE + len(response.context["selected"])
    with django_assert_num_queries(PROFILE_QUERIES):
        response = get_ok(client, f"{url}?page=2")
    assert response.content.decode().count('class="paper"') == 3  # the papers past the first page


def test_a_profile_of_bylines_only_skips_the_empty_parts_and_does_not_grow(client, django_assert_num_queries):
    """No query for a part that has no rows, known from the marks of the researcher's own query; a namesake
    adds only its note's query."""
    person = ResearcherFactory(name="Giulia Tanaka")
    url = reverse("researchers:detail", args=[person.slug])
    add_papers(person, 3)
    with django_assert_num_queries(BARE_PROFILE_QUERIES):
        get_ok(client, url)
    for _ in range(PAGE_SIZE):
        paper_with_authors(person, coauthors=2)
    with django_assert_num_queries(BARE_PROFILE_QUERIES):
        response = get_ok(client, url)
    assert response.context["coauthor_total"] > PAGE_SIZE and not response.context["homonyms"]
    namesake = ResearcherFactory(name="giulia tanaka")
    with django_assert_num_queries(BARE_PROFILE_QUERIES + 1):
        response = get_ok(client, url)
    assert response.context["homonyms"] == [namesake]


def test_a_profile_with_citation_counts_adds_only_its_h_index(client, person, django_assert_num_queries):
    add_papers(person, PAGE_SIZE)
    Paper.objects.filter(authorships__researcher=person).update(citation_count=12)
    with django_assert_num_queries(PROFILE_QUERIES + 1):
        response = get_ok(client, reverse("researchers:detail", args=[person.slug]))
    papers = response.context["metrics"]["papers"]
    assert response.context["metrics"]["h_index"] == 12 and response.context["metrics"]["i10_index"] == papers


def test_a_filtered_profile_costs_the_same_queries(client, person, django_assert_num_queries):
    """The filters are a subquery of the rows' query, not a query of their own."""
    url = reverse("researchers:detail", args=[person.slug])
    topic = person.profile_topics.get().topic.slug
    query = f"?year_min=2000&year_max=2030&first=on&selected=false&venue=acl&awarded=true&topic={topic}"
    with django_assert_num_queries(PROFILE_QUERIES):
        response = get_ok(client, url + query)
    assert response.content.decode().count('class="paper"') == 1  # the awarded paper


def test_directory_filtered_by_an_organization_adds_only_its_name(client, person, django_assert_num_queries):
    with django_assert_num_queries(DIRECTORY_QUERIES + 1):
        response = get_ok(client, f"/researchers/?organization={person.affiliation_id}")
    assert person.name in response.content.decode()


def test_embed_query_count_is_pinned_and_does_not_grow(client, person, django_assert_num_queries):
    url = reverse("researchers:embed", args=[person.slug])
    with django_assert_num_queries(EMBED_QUERIES):
        get_ok(client, url)
    add_papers(person, 100)
    with django_assert_num_queries(EMBED_QUERIES):
        get_ok(client, reverse("researchers:fragment", args=[person.slug]))


@pytest.mark.parametrize(
    ("name", "expected"),
    [("researchers:bibtex", RESEARCHER_EXPORT_QUERIES), ("researchers:feed", RESEARCHER_EXPORT_QUERIES)],
)
def test_researcher_exports_and_feed_do_not_grow(client, person, django_assert_num_queries, name, expected):
    url = reverse(name, args=[person.slug])
    with django_assert_num_queries(expected):
        get_ok(client, url)
    add_papers(person, 100)
    with django_assert_num_queries(expected):
        get_ok(client, url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", HOME_QUERIES),
        ("/papers/", PAPER_LIST_QUERIES),
        ("/papers/?year=2022&venue=acl&status=published&awarded=on", PAPER_LIST_QUERIES),
        ("/papers/?year_min=2020&year_max=2024&kind=conference&awarded=true&author=lin-wei", PAPER_LIST_QUERIES),
        ("/researchers/", DIRECTORY_QUERIES),
        ("/venues/", VENUE_LIST_QUERIES),
        ("/venues/acl/", VENUE_QUERIES),
        ("/awards/", AWARDS_QUERIES),
        ("/search/?q=study", SEARCH_QUERIES),
        ("/papers/feed/", SITE_FEED_QUERIES),
        ("/sitemap.xml", SITEMAP_QUERIES),
    ],
)
def test_site_pages_query_counts_are_pinned_and_do_not_grow(client, person, django_assert_num_queries, url, expected):
    with django_assert_num_queries(expected):
        get_ok(client, url)
    add_papers(person, 30)
    with django_assert_num_queries(expected):
        get_ok(client, url)


def paper_with_every_part(person):
    """A paper of `person`'s with a link, an award, a topic, a reference to a paper in pubdb, a paper citing it
    and a per-year count: every part of its page that costs a query."""
    paper = person.authorships.first().paper
    PaperLinkFactory(paper=paper)
    AwardFactory(paper=paper)
    paper.topics.add(TopicFactory())
    cited, citing = PaperFactory(), PaperFactory()
    Reference.objects.create(citing=paper, cited=cited, openalex_id="W1", source="OpenAlex", as_of="2026-01-01")
    Reference.objects.create(citing=citing, cited=paper, openalex_id="W2", source="OpenAlex", as_of="2026-01-01")
    CitationYear.objects.create(paper=paper, year=2025, count=1, source="OpenAlex", as_of="2026-01-01")
    return paper


@pytest.mark.parametrize("suffix", ["/", ".bib", ".ris", ".json"])
def test_paper_page_and_exports_query_count(client, person, django_assert_num_queries, suffix):
    paper = paper_with_every_part(person)
    for _ in range(2):
        with django_assert_num_queries(PAPER_QUERIES if suffix == "/" else PAPER_EXPORT_QUERIES):
            get_ok(client, f"/papers/{paper.pk}{suffix}")
        add_papers(person, 30)


def test_a_paper_page_queries_only_the_parts_the_paper_has(client, person, django_assert_num_queries):
    paper = PaperFactory()
    AuthorshipFactory(paper=paper, researcher=person, position=1)
    AuthorshipFactory(paper=paper, position=2)
    with django_assert_num_queries(BARE_PAPER_QUERIES):
        html = get_ok(client, f"/papers/{paper.pk}/").content.decode()
    assert paper.title in html and person.name in html
    # Each part, once added, costs its query and shows on the page.
    PaperLinkFactory(paper=paper, url="https://github.com/example/code")
    paper.topics.add(TopicFactory(name="Apiculture"))
    with django_assert_num_queries(BARE_PAPER_QUERIES + 2):
        html = get_ok(client, f"/papers/{paper.pk}/").content.decode()
    assert "https://github.com/example/code" in html and "Apiculture" in html
    citing = PaperFactory(title="A Paper Citing It")
    Reference.objects.create(citing=citing, cited=paper, openalex_id="W3", source="OpenAlex", as_of="2026-01-01")
    with django_assert_num_queries(BARE_PAPER_QUERIES + 3):
        html = get_ok(client, f"/papers/{paper.pk}/").content.decode()
    assert f'<a href="/papers/{citing.pk}/">A Paper Citing It</a>' in html


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = get_ok(client, "/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_pages_are_usable_without_javascript(client, person):
    """Server-rendered: no page ships a script other than JSON-LD data and the copy-citation helper, whose
    BibTeX buttons are links to the .bib files without it."""
    paper = person.authorships.first().paper
    for url in ["/", person.get_absolute_url(), f"/papers/{paper.pk}/", "/papers/", "/search/?q=study"]:
        html = get_ok(client, url).content.decode()
        html = html.replace('<script type="application/ld+json">', "")
        assert "<script" not in html.replace('<script src="/static/js/cite.js" defer></script>', "")


def test_stylesheet_is_served_locally_and_pages_load_nothing_from_elsewhere(client, person):
    html = get_ok(client, person.get_absolute_url()).content.decode()
    assert 'href="/static/css/site.css"' in html
    for tag in ("<link", "<img", "<script"):
        for chunk in html.split(tag)[1:]:
            attrs = chunk.split(">", 1)[0]
            # The page's own addresses (its feed, its canonical URL and language versions) are not loaded.
            linked = 'rel="alternate"' in attrs or 'rel="canonical"' in attrs
            assert 'src="http' not in attrs and 'href="http' not in attrs or linked


def test_a_large_venue_is_shown_a_page_at_a_time(client, person, django_assert_num_queries):
    add_papers(person, VENUE_PAGE_SIZE + 5)  # 7 of them from 2010, the oldest year: 2 on page 1, 5 on page 2
    with django_assert_num_queries(VENUE_QUERIES - 1):  # no award conferred by this venue: no recipients query
        first = get_ok(client, "/venues/emnlp/").content.decode()
    with django_assert_num_queries(VENUE_QUERIES - 1):
        second = get_ok(client, "/venues/emnlp/?page=2").content.decode()
    assert (first.count('class="paper"'), second.count('class="paper"')) == (VENUE_PAGE_SIZE, 5)
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    # Each year's heading counts the venue's papers of that year, not only those on the page.
    assert '2010 <span class="count">7</span>' in first
    assert '2010 <span class="count">7</span>' in second


def test_home_ranks_the_people_with_the_most_papers(client):
    counts = {"Few Papers": 1, "Most Papers": 3, "Some Papers": 2}
    people = {name: ResearcherFactory(name=name) for name in counts}
    for name, n in counts.items():
        for _ in range(n):
            AuthorshipFactory(researcher=people[name], position=1)

    top = Researcher.objects.most_papers(2)

    assert [(p.name, p.paper_total) for p in top] == [("Most Papers", 3), ("Some Papers", 2)]
    box = get_ok(client, "/").content.decode().split('id="people-h"')[1]
    assert box.index("Most Papers") < box.index("Some Papers") < box.index("Few Papers")
