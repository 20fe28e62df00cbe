"""Every API list and detail costs a fixed number of SQL queries, whatever the page size and author count."""

import pytest

from papers.models import Award
from researchers.models import Alias, NewsItem, Position, Project, Service, Talk
from tests.factories import (
    AwardFactory,
    OrganizationFactory,
    ResearcherFactory,
    TopicFactory,
    VenueFactory,
    paper_with_authors,
)

pytestmark = pytest.mark.django_db


def make_papers(researcher, count, coauthors):
    for _ in range(count):
        paper = paper_with_authors(researcher, coauthors=coauthors)
        AwardFactory(paper=paper)


def make_profile(researcher, count):
    organization = OrganizationFactory()
    for n in range(count):
        Alias.objects.create(researcher=researcher, name=f"Alias {n}")
        position = Position.objects.create(researcher=researcher, kind="education", organization=organization)
        position.advisors.add(ResearcherFactory())
        NewsItem.objects.create(researcher=researcher, text=f"News {n}", year=2024)
        Talk.objects.create(researcher=researcher, title=f"Talk {n}").links.create(kind="slides", url="https://a.org")
        Service.objects.create(researcher=researcher, role="reviewer", venue=VenueFactory(), year_start=2024)
        Project.objects.create(researcher=researcher, name=f"P{n}").links.create(kind="code", url="https://b.org")
        Award.objects.create(name=f"Honour {n}", kind="honour", year=2024).recipients.add(researcher)


# Queries of one page of papers (list, researcher's papers, exports):
# count, papers with their venues, authorships with researchers, links, awards with venue and organization, topics.
PAPER_PAGE = 6


@pytest.mark.parametrize("path", ["/api/v1/papers/", "/api/v1/papers/?format=bibtex", "/api/v1/papers/?format=ris"])
@pytest.mark.parametrize(("papers", "coauthors"), [(2, 1), (30, 8)])
def test_paper_list_costs_six_queries(client, django_assert_num_queries, path, papers, coauthors):
    make_papers(ResearcherFactory(), papers, coauthors)
    with django_assert_num_queries(PAPER_PAGE):
        response = client.get(path, {"page_size": 100})
    assert response.status_code == 200


@pytest.mark.parametrize(("papers", "coauthors"), [(2, 1), (30, 8)])
def test_paper_cursor_page_costs_five_queries(client, django_assert_num_queries, papers, coauthors):
    make_papers(ResearcherFactory(), papers, coauthors)
    with django_assert_num_queries(PAPER_PAGE - 1):  # no count in cursor mode
        response = client.get("/api/v1/papers/", {"cursor": "", "page_size": 100})
    assert len(response.json()["results"]) == papers


@pytest.mark.parametrize(("papers", "coauthors"), [(2, 1), (30, 8)])
def test_researcher_papers_cost_seven_queries(client, django_assert_num_queries, papers, coauthors):
    researcher = ResearcherFactory()
    make_papers(researcher, papers, coauthors)
    with django_assert_num_queries(1 + PAPER_PAGE):  # the researcher, then the page
        response = client.get(f"/api/v1/researchers/{researcher.slug}/papers/", {"page_size": 100, "format": "json"})
    assert response.json()["count"] == papers


@pytest.mark.parametrize("coauthors", [1, 40])
def test_paper_detail_costs_six_queries_and_five_as_an_export(client, django_assert_num_queries, coauthors):
    make_papers(ResearcherFactory(), 1, coauthors)
    paper_id = client.get("/api/v1/papers/").json()["results"][0]["id"]
    # paper with venue, authorships with researchers, links, awards, topics; in JSON its citations per year
    for fmt, queries in (("json", 6), ("csl-json", 5)):
        with django_assert_num_queries(queries):
            assert client.get(f"/api/v1/papers/{paper_id}/", {"format": fmt}).status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_researcher_list_costs_three_queries(client, django_assert_num_queries, count):
    for n in range(count):
        researcher = ResearcherFactory(affiliation=OrganizationFactory())
        Alias.objects.create(researcher=researcher, name=f"Other {n}")
    with django_assert_num_queries(3):  # count, researchers with affiliations, aliases
        response = client.get("/api/v1/researchers/", {"page_size": 100})
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 12])
def test_researcher_profile_costs_eleven_queries(client, django_assert_num_queries, count):
    researcher = ResearcherFactory(affiliation=OrganizationFactory())
    make_profile(researcher, count)
    make_papers(researcher, count, 3)
    # researcher with affiliation, aliases, positions with organizations, advisors, news, talks, talk links,
    # services with venues, projects, project links, awards (received or of their papers)
    with django_assert_num_queries(11):
        response = client.get(f"/api/v1/researchers/{researcher.slug}/")
    assert len(response.json()["awards"]) == 2 * count


@pytest.mark.parametrize("count", [1, 30])
def test_catalogue_lists_cost_fixed_queries(client, django_assert_num_queries, count):
    researcher = ResearcherFactory()
    for _ in range(count):
        TopicFactory()
        OrganizationFactory()
        AwardFactory(paper=paper_with_authors(researcher)).recipients.add(ResearcherFactory(), ResearcherFactory())
    with django_assert_num_queries(2):  # count, venues with their paper counts
        client.get("/api/v1/venues/", {"page_size": 100})
    with django_assert_num_queries(2):  # count, topics
        client.get("/api/v1/topics/", {"page_size": 100})
    with django_assert_num_queries(2):  # count, organizations
        client.get("/api/v1/organizations/", {"page_size": 100})
    with django_assert_num_queries(3):  # count, awards with venue, organization and paper, recipients
        response = client.get("/api/v1/awards/", {"page_size": 100})
    assert response.json()["count"] == count


def test_catalogue_details_cost_fixed_queries(client, django_assert_num_queries):
    award = AwardFactory(paper=paper_with_authors(ResearcherFactory()), venue=VenueFactory())
    award.recipients.add(ResearcherFactory(), ResearcherFactory())
    topic, organization = TopicFactory(), OrganizationFactory()
    with django_assert_num_queries(1):  # venue with its paper count
        client.get(f"/api/v1/venues/{award.venue.slug}/")
    with django_assert_num_queries(1):
        client.get(f"/api/v1/topics/{topic.slug}/")
    with django_assert_num_queries(1):
        client.get(f"/api/v1/organizations/{organization.pk}/")
    with django_assert_num_queries(2):  # award with venue, organization and paper; recipients
        assert client.get(f"/api/v1/awards/{award.pk}/").status_code == 200
