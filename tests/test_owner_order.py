"""The owner's order of their own papers: set in their papers form (live at once, in the history), followed by
the profile's selected block and by its "in the owner's order" view, the embed, the exports and the API."""

import pytest
from django.urls import reverse

from curation import proposals
from papers.models import Authorship, Paper
from tests.factories import AuthorshipFactory, ResearcherFactory, VenueFactory, paper_with_authors
from tests.site_data import add_papers, full_profile
from tests.test_pages import EMBED_QUERIES, PROFILE_QUERIES, RESEARCHER_EXPORT_QUERIES
from tests.test_self_service import owner_of

pytestmark = pytest.mark.django_db


def papers_of(person, *years, selected=False):
    """A paper a year (titles "P<year>"), the person first author of each; their authorships, in that order."""
    rows = []
    for year in years:
        paper = paper_with_authors(person, year=year, title=f"P{year}")
        row = paper.authorships.get(researcher=person)
        row.selected = selected
        row.save()
        rows.append(row)
    return rows


def formset_data(rows, orders, selected=()):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows))}
    for n, (row, order) in enumerate(zip(rows, orders, strict=True)):
        data[f"form-{n}-id"] = row.pk
        data[f"form-{n}-profile_order"] = "" if order is None else str(order)
        if row.pk in selected:
            data[f"form-{n}-selected"] = "on"
    return data


def listed(response):
    groups = response.context["groups"]
    return [e.title for e in [*response.context["selected"], *(e for g in groups for e in g.papers)]]


def test_the_owner_orders_their_papers_live_and_in_the_history():
    person = ResearcherFactory(name="Ann Lee")
    rows = papers_of(person, 2021, 2022, 2023)
    client, user = owner_of(person)
    data = formset_data(rows, [2, None, 1], selected={rows[0].pk})
    assert client.post(f"/profile/{person.slug}/papers/", data).status_code == 302
    assert {r.paper.title: r.profile_order for r in Authorship.objects.filter(researcher=person)} == {
        "P2021": 2,
        "P2022": None,
        "P2023": 1,
    }
    record = Authorship.history.filter(id=rows[2].pk).first()
    assert record.profile_order == 1 and record.history_user == user
    # The form lists the papers in the owner's order, the unordered ones after them, newest first.
    form = client.get(f"/profile/{person.slug}/papers/")
    assert [f.instance.paper.title for f in form.context["formset"]] == ["P2023", "P2021", "P2022"]
    assert 'name="form-0-profile_order"' in form.content.decode()


def test_an_order_must_be_a_positive_number():
    person = ResearcherFactory(name="Ann Lee")
    rows = papers_of(person, 2021)
    client, _user = owner_of(person)
    for bad in (0, 40_000, "x"):  # 40,000: past a small integer column (PostgreSQL would refuse the write)
        response = client.post(f"/profile/{person.slug}/papers/", formset_data(rows, [bad]))
        assert response.status_code == 400, bad
        assert Authorship.objects.get(pk=rows[0].pk).profile_order is None


def test_another_owner_may_not_order_someone_elses_papers():
    ann, bo = ResearcherFactory(name="Ann Lee"), ResearcherFactory(name="Bo Li")
    rows = papers_of(ann, 2021)
    client, _user = owner_of(bo)
    assert client.get(f"/profile/{ann.slug}/papers/").status_code == 403
    assert client.post(f"/profile/{ann.slug}/papers/", formset_data(rows, [1])).status_code == 403
    assert Authorship.objects.get(pk=rows[0].pk).profile_order is None


def test_the_selected_block_follows_the_owners_order(client):
    person = ResearcherFactory(name="Ann Lee")
    rows = papers_of(person, 2020, 2021, 2022, 2023, selected=True)
    papers_of(person, 2019)  # not selected: the block has something to head
    for row, order in zip(rows, [1, None, 3, 2], strict=True):
        Authorship.objects.filter(pk=row.pk).update(profile_order=order)
    response = client.get(person.get_absolute_url())
    # Ordered first (1, 2, 3), then the selected papers without a place, newest first.
    assert [e.title for e in response.context["selected"]] == ["P2020", "P2023", "P2022", "P2021"]


def test_the_owners_order_is_a_choice_of_the_profile_once_set(client):
    person = ResearcherFactory(name="Ann Lee")
    rows = papers_of(person, 2020, 2021, 2022, 2023)
    url = person.get_absolute_url()
    assert 'value="profile"' not in client.get(url).content.decode()  # no order set: no such choice
    for row, order in zip(rows, [2, 1, None, 3], strict=True):
        Authorship.objects.filter(pk=row.pk).update(profile_order=order)
    page = client.get(url)
    assert 'value="profile"' in page.content.decode()
    assert listed(page) == ["P2023", "P2022", "P2021", "P2020"]  # the default stays by year
    ordered = client.get(f"{url}?order=profile")
    assert listed(ordered) == ["P2021", "P2020", "P2023", "P2022"]
    assert 'value="profile" selected' in ordered.content.decode()
    embed = client.get(reverse("researchers:embed", args=[person.slug]) + "?order=profile")
    assert [e.title for e in embed.context["shown"]] == ["P2021", "P2020", "P2023", "P2022"]


def test_the_owners_order_keeps_the_profile_queries_pinned(client, django_assert_num_queries):
    person = full_profile()
    add_papers(person, 20)
    rows = list(Authorship.objects.filter(researcher=person).order_by("paper__year", "pk"))
    for n, row in enumerate(rows[:10], start=1):
        Authorship.objects.filter(pk=row.pk).update(profile_order=n, selected=n % 3 == 0)
    url = person.get_absolute_url()
    for query in ("", "?order=profile", "?order=year", "?order=profile&page=2&first=on"):
        with django_assert_num_queries(PROFILE_QUERIES):
            assert client.get(url + query).status_code == 200
    with django_assert_num_queries(EMBED_QUERIES):
        assert client.get(reverse("researchers:embed", args=[person.slug]) + "?order=profile").status_code == 200
    with django_assert_num_queries(RESEARCHER_EXPORT_QUERIES):
        assert client.get(reverse("researchers:bibtex", args=[person.slug]) + "?order=profile").status_code == 200


def test_exports_and_the_api_follow_the_owners_order_on_request(client):
    person = ResearcherFactory(name="Ann Lee")
    rows = papers_of(person, 2020, 2021, 2022)
    for row, order in zip(rows, [2, None, 1], strict=True):
        Authorship.objects.filter(pk=row.pk).update(profile_order=order)
    api = client.get(f"/api/v1/researchers/{person.slug}/papers/?ordering=profile")
    assert [p["title"] for p in api.json()["results"]] == ["P2022", "P2020", "P2021"]
    default = client.get(f"/api/v1/researchers/{person.slug}/papers/")
    assert [p["title"] for p in default.json()["results"]] == ["P2022", "P2021", "P2020"]
    csl = client.get(reverse("researchers:csl_json", args=[person.slug]) + "?order=profile")
    assert [item["title"] for item in csl.json()] == ["P2022", "P2020", "P2021"]


def test_a_new_author_list_keeps_each_authors_own_order_and_flags(staff_client):
    """A curator accepting a proposal rewrites the paper's authorships: each author keeps their own order and
    flags for the paper (theirs, not the shared record's)."""
    ann = ResearcherFactory(name="Ann Lee")
    paper = paper_with_authors(ann, coauthors=1, title="Shared")
    Authorship.objects.filter(paper=paper, researcher=ann).update(profile_order=3, selected=True, highlighted=True)
    _client, user = owner_of(ann, "ann@example.org")
    names = [a.display_name for a in paper.authorships.in_order()]
    proposal = proposals.propose(user, paper, {"authors": list(reversed(names))})
    assert staff_client.post(f"/admin/curation/changeproposal/{proposal.pk}/change/", {"_accept": "1"}).status_code
    row = Authorship.objects.get(paper=paper, researcher=ann)
    assert (row.position, row.profile_order, row.selected, row.highlighted) == (2, 3, True, True)


def test_a_long_list_is_ordered_a_page_at_a_time(settings):
    """A prolific owner's form comes in pages (every row is ~3 fields; Django refuses a POST of more than
    DATA_UPLOAD_MAX_NUMBER_FIELDS): a page saves its own rows and the numbers are the profile's."""
    from front.owner.views import PAPERS_PAGE_SIZE

    person = ResearcherFactory(name="Ann Lee")
    venue = VenueFactory()
    papers = Paper.objects.bulk_create(
        Paper(title=f"P{i}", year=2000 + i % 20, venue=venue) for i in range(PAPERS_PAGE_SIZE + 5)
    )
    Authorship.objects.bulk_create(Authorship(paper=p, researcher=person, position=1) for p in papers)
    client, _user = owner_of(person)
    first = client.get(f"/profile/{person.slug}/papers/")
    assert len(first.context["formset"]) == PAPERS_PAGE_SIZE and 'rel="next"' in first.content.decode()
    second = client.get(f"/profile/{person.slug}/papers/?page=2")
    rows = [form.instance for form in second.context["formset"]]
    assert len(rows) == 5
    response = client.post(f"/profile/{person.slug}/papers/?page=2", formset_data(rows, [1, 2, 3, 4, 5]))
    assert response.status_code == 302 and response["Location"].endswith("?page=2")
    assert Authorship.objects.filter(researcher=person, profile_order__isnull=False).count() == 5
    listed = client.get(f"/profile/{person.slug}/papers/").context["formset"]
    assert [form.instance.pk for form in listed][:5] == [row.pk for row in rows]  # first now: they are numbered


def test_a_co_authors_own_order_does_not_reorder_the_owners_list(client):
    """Each author of a shared paper has their own place for it: the profile, embed, exports and API read the
    owner's authorships' order, not a co-author's (nor list a shared paper twice)."""
    owner, other = ResearcherFactory(name="Ann Lee"), ResearcherFactory(name="Bo Li")
    papers = [paper_with_authors(owner, year=year, title=f"P{year}", coauthors=0) for year in (2020, 2021, 2022)]
    for paper in papers:
        AuthorshipFactory(paper=paper, researcher=other, position=2)
    for paper, mine, theirs in zip(papers, [1, 2, 3], [3, 2, 1], strict=True):
        paper.authorships.filter(researcher=owner).update(profile_order=mine, selected=True)
        paper.authorships.filter(researcher=other).update(profile_order=theirs, selected=True)
    paper_with_authors(owner, year=2019, title="P2019")  # not selected: each block has something to head
    paper_with_authors(other, year=2019, title="Q2019")
    mine, theirs = ["P2020", "P2021", "P2022"], ["P2022", "P2021", "P2020"]
    assert [e.title for e in client.get(owner.get_absolute_url()).context["selected"]] == mine
    assert [e.title for e in client.get(other.get_absolute_url()).context["selected"]] == theirs
    assert listed(client.get(f"{owner.get_absolute_url()}?order=profile")) == [*mine, "P2019"]
    embed = client.get(reverse("researchers:embed", args=[other.slug]) + "?order=profile")
    assert [e.title for e in embed.context["shown"]] == [*theirs, "Q2019"]
    api = client.get(f"/api/v1/researchers/{other.slug}/papers/?ordering=profile").json()
    assert [p["title"] for p in api["results"]] == [*theirs, "Q2019"]
    csl = client.get(reverse("researchers:csl_json", args=[owner.slug]) + "?order=profile").json()
    assert [item["title"] for item in csl] == [*mine, "P2019"]
