"""Merging duplicate people, splitting mixed-up ones, and the possible-duplicates page, through the admin."""

import pytest

from papers.models import Authorship
from researchers.models import Alias, NewsItem, OldSlug, Researcher
from tests.factories import AuthorshipFactory, AwardFactory, PaperFactory, ResearcherFactory, paper_with_authors

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/researchers/researcher/"


def merge(client, selected, keep=None, keep_slug=""):
    data = {"action": "merge_into", "_selected_action": [r.pk for r in selected], "apply": "Merge"}
    data.update({"keep": keep.pk} if keep else {"keep_slug": keep_slug})
    return client.post(CHANGELIST, data, follow=True)


def test_merge_asks_which_person_to_keep(staff_client):
    a, b = ResearcherFactory(name="Bing Qin"), ResearcherFactory(name="Bin Qin")
    response = staff_client.post(CHANGELIST, {"action": "merge_into", "_selected_action": [a.pk, b.pk]})
    assert response.status_code == 200
    assert b"Choose the person to keep" in response.content
    assert Researcher.objects.count() == 2


def test_merge_moves_everything_and_keeps_the_old_name_and_url(staff_client):
    keep, other = ResearcherFactory(name="Bing Qin"), ResearcherFactory(name="Bin Qin", orcid="0000-0002-1825-0097")
    Alias.objects.create(researcher=other, name="B. Qin")
    paper = paper_with_authors(other)
    award = AwardFactory(kind="honour", paper=None)
    award.recipients.add(other)
    NewsItem.objects.create(researcher=other, text="Joined a lab.")
    old_slug = other.slug

    response = merge(staff_client, [keep, other], keep=keep)

    assert b"Merged Bin Qin into Bing Qin" in response.content
    assert not Researcher.objects.filter(pk=other.pk).exists()
    assert paper.authorships.get(position=1).researcher == keep
    assert paper.authorships.get(position=1).printed_name == "Bin Qin"
    assert list(award.recipients.all()) == [keep]
    assert keep.news.get().text == "Joined a lab."
    assert set(keep.aliases.values_list("name", flat=True)) == {"Bin Qin", "B. Qin"}
    keep.refresh_from_db()
    assert keep.orcid == "0000-0002-1825-0097"
    redirect = staff_client.get(f"/researchers/{old_slug}/")
    assert (redirect.status_code, redirect["Location"]) == (301, f"/researchers/{keep.slug}/")


def test_a_merge_is_one_change_set_and_redirects_follow_later_merges(staff_client):
    a, b, c = ResearcherFactory(name="Wei Li"), ResearcherFactory(name="W. Li"), ResearcherFactory(name="Li Wei")
    AuthorshipFactory(researcher=b)
    merge(staff_client, [a, b], keep=a)
    reason = f"Merge of {b.slug} into {a.slug} #"
    assert Authorship.history.filter(history_change_reason__startswith=reason).count() == 1
    merge(staff_client, [a, c], keep=c)
    assert dict(OldSlug.objects.values_list("slug", "researcher__slug")) == {b.slug: c.slug, a.slug: c.slug}
    for old in (a.slug, b.slug):
        response = staff_client.get(f"/researchers/{old}/papers.bib?x=1")
        assert (response.status_code, response["Location"]) == (301, f"/researchers/{c.slug}/papers.bib?x=1")
    assert staff_client.get("/researchers/nobody-at-all/").status_code == 404


def test_merge_is_refused_when_both_are_authors_of_one_paper(staff_client):
    a, b = ResearcherFactory(name="Chen Zhang"), ResearcherFactory(name="Chen Zhang")
    paper = PaperFactory(title="Two Chens")
    AuthorshipFactory(paper=paper, researcher=a, position=1)
    AuthorshipFactory(paper=paper, researcher=b, position=2)
    response = merge(staff_client, [a, b], keep=a)
    assert "Nothing merged" in response.content.decode()
    assert "are both authors of “Two Chens”, so they are different people" in response.content.decode()
    assert Researcher.objects.count() == 2 and not OldSlug.objects.exists()


def test_merge_into_a_person_named_by_slug_and_unknown_slugs_are_a_form_error(staff_client):
    keep, other = ResearcherFactory(name="Zekun Wang"), ResearcherFactory(name="Ze-Kun Wang")
    response = merge(staff_client, [other], keep_slug="nobody-here")
    assert "No researcher has the slug “nobody-here”." in response.content.decode()
    merge(staff_client, [other], keep_slug=keep.slug)
    assert list(Researcher.objects.all()) == [keep]


def move(client, authorships, **data):
    payload = {"action": "move_authorships", "_selected_action": [a.pk for a in authorships], "apply": "Move"}
    return client.post("/admin/papers/authorship/", {**payload, **data}, follow=True)


def test_split_moves_selected_authorships_to_a_new_homonym(staff_client):
    mixed = ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    mine, theirs = AuthorshipFactory(researcher=mixed), AuthorshipFactory(researcher=mixed)
    AuthorshipFactory()  # someone else's
    profile = staff_client.get(f"/admin/researchers/researcher/{mixed.pk}/change/").content.decode()
    listing = f"/admin/papers/authorship/?researcher__id__exact={mixed.pk}"
    assert listing in profile
    assert staff_client.get(listing).context["cl"].result_count == 2
    response = move(staff_client, [theirs])
    assert "Moved 1 authorships to Chen Zhang (chen-zhang-2)" in response.content.decode()
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (mine.researcher.slug, theirs.researcher.slug) == ("chen-zhang", "chen-zhang-2")


def test_split_to_an_existing_person_is_refused_when_they_are_already_on_the_paper(staff_client):
    mixed, target = ResearcherFactory(name="Chen Zhang"), ResearcherFactory(name="Chen Zhang")
    paper = PaperFactory(title="Shared")
    moved = AuthorshipFactory(researcher=mixed, paper=paper, position=1)
    AuthorshipFactory(researcher=target, paper=paper, position=2)
    response = move(staff_client, [moved], target_slug=target.slug)
    assert "Nothing moved" in response.content.decode()
    assert "is already an author of “Shared”" in response.content.decode()
    moved.refresh_from_db()
    assert moved.researcher == mixed
    other = AuthorshipFactory(researcher=mixed)
    move(staff_client, [other], target_slug=target.slug)
    other.refresh_from_db()
    assert other.researcher == target


def test_possible_duplicates_fold_case_accents_initials_order_and_hyphens(staff_client):
    group_names = ["Hanting Chen", "Han-Ting Chen", "CHEN Hanting", "H. Chen", "Hantíng Chen"]
    for name in group_names:
        ResearcherFactory(name=name)
    ResearcherFactory(name="Kunlong Chen")  # another Chen, not an initial's expansion: not listed
    PaperFactory(title="Same Title!", doi="10.1000/A1")
    PaperFactory(title="same title", doi="")
    response = staff_client.get("/admin/researchers/researcher/duplicates/")
    text = response.content.decode()
    people = text.split("Papers with the same DOI")[0]
    for name in group_names:
        assert name in people
    assert "Kunlong Chen" not in people
    assert text.count("same TITLE") == 2
    assert 'href="/admin/researchers/researcher/duplicates/"' in staff_client.get(CHANGELIST).content.decode()


def test_possible_duplicates_page_costs_a_fixed_number_of_queries(staff_client, django_assert_num_queries):
    def page_queries():
        # session, user, researchers with aliases (one join), papers
        with django_assert_num_queries(4):
            assert staff_client.get("/admin/researchers/researcher/duplicates/").status_code == 200

    ResearcherFactory(name="Ann Lee")
    ResearcherFactory(name="A. Lee")
    page_queries()
    for number in range(30):
        person = ResearcherFactory(name=f"Person {number}")
        Alias.objects.create(researcher=person, name=f"P. {number}")
        paper_with_authors(person)
    page_queries()


def test_merge_and_move_pages_cost_a_fixed_number_of_queries(staff_client, django_assert_num_queries):
    def pages(people, authorships):
        # session, user; the changelist the action runs from: organizations for the affiliation filter (twice),
        # filtered and total counts; the selected researchers with paper totals
        with django_assert_num_queries(7):
            response = staff_client.post(CHANGELIST, {"action": "merge_into", "_selected_action": people})
            assert response.status_code == 200
        # session, user; the changelist's filtered and total counts; the authorships with papers and researchers
        with django_assert_num_queries(5):
            response = staff_client.post(
                "/admin/papers/authorship/", {"action": "move_authorships", "_selected_action": authorships}
            )
            assert response.status_code == 200

    few = [ResearcherFactory(), ResearcherFactory()]
    pages([r.pk for r in few], [AuthorshipFactory(researcher=few[0]).pk])
    many = [ResearcherFactory() for _ in range(20)]
    pages([r.pk for r in many], [AuthorshipFactory(researcher=r).pk for r in many])
