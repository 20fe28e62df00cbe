"""Reading the API anonymously: the shape of each resource, with the demo profiles and factory data."""

import pytest

from papers.models import Award, Paper
from tests.factories import (
    AuthorshipFactory,
    AwardFactory,
    PaperFactory,
    ResearcherFactory,
    TopicFactory,
    VenueFactory,
    paper_with_authors,
)

pytestmark = pytest.mark.django_db


def test_root_lists_every_resource(client):
    assert set(client.get("/api/v1/").json()) == {
        "researchers",
        "papers",
        "venues",
        "awards",
        "topics",
        "organizations",
        "claims",  # the curators' review queues: listed, their reads need a token (tests/test_api_review.py)
        "proposals",
        "disagreements",
    }


def test_paper_has_ordered_authors_with_marks_venue_links_topics_and_awards(client):
    venue = VenueFactory(acronym="ACL", slug="acl", name="Annual Meeting of the ACL")
    paper = PaperFactory(venue=venue, year=2025, track="Findings", authors_truncated=True, doi="10.1234/x")
    second = AuthorshipFactory(paper=paper, position=2, printed_name="Bin Qin", corresponding=True)
    first = AuthorshipFactory(paper=paper, position=1, equal_contribution=True)
    paper.topics.add(TopicFactory(slug="efficiency"))
    paper.links.create(kind="code", url="https://github.com/a/b")
    AwardFactory(paper=paper, name="Outstanding Paper", venue=venue, year=2025)

    body = client.get(f"/api/v1/papers/{paper.pk}/").json()

    assert [a["researcher"] for a in body["authors"]] == [first.researcher.slug, second.researcher.slug]
    assert body["authors"][0]["equal_contribution"] is True
    assert body["authors"][1] | {"name": "Bin Qin", "corresponding": True} == body["authors"][1]
    assert body["authors"][1]["researcher_name"] == second.researcher.name
    assert (body["venue"], body["venue_acronym"], body["venue_display"]) == ("acl", "ACL", "ACL 2025 Findings")
    assert (body["track"], body["authors_truncated"], body["doi"]) == ("Findings", True, "10.1234/x")
    assert body["topics"] == ["efficiency"]
    assert body["links"] == [{"kind": "code", "url": "https://github.com/a/b", "label": ""}]
    assert [(a["name"], a["conferred_by"]) for a in body["awards"]] == [("Outstanding Paper", "ACL")]


def test_researcher_profile_has_its_sections(client, demo):
    body = client.get("/api/v1/researchers/chen-zhang/").json()
    assert (body["name"], body["native_name"], body["affiliation_name"]) == ("Chen Zhang", "张辰", "Meituan")
    for section in ("positions", "news", "talks", "services", "projects", "awards"):
        assert body[section], f"the demo profile has {section}"
    assert set(body["identifiers"]) == {"orcid", "google_scholar", "semantic_scholar", "dblp", "openreview", "github"}
    assert set(body["metrics"]) == {"citations", "h_index", "i10_index", "paper_count", "source", "as_of"}
    assert body["papers"].endswith("/api/v1/researchers/chen-zhang/papers/")
    assert "bio" in body and "email" not in body


def test_researcher_awards_include_their_papers_awards_and_honours(client):
    researcher = ResearcherFactory()
    AwardFactory(paper=paper_with_authors(researcher), name="Best Paper")
    Award.objects.create(name="National Scholarship", kind="scholarship", year=2020).recipients.add(researcher)
    AwardFactory(name="Someone else's")
    names = {a["name"] for a in client.get(f"/api/v1/researchers/{researcher.slug}/").json()["awards"]}
    assert names == {"Best Paper", "National Scholarship"}


def test_researcher_papers_lists_only_theirs(client):
    researcher = ResearcherFactory()
    theirs = paper_with_authors(researcher)
    PaperFactory()
    body = client.get(f"/api/v1/researchers/{researcher.slug}/papers/").json()
    assert [p["id"] for p in body["results"]] == [theirs.pk]


def test_unknown_objects_are_json_404s(client):
    for path in (
        "/api/v1/researchers/nobody/",
        "/api/v1/researchers/nobody/papers/",
        "/api/v1/papers/999999/",
        "/api/v1/papers/not-a-number/",
        "/api/v1/venues/nowhere/",
        "/api/v2/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert set(response.json()) == {"detail"}, path


def test_venues_count_their_papers(client):
    venue = VenueFactory(slug="kdd", acronym="KDD")
    PaperFactory.create_batch(3, venue=venue)
    assert client.get("/api/v1/venues/kdd/").json()["paper_count"] == 3


def test_award_names_its_paper_and_recipients(client):
    paper = PaperFactory(title="Winning")
    award = AwardFactory(paper=paper, place="3rd place")
    recipient = ResearcherFactory()
    award.recipients.add(recipient)
    body = client.get(f"/api/v1/awards/{award.pk}/").json()
    assert (body["paper"], body["paper_title"], body["recipients"]) == (paper.pk, "Winning", [recipient.slug])


def test_anonymous_cannot_write(client):
    response = client.post("/api/v1/papers/", {"title": "x"}, content_type="application/json")
    assert response.status_code == 401
    assert Paper.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/papers/", "/api/v1/researchers/chen-zhang/", "/api/v1/researchers/chen-zhang/papers/"]
)
def test_browsable_api_pages_render_for_visitors_and_curators(client, admin_user, demo, path):
    for user in (None, admin_user):  # a superuser also gets the write forms
        if user:
            client.force_login(user)
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
