"""Merges and splits can be undone from the admin's "Merges and splits" page, profile items included."""

import pytest

from papers.models import Authorship, ProfileTopic
from researchers.models import Alias, NewsItem, OldSlug, Position, Project, Researcher, Service, Talk
from tests.factories import (
    AuthorshipFactory,
    AwardFactory,
    OrganizationFactory,
    TopicFactory,
    VenueFactory,
    paper_with_authors,
)
from tests.factories import ResearcherFactory as Person

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/researchers/researcher/"
MERGES = "/admin/researchers/researcher/merges/"


def merge(client, keep, other):
    data = {"action": "merge_into", "_selected_action": [keep.pk, other.pk], "keep": keep.pk, "apply": "Merge"}
    assert b"Merged" in client.post(CHANGELIST, data, follow=True).content


def only_change(client):
    """The one merge or split listed on the page, by the reason its Undo button posts."""
    (change,) = client.get(MERGES).context["changes"]
    return change.reason


def profile_of(person):
    """Everything on a profile that a merge moves, as (kind, text) pairs."""
    rows = [("news", n.text) for n in NewsItem.objects.filter(researcher=person)]
    rows += [("talk", t.title) for t in Talk.objects.filter(researcher=person)]
    rows += [("talk link", link.url) for t in Talk.objects.filter(researcher=person) for link in t.links.all()]
    rows += [("service", str(s)) for s in Service.objects.filter(researcher=person)]
    rows += [("project", p.name) for p in Project.objects.filter(researcher=person)]
    rows += [("position", str(p)) for p in Position.objects.filter(researcher=person)]
    rows += [("advises", str(p)) for p in person.advised_positions.all()]
    rows += [("topic", t.topic.name) for t in ProfileTopic.objects.filter(researcher=person)]
    rows += [("award", a.name) for a in person.awards.all()]
    rows += [("alias", a.name) for a in Alias.objects.filter(researcher=person)]
    rows += [("paper", a.paper.title) for a in Authorship.objects.filter(researcher=person)]
    return sorted(rows)


def test_a_merge_is_undone_from_the_merges_page_with_every_profile_item(staff_client):
    keep, other = Person(name="Bing Qin"), Person(name="Bin Qin", orcid="0000-0002-1825-0097")
    student = Person(name="A Student")
    shared_topic, own_topic = TopicFactory(name="Opinion Mining"), TopicFactory(name="Sentiment")
    ProfileTopic.objects.create(researcher=keep, topic=shared_topic)
    ProfileTopic.objects.create(researcher=other, topic=shared_topic)  # both had it: goes with the merged person
    ProfileTopic.objects.create(researcher=other, topic=own_topic)
    Alias.objects.create(researcher=other, name="B. Qin")
    paper_with_authors(other, title="Her Paper")
    AwardFactory(kind="honour", paper=None, name="Fellow").recipients.add(other)
    NewsItem.objects.create(researcher=other, text="Joined a lab.")
    Talk.objects.create(researcher=other, title="A Keynote").links.create(kind="slides", url="https://e.org/s")
    Service.objects.create(researcher=other, role="reviewer", venue=VenueFactory(acronym="ACL"), year_start=2024)
    Project.objects.create(researcher=other, name="A Tool")
    Position.objects.create(researcher=other, kind="employment", organization=OrganizationFactory(name="HIT"))
    advised = Position.objects.create(researcher=student, kind="education", organization=OrganizationFactory())
    advised.advisors.add(other)
    before = {"keep": profile_of(keep), "other": profile_of(other), "student": profile_of(student)}
    old_slug = other.slug

    merge(staff_client, keep, other)
    assert not Researcher.objects.filter(pk=other.pk).exists()
    redirect = staff_client.get(f"/researchers/{old_slug}/")
    assert redirect.status_code == 301 and "no-cache" in redirect["Cache-Control"], "browsers ask again after an undo"
    page = staff_client.get(MERGES).content.decode()
    assert f"Merge of {old_slug} into {keep.slug}" in page and 'value="Undo"' in page
    assert 'href="/admin/researchers/researcher/merges/"' in staff_client.get(CHANGELIST).content.decode()

    response = staff_client.post(MERGES, {"reason": only_change(staff_client)}, follow=True)

    assert "Undone: Merge of" in response.content.decode()
    other = Researcher.objects.get(pk=other.pk)
    assert (other.slug, other.orcid) == (old_slug, "0000-0002-1825-0097")
    keep.refresh_from_db()
    assert keep.orcid == ""
    after = {"keep": profile_of(keep), "other": profile_of(other), "student": profile_of(student)}
    assert after == before
    assert not OldSlug.objects.exists()
    assert staff_client.get(f"/researchers/{old_slug}/").status_code == 200
    assert "undone" in staff_client.get(MERGES).content.decode()


def test_a_split_is_undone_and_the_new_person_goes(staff_client):
    mixed = Person(name="Chen Zhang", slug="chen-zhang")
    mine, theirs = AuthorshipFactory(researcher=mixed), AuthorshipFactory(researcher=mixed)
    data = {"action": "move_authorships", "_selected_action": [theirs.pk], "apply": "Move"}
    staff_client.post("/admin/papers/authorship/", data)
    assert Researcher.objects.filter(slug="chen-zhang-2").exists()

    staff_client.post(MERGES, {"reason": only_change(staff_client)})

    assert list(Researcher.objects.values_list("slug", flat=True)) == ["chen-zhang"]
    assert set(mixed.authorships.all()) == {mine, theirs}


def test_an_undo_is_refused_when_a_moved_item_was_changed_since_and_changes_nothing(staff_client):
    keep, other = Person(name="Bing Qin"), Person(name="Bin Qin")
    news = NewsItem.objects.create(researcher=other, text="Joined a lab.")
    merge(staff_client, keep, other)
    news.refresh_from_db()
    news.text = "Joined a lab, edited after the merge."
    news.save()

    response = staff_client.post(MERGES, {"reason": only_change(staff_client)}, follow=True)

    assert "Not undone" in response.content.decode() and "was changed after Merge of" in response.content.decode()
    assert list(Researcher.objects.all()) == [keep]
    assert keep.news.get().text == "Joined a lab, edited after the merge."


def test_an_unknown_change_is_refused(staff_client):
    response = staff_client.post(MERGES, {"reason": "Import #1: lab.bib"}, follow=True)
    assert "Not undone: No merge or split is called" in response.content.decode()


def test_the_merges_page_costs_a_fixed_number_of_queries(staff_client, django_assert_num_queries):
    def page():
        # session, user; the merges and splits with their users; which of them were undone
        with django_assert_num_queries(4):
            assert staff_client.get(MERGES).status_code == 200

    keep = Person()
    merge(staff_client, keep, Person())
    page()
    for _ in range(10):
        merge(staff_client, keep, Person())
    page()
