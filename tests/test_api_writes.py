"""API writes: a curator's token, ordered authors in one request, 400s naming the field, no half-writes."""

import io

import pytest
from django.core.management import call_command

from api.curators import curator_group
from papers.models import Authorship, Paper, Venue
from researchers.models import Alias, Researcher
from tests.factories import AwardFactory, PaperFactory, ResearcherFactory, TopicFactory, VenueFactory

pytestmark = pytest.mark.django_db

PAPERS = "/api/v1/papers/"


@pytest.fixture
def acl():
    return VenueFactory(acronym="ACL", slug="acl")


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def new_paper(**fields):
    return {
        "title": "MiniMA",
        "year": 2024,
        "venue": "acl",
        "authors": [{"name": "Chen Zhang"}, {"name": "Ada Newcomer", "equal_contribution": True}],
        **fields,
    }


def test_curator_creates_a_paper_with_ordered_authors(curator_client, acl):
    chen = ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    TopicFactory(slug="efficiency")
    authors = [{"researcher": "chen-zhang", "name": "Chen Zhang"}, {"name": "Ada Newcomer", "equal_contribution": True}]
    links = [{"kind": "code", "url": "https://g.co/x"}]
    response = post(curator_client, PAPERS, new_paper(authors=authors, topics=["efficiency"], links=links))
    assert response.status_code == 201, response.json()
    paper = Paper.objects.get(pk=response.json()["id"])
    authorships = list(paper.authorships.in_order().select_related("researcher"))
    assert [(a.position, a.researcher.slug, a.printed_name) for a in authorships] == [
        (1, chen.slug, "Chen Zhang"),
        (2, "ada-newcomer", "Ada Newcomer"),
    ]
    assert authorships[1].equal_contribution and not authorships[0].equal_contribution
    assert (paper.venue, [t.slug for t in paper.topics.all()], paper.links.get().url) == (
        acl,
        ["efficiency"],
        "https://g.co/x",
    )
    assert response.json()["authors"][1]["researcher"] == "ada-newcomer"


def test_a_bare_name_links_the_researcher_with_that_name_or_alias(curator_client, acl):
    bing = ResearcherFactory(name="Bing Qin")
    Alias.objects.create(researcher=bing, name="Bin Qin")
    response = post(curator_client, PAPERS, new_paper(authors=[{"name": "Bin Qin"}]))
    assert response.status_code == 201
    assert Authorship.objects.get().researcher == bing
    assert Researcher.objects.count() == 1


def test_an_ambiguous_name_is_a_400_naming_the_candidates(curator_client, acl):
    first, second = ResearcherFactory(name="Chen Zhang"), ResearcherFactory(name="Chen Zhang")
    response = post(curator_client, PAPERS, new_paper(authors=[{"name": "Ada"}, {"name": "Chen Zhang"}]))
    assert response.status_code == 400
    errors = response.json()["authors"]
    assert errors[0] == {}
    assert first.slug in errors[1]["name"][0] and second.slug in errors[1]["name"][0]
    assert not Paper.objects.exists() and not Researcher.objects.filter(name="Ada").exists()


def test_an_unknown_researcher_slug_is_a_400(curator_client, acl):
    response = post(curator_client, PAPERS, new_paper(authors=[{"researcher": "nobody-here"}]))
    assert response.status_code == 400
    assert "nobody-here" in response.json()["authors"][0]["researcher"][0]
    assert not Researcher.objects.exists()


def test_the_same_person_twice_writes_nothing(curator_client, acl):
    response = post(curator_client, PAPERS, new_paper(authors=[{"name": "Ada Newcomer"}, {"name": "Ada Newcomer"}]))
    assert response.status_code == 400
    assert "twice" in response.json()["authors"][0]
    assert not Paper.objects.exists() and not Researcher.objects.exists()  # the paper and Ada rolled back


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"year": 1800}, "year"),
        ({"year": 2999}, "year"),
        ({"month": 13}, "month"),
        ({"doi": "doi:10.1/x"}, "doi"),
        ({"arxiv_id": "arXiv 2406"}, "arxiv_id"),
        ({"venue": "nowhere"}, "venue"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"kind": "novel"}, "kind"),
        ({"title": ""}, "title"),
        ({"authors": []}, "authors"),
        ({"authors": [{"equal_contribution": True}]}, "authors"),
        ({"links": [{"kind": "code", "url": "not a url"}]}, "links"),
    ],
)
def test_bad_paper_input_is_a_400_naming_the_field(curator_client, acl, fields, field):
    response = post(curator_client, PAPERS, new_paper(**fields))
    assert response.status_code == 400
    assert field in response.json()
    assert not Paper.objects.exists() and not Researcher.objects.exists()


def test_a_duplicate_doi_is_a_409_naming_the_paper_that_has_it(curator_client, acl):
    """The answer a request racing another gets too (tests/test_concurrent_writes.py): one rule, api/conflicts.py."""
    existing = PaperFactory(title="Holder", doi="10.18653/v1/2023.acl-long.1")
    response = post(curator_client, PAPERS, new_paper(doi="10.18653/v1/2023.acl-long.1"))
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Another paper already has this DOI: Holder.",
        "existing": {"id": existing.pk, "name": "Holder", "url": f"http://testserver/api/v1/papers/{existing.pk}/"},
    }
    assert Paper.objects.count() == 1


def test_updating_authors_rewrites_the_list_and_keeps_selected_marks(curator_client, acl):
    chen = ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    paper_id = post(curator_client, PAPERS, new_paper()).json()["id"]
    Authorship.objects.filter(researcher=chen).update(selected=True)
    response = curator_client.patch(
        f"{PAPERS}{paper_id}/",
        {"authors": [{"name": "Grace Hopper"}, {"researcher": "chen-zhang", "corresponding": True}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [(a["name"], a["position"], a["corresponding"]) for a in response.json()["authors"]] == [
        ("Grace Hopper", 1, False),
        ("Chen Zhang", 2, True),
    ]
    assert Authorship.objects.get(researcher=chen).selected


def test_a_failed_update_changes_nothing(curator_client, acl):
    paper = PaperFactory(title="Before", venue=acl)
    response = curator_client.patch(
        f"{PAPERS}{paper.pk}/", {"title": "After", "doi": "nonsense"}, content_type="application/json"
    )
    assert response.status_code == 400
    paper.refresh_from_db()
    assert paper.title == "Before"


def test_researcher_orcid_is_validated(curator_client):
    bad = post(curator_client, "/api/v1/researchers/", {"name": "Ada", "identifiers": {"orcid": "0000-0002-1825-0098"}})
    assert bad.status_code == 400
    assert "check digit" in bad.json()["identifiers"]["orcid"][0]
    good = post(
        curator_client, "/api/v1/researchers/", {"name": "Ada", "identifiers": {"orcid": "0000-0002-1825-0097"}}
    )
    assert (good.status_code, good.json()["slug"], good.json()["identifiers"]["orcid"]) == (
        201,
        "ada",
        "0000-0002-1825-0097",
    )


def test_a_homonym_gets_a_numbered_slug(curator_client):
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    assert post(curator_client, "/api/v1/researchers/", {"name": "Chen Zhang"}).json()["slug"] == "chen-zhang-2"


def test_a_venue_slug_clash_is_a_409_naming_the_venue(curator_client, acl):
    response = post(curator_client, "/api/v1/venues/", {"acronym": "ACL", "slug": "acl"})
    assert response.status_code == 409
    assert response.json()["existing"]["url"] == "http://testserver/api/v1/venues/acl/"
    assert Venue.objects.count() == 1


def test_a_venue_with_a_taken_acronym_and_no_slug_gets_a_numbered_one(curator_client, acl):
    """As the admin and the importer number it (researchers/slugs.py)."""
    response = post(curator_client, "/api/v1/venues/", {"acronym": "ACL"})
    assert (response.status_code, response.json()["slug"]) == (201, "acl-2")


def test_deleting_a_referenced_object_is_a_409(curator_client, acl):
    paper = PaperFactory(venue=acl)
    AwardFactory(paper=paper)
    for path, blocker in ((f"/api/v1/venues/{acl.slug}/", "paper"), (f"{PAPERS}{paper.pk}/", "award")):
        response = curator_client.delete(path)
        assert response.status_code == 409
        assert blocker in response.json()["detail"]
    assert Paper.objects.exists()


def test_curator_deletes_a_paper(curator_client):
    paper = PaperFactory()
    assert curator_client.delete(f"{PAPERS}{paper.pk}/").status_code == 204
    assert not Paper.objects.exists()


def test_a_user_without_the_curator_group_cannot_write(client, django_user_model, acl):
    client.force_login(django_user_model.objects.create_user("reader"))
    assert post(client, PAPERS, new_paper()).status_code == 403


def test_a_bad_token_is_a_401(client, acl):
    response = client.post(
        PAPERS, new_paper(), content_type="application/json", headers={"Authorization": "Token nope"}
    )
    assert response.status_code == 401


def test_create_curator_prints_a_working_token(client, acl):
    out = io.StringIO()
    call_command("create_curator", "alice", stdout=out, stderr=io.StringIO())
    token = out.getvalue().strip()
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    response = client.post(
        PAPERS, new_paper(), content_type="application/json", headers={"Authorization": f"Token {token}"}
    )
    assert response.status_code == 201
    again = io.StringIO()
    call_command("create_curator", "alice", stdout=again, stderr=io.StringIO())
    assert again.getvalue().strip() == token


def test_the_curator_group_may_change_every_curated_model_and_nothing_else():
    codenames = set(curator_group().permissions.values_list("content_type__app_label", "codename"))
    assert {("papers", "add_paper"), ("papers", "change_authorship"), ("researchers", "delete_researcher")} <= codenames
    # curation: the background jobs curators queue and cancel, the change proposals they review.
    assert {("curation", "change_job"), ("curation", "change_changeproposal")} <= codenames
    assert {app for app, _ in codenames} == {"papers", "researchers", "curation"}
    assert not any(codename.startswith("view_") or "historical" in codename for _, codename in codenames)
