"""The paper form of the admin, as a curator (curator group, not a superuser) uses it: ordered author rows,
name-only authors, the no-script ↑/↓ buttons, one-per-line lists."""

import re

import pytest

from api.curators import curator_group
from papers.models import Paper
from researchers.models import Researcher

from .factories import ResearcherFactory, paper_with_authors

pytestmark = pytest.mark.django_db
ADD = "/admin/papers/paper/add/"
AUTHOR_FIELDS = ("position", "researcher", "printed_name", "beyond", "DELETE")


@pytest.fixture
def curator(client, django_user_model):
    user = django_user_model.objects.create_user("cora", is_staff=True)
    user.groups.add(curator_group())
    client.force_login(user)
    return client


def management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial, f"{prefix}-MIN_NUM_FORMS": 0}


def paper_data(rows, *, initial=0, **fields):
    """The POST of the paper form: `rows` are dicts of author fields, in the order of the form's rows."""
    data = {"title": "Three Authors", "kind": "conference", "status": "published", "year": 2025, "categories": ""}
    data |= management("authorships", len(rows), initial) | management("links", 0) | management("awards", 0)
    for index, row in enumerate(rows):
        data |= {f"authorships-{index}-{name}": value for name, value in row.items() if value is not None}
    return data | fields


def row(researcher=None, name="", position="", **extra):
    return {"researcher": researcher.pk if researcher else "", "printed_name": name, "position": position, **extra}


def authors(paper):
    return [(a.position, a.researcher.name) for a in paper.authorships.in_order().select_related("researcher")]


def profile_byline(client, slug, title):
    page = client.get(f"/researchers/{slug}/").content.decode()
    entry = page[page.index(title) :]
    line = re.search(r'<span class="authors">(.*?)</span>', entry, re.S)[1]
    return re.sub(r"<[^>]+>", "", line)


def test_a_new_paper_starts_with_three_empty_author_rows(curator):
    page = curator.get(ADD).content.decode()
    assert 'name="authorships-TOTAL_FORMS" value="3"' in page
    assert 'name="authorships-2-printed_name"' in page and 'name="authorships-3-printed_name"' not in page


def test_three_authors_one_known_only_by_name_get_positions_in_row_order(curator, client):
    chen, dawei = ResearcherFactory(name="Chen Zhang"), ResearcherFactory(name="Dawei Song")
    rows = [row(chen, "Chen Zhang"), row(name="Ada Newcomer"), row(dawei)]

    response = curator.post(ADD, paper_data(rows))

    assert response.status_code == 302, response.context["errors"]
    paper = Paper.objects.get(title="Three Authors")
    assert authors(paper) == [(1, "Chen Zhang"), (2, "Ada Newcomer"), (3, "Dawei Song")]
    assert Researcher.objects.get(name="Ada Newcomer").slug == "ada-newcomer"
    assert profile_byline(client, chen.slug, "Three Authors") == "Chen Zhang, Ada Newcomer and Dawei Song"


def test_a_name_alone_links_the_one_person_of_that_name_or_alias(curator):
    chen = ResearcherFactory(name="Chen Zhang")
    chen.aliases.create(name="C. Zhang")
    curator.post(ADD, paper_data([row(name="C. Zhang")]))
    assert authors(Paper.objects.get()) == [(1, "Chen Zhang")]
    assert Researcher.objects.count() == 1


def test_an_ambiguous_name_is_a_form_error_naming_the_candidates_and_saves_nothing(curator):
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang-2")

    response = curator.post(ADD, paper_data([row(name="Chen Zhang"), row(name="Ada Newcomer")]))

    assert response.status_code == 200
    candidates = "Chen Zhang (chen-zhang), Chen Zhang (chen-zhang-2)"
    assert f"“Chen Zhang” could be any of: {candidates}" in response.content.decode()
    assert not Paper.objects.exists() and Researcher.objects.count() == 2


def test_a_row_without_researcher_or_name_is_refused_unless_left_empty(curator):
    response = curator.post(ADD, paper_data([row(name="Ada Newcomer"), row(position="2", corresponding="on")]))
    assert "Choose the researcher, or type the printed name." in response.content.decode()
    assert not Paper.objects.exists()
    # Rows left empty (the script numbers them too) are not authors.
    curator.post(ADD, paper_data([row(name="Ada Newcomer", position="1"), row(position="2"), row(position="3")]))
    assert authors(Paper.objects.get()) == [(1, "Ada Newcomer")]


def test_the_same_new_person_twice_is_refused(curator):
    response = curator.post(ADD, paper_data([row(name="Ada Newcomer"), row(name="ada newcomer")]))
    assert "The same new person is listed twice" in response.content.decode()
    assert not Researcher.objects.exists()


def change_data(paper, rows):
    existing = list(paper.authorships.in_order())
    for form_row, authorship in zip(rows, existing, strict=False):
        form_row["id"] = authorship.pk
        form_row.setdefault("researcher", authorship.researcher_id)
    return paper_data(rows, initial=len(existing), title=paper.title, year=paper.year)


def test_typed_positions_reorder_the_authors_and_a_deleted_row_closes_the_gap(curator):
    paper = paper_with_authors(ResearcherFactory(name="Ann First"), coauthors=2, title="Reordered")
    first, second, third = (a.researcher for a in paper.authorships.in_order())
    rows = [{"position": "3"}, {"position": "2", "DELETE": "on"}, {"position": "1"}]

    response = curator.post(f"/admin/papers/paper/{paper.pk}/change/", change_data(paper, rows))

    assert response.status_code == 302, response.context["errors"]
    assert authors(paper) == [(1, third.name), (2, first.name)]


def test_the_no_script_up_button_moves_the_row_and_saves(curator):
    paper = paper_with_authors(ResearcherFactory(name="Ann First"), coauthors=2, title="Moved")
    first, second, third = (a.researcher.name for a in paper.authorships.in_order())
    data = change_data(paper, [{"position": "1"}, {"position": "2"}, {"position": "3"}])

    response = curator.post(f"/admin/papers/paper/{paper.pk}/change/", data | {"_move": "authorships-2-position:up"})

    assert response.status_code == 302 and response["Location"].endswith(f"/{paper.pk}/change/")
    assert [name for _, name in authors(paper)] == [first, third, second]


def test_an_author_beyond_a_truncated_list_stays_beyond(curator):
    owner = ResearcherFactory(name="Owner Beyond")
    paper = paper_with_authors(ResearcherFactory(name="Ann First"), coauthors=1, title="Truncated")
    paper.authorships.create(researcher=owner, position=None)
    rows = [{"position": "1"}, {"position": "2"}, {"position": "", "beyond": "on"}]
    page = curator.get(f"/admin/papers/paper/{paper.pk}/change/").content.decode()
    assert re.search(r'name="authorships-2-beyond"[^>]*checked', page)

    response = curator.post(f"/admin/papers/paper/{paper.pk}/change/", change_data(paper, rows))

    assert response.status_code == 302
    assert authors(paper)[-1] == (None, "Owner Beyond")


def test_categories_and_interests_are_edited_one_per_line(curator):
    curator.post(ADD, paper_data([row(name="Ada Newcomer")], categories="cs.CL\n\n cs.IR \ncs.CL"))
    paper = Paper.objects.get()
    assert paper.categories == ["cs.CL", "cs.IR"]
    page = curator.get(f"/admin/papers/paper/{paper.pk}/change/").content.decode()
    assert re.search(r'<textarea name="categories"[^>]*>\s*cs.CL\ncs.IR</textarea>', page)

    ada = Researcher.objects.get()
    page = curator.get(f"/admin/researchers/researcher/{ada.pk}/change/").content.decode()
    assert re.search(r'<textarea name="interests"[^>]*>\s*</textarea>', page)  # not a JSON "[]"


def test_the_paper_pages_cost_the_same_queries_for_three_or_twelve_authors(curator, django_assert_num_queries):
    few = paper_with_authors(ResearcherFactory(), coauthors=2)
    many = paper_with_authors(ResearcherFactory(), coauthors=11)
    curator.get(f"/admin/papers/paper/{few.pk}/change/")  # warm-up: content types get cached
    # session, user, the paper, the user's and the group's permissions, the paper's topics, the authorships
    # with their people (not one query per row's researcher box), links, awards, the chosen venue and topics
    for paper in (few, many):
        with django_assert_num_queries(11):
            assert curator.get(f"/admin/papers/paper/{paper.pk}/change/").status_code == 200
    with django_assert_num_queries(4):  # session, user, the user's and the group's permissions
        assert curator.get(ADD).status_code == 200


def test_a_tampered_move_is_a_form_error_not_a_crash(curator):
    data = paper_data([row(name="Ada Newcomer")]) | {"authorships-TOTAL_FORMS": "many", "_move": "x-0-position:up"}
    response = curator.post(ADD, data)
    assert response.status_code == 200 and not Paper.objects.exists()
    data = paper_data([row(name="Ada Newcomer")]) | {"authorships-TOTAL_FORMS": "many"}
    response = curator.post(ADD, data | {"_move": "authorships-0-position:up"})
    assert response.status_code == 200 and not Paper.objects.exists()
