"""A lab's own pages (issue 17): members now and past from positions, the papers written there by year, awards,
a feed, an embed another site can frame, links from every profile, a directory filter, ROR ids."""

import json

import feedparser
import pytest
from django.core.exceptions import ValidationError

from papers.models import Award
from researchers.models import Organization, Position
from researchers.validators import validate_ror
from tests.factories import AuthorshipFactory, OrganizationFactory, ResearcherFactory, paper_with_authors
from tests.test_browser import browser  # noqa: F401 (the one Chromium of the browser tests)
from tests.test_journeys import other_site, page  # noqa: F401


@pytest.fixture
def lab(db):
    """A university with a lab; a past member, a current member, a lab member, an outside co-author."""
    university = OrganizationFactory(name="Harbin Institute of Technology", short_name="HIT", ror="01yqg2h08")
    lab = OrganizationFactory(name="Research Center for Social Computing", short_name="SCIR", parent=university)
    alumna = ResearcherFactory(name="Ada Alumna", headline="Professor elsewhere")
    Position.objects.create(
        researcher=alumna, kind="education", organization=university, start_year=2018, end_year=2021
    )
    student = ResearcherFactory(name="Sam Student")
    Position.objects.create(
        researcher=student, kind="education", organization=university, start_year=2022, current=True
    )
    engineer = ResearcherFactory(name="Lee Labmember")
    Position.objects.create(researcher=engineer, kind="employment", organization=lab, current=True)
    outsider = ResearcherFactory(name="Olga Outside")
    then = paper_with_authors(alumna, coauthors=0, title="Written There In 2020", year=2020)
    AuthorshipFactory(paper=then, researcher=outsider, position=2)
    paper_with_authors(alumna, coauthors=0, title="Written Elsewhere In 2023", year=2023)
    paper_with_authors(alumna, coauthors=0, title="An Undated Note", year=None)
    now = paper_with_authors(student, coauthors=0, title="Student Paper 2024", year=2024)
    paper_with_authors(engineer, coauthors=0, title="Lab Paper 2022", year=2022)
    Award.objects.create(name="Best Paper Award", kind=Award.Kind.PAPER, year=2024, paper=now)
    Award.objects.create(name="HIT Scholarship", kind=Award.Kind.HONOUR, year=2023, organization=university)
    return university


def test_the_page_lists_members_now_and_past_and_the_papers_written_there(client, lab):
    html = client.get(f"/organizations/{lab.slug}/").content.decode()
    members, past = html.split('id="members-h"')[1].split('id="past-h"')
    assert "Sam Student" in members and "Lee Labmember" in members  # the lab's people are the university's too
    assert "Ada Alumna" in past.split("</section>")[0] and "Ada Alumna" not in members
    for title in ["Written There In 2020", "Student Paper 2024", "Lab Paper 2022", "An Undated Note"]:
        assert title in html
    assert "Written Elsewhere In 2023" not in html  # after her position there ended
    assert "Best Paper Award" in html and "HIT Scholarship" in html
    assert 'href="https://ror.org/01yqg2h08"' in html
    assert f'href="/organizations/{lab.units.get().slug}/"' in html


def test_a_lab_page_names_its_parent_and_only_its_own_people(client, lab):
    html = client.get(f"/organizations/{lab.units.get().slug}/").content.decode()
    assert f'Part of <a href="/organizations/{lab.slug}/">Harbin Institute of Technology</a>' in html
    assert "Lab Paper 2022" in html and "Student Paper 2024" not in html


def test_profiles_link_the_organizations_they_name(client, lab):
    student = Position.objects.get(current=True, organization=lab).researcher
    student.affiliation = lab
    student.save()
    html = client.get(student.get_absolute_url()).content.decode()
    assert html.count(f'href="/organizations/{lab.slug}/"') == 2  # the affiliation and the timeline


def test_the_directory_separates_members_from_outside_coauthors(client, lab):
    members = client.get(f"/researchers/?member_of={lab.pk}").content.decode()
    outside = client.get(f"/researchers/?coauthor_of={lab.pk}").content.decode()
    assert "Ada Alumna" in members and "Lee Labmember" in members and "Olga Outside" not in members
    assert "Olga Outside" in outside and "Ada Alumna" not in outside
    api = client.get(f"/api/v1/researchers/?member_of={lab.pk}").json()
    assert sorted(r["name"] for r in api["results"]) == ["Ada Alumna", "Lee Labmember", "Sam Student"]
    assert client.get("/api/v1/researchers/?member_of=x").status_code == 400


def test_the_feed_has_the_papers_written_there(client, lab):
    feed = feedparser.parse(client.get(f"/organizations/{lab.slug}/feed/").content)
    titles = {entry.title for entry in feed.entries}
    assert "Student Paper 2024" in titles and "Written Elsewhere In 2023" not in titles
    assert feed.feed.title == "Papers from Harbin Institute of Technology"


def test_organization_pages_are_in_the_sitemap_and_the_list(client, lab):
    assert f"/organizations/{lab.slug}/" in client.get("/sitemap.xml").content.decode()
    assert "Research Center for Social Computing" in client.get("/organizations/").content.decode()


def test_queries_do_not_grow_with_members_or_papers(client, lab, django_assert_num_queries):
    def count(path):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    paths = [f"/organizations/{lab.slug}/", f"/organizations/{lab.slug}/embed/", "/organizations/"]
    before = [count(path) for path in paths]
    for n in range(6):
        person = ResearcherFactory()
        Position.objects.create(researcher=person, kind="employment", organization=lab, current=True)
        paper_with_authors(person, coauthors=2, year=2020 + n)
    assert [count(path) for path in paths] == before
    # 17: the page, units by level (one query per level of the tree, here two), members, papers, awards.
    with django_assert_num_queries(17):
        client.get(f"/organizations/{lab.slug}/")
    with django_assert_num_queries(8):
        client.get(f"/organizations/{lab.slug}/embed/")
    with django_assert_num_queries(1):
        client.get("/organizations/")


@pytest.mark.parametrize(("ror", "message"), [("01yqg2h09", "wrong checksum"), ("https://ror.org/x", "not a ROR id")])
def test_a_mistyped_ror_id_is_refused_with_a_reason(ror, message):
    validate_ror("01yqg2h08")
    with pytest.raises(ValidationError, match=message):
        validate_ror(ror)


def test_the_api_refuses_a_bad_ror_and_gives_the_slug(curator_client, lab):
    body = json.dumps({"name": "Somewhere", "ror": "01yqg2h09"})
    answer = curator_client.post("/api/v1/organizations/", body, content_type="application/json")
    assert answer.status_code == 400 and "checksum" in str(answer.json())
    assert not Organization.objects.filter(name="Somewhere").exists()
    listed = curator_client.get(f"/api/v1/organizations/{lab.pk}/").json()
    assert listed["slug"] == "harbin-institute-of-technology" and listed["ror"] == "01yqg2h08"


@pytest.mark.browser
def test_a_lab_homepage_frames_the_organization_embed(page, live_server, other_site, lab):  # noqa: F811
    folder, origin = other_site
    src = f"{live_server.url}/organizations/{lab.slug}/embed/"
    (folder / "index.html").write_text(f'<!doctype html><title>Lab</title><iframe src="{src}"></iframe>')
    page.goto(f"{origin}/index.html")
    frame = page.frame_locator("iframe")
    frame.locator(".pubdb-list li", has_text="Student Paper 2024").wait_for()
    assert frame.locator(".pubdb-list h2").first.evaluate("h2 => getComputedStyle(h2).borderBottomStyle") == "solid"
    assert page.errors == []
