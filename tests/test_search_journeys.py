"""A visitor's searches on the demo data: word forms, author names, names with topic words, homonyms.

The page and the API's `search=` go through papers/search.py, so they must give the same papers.
"""

import pytest

from papers.models import Paper
from researchers.models import Alias, Researcher
from tests.factories import ResearcherFactory, paper_with_authors

pytestmark = pytest.mark.django_db

PAPERS = "/api/v1/papers/"
# Search: 1 paper count, 2-6 papers + authorships, links, awards, topics, 7 researchers (+ affiliation and
# years active), 8 venues.
SEARCH_QUERIES = 8


def found(client, q):
    """The titles of every paper the search page finds for `q`, best first."""
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return [p.title for p in response.context["page"].paginator.object_list]


def people(client, q):
    return [r.slug for r in client.get("/search/", {"q": q}).context["researchers"]]


def papers_of(slug, **filters):
    return set(Paper.objects.filter(authorships__researcher__slug=slug, **filters).values_list("title", flat=True))


def test_a_word_finds_its_other_forms(client, demo):
    assert "Towards the Law of Capacity Gap in Distilling Language Models" in found(client, "distillation")
    assert "Towards the Law of Capacity Gap in Distilling Language Models" in found(client, "distil")


def test_an_authors_name_finds_their_papers(client, demo):
    titles = found(client, "Chen Zhang")
    assert papers_of("chen-zhang") <= set(titles)
    assert people(client, "Chen Zhang") == ["chen-zhang"]


def test_a_name_and_a_topic_word_narrow_the_list(client, demo):
    titles = found(client, "Songming Zhang distillation")
    assert set(titles) == papers_of("songming-zhang", title__icontains="distil")
    assert 0 < len(titles) < len(found(client, "distillation"))


def test_a_native_name_finds_the_person_and_their_papers(client, demo):
    assert papers_of("chen-zhang") <= set(found(client, "张辰"))
    assert people(client, "张辰") == ["chen-zhang"]


def test_family_name_comma_given_name_finds_the_person_and_their_papers(client, demo):
    assert people(client, "Zhang, Chen") == ["chen-zhang"]
    assert papers_of("chen-zhang") <= set(found(client, "Zhang, Chen"))


def test_every_demo_paper_is_found_by_each_authors_name_and_alias(demo):
    """The demo rows are bulk-inserted in any table order: the index must still hold every author."""
    from papers.search import search_papers

    for paper in Paper.objects.prefetch_related("authorships__researcher__aliases"):
        one = Paper.objects.filter(pk=paper.pk)
        for authorship in paper.authorships.all():
            names = [authorship.printed_name, authorship.researcher.name, authorship.researcher.native_name]
            names += [alias.name for alias in authorship.researcher.aliases.all()]
            for name in filter(None, names):
                assert search_papers(one, name).exists(), (paper.title, name)


@pytest.mark.parametrize("q", ["distillation", "Chen Zhang", "Songming Zhang distillation", "张辰", "Zhang, Chen"])
def test_the_api_search_finds_the_same_papers(client, demo, q):
    body = client.get(PAPERS, {"search": q, "page_size": 100}).json()
    assert [p["title"] for p in body["results"]] == found(client, q)


def test_an_api_edit_of_a_title_is_searchable_at_once(curator_client, client, demo):
    paper = Paper.objects.get(title="Towards the Law of Capacity Gap in Distilling Language Models")
    response = curator_client.patch(
        f"{PAPERS}{paper.pk}/", {"title": "Towards the Law of Capacity Gap in Pruning"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert "Towards the Law of Capacity Gap in Pruning" in found(client, "pruned")
    assert paper.title not in found(client, "Distilling")


def test_an_added_author_renamed_person_and_new_alias_are_searchable_at_once(curator_client, client, demo):
    paper = Paper.objects.get(title="Towards the Law of Capacity Gap in Distilling Language Models")
    authors = [{"researcher": a.researcher.slug} for a in paper.authorships.in_order().select_related("researcher")]
    response = curator_client.patch(
        f"{PAPERS}{paper.pk}/", {"authors": [*authors, {"name": "Grace Hopper"}]}, content_type="application/json"
    )
    assert response.status_code == 200
    assert found(client, "Hopper distillation") == [paper.title]

    grace = Researcher.objects.get(name="Grace Hopper")
    grace.name = "Grace Brewster Hopper"
    grace.save()
    assert found(client, "Brewster") == [paper.title]
    Alias.objects.create(researcher=grace, name="Amazing Grace")
    assert found(client, "amazing") == [paper.title]
    grace.authorships.all().delete()
    assert found(client, "Brewster") == []


@pytest.fixture
def homonym(demo):
    """A second Chen Zhang, told apart by a headline, with one paper."""
    other = ResearcherFactory(name="Chen Zhang", headline="Professor of Chemistry at Elsewhere University")
    paper_with_authors(other, title="Catalysis in Water", year=2011)
    return other


def test_homonyms_in_results_show_what_tells_them_apart(client, homonym):
    response = client.get("/search/", {"q": "Chen Zhang"})
    assert [r.slug for r in response.context["researchers"]] == ["chen-zhang", homonym.slug]
    html = response.content.decode()
    assert "Professor of Chemistry at Elsewhere University" in html and "2011" in html
    assert "AI researcher at Meituan" in html


def test_a_profile_says_when_another_person_has_the_same_name(client, homonym):
    html = client.get("/researchers/chen-zhang/").content.decode()
    assert "There is more than one person named Chen Zhang" in html
    assert f'href="/researchers/{homonym.slug}/"' in html
    assert 'href="/researchers/chen-zhang/"' in client.get(f"/researchers/{homonym.slug}/").content.decode()
    assert "more than one person named" not in client.get("/researchers/songming-zhang/").content.decode()


@pytest.mark.parametrize("q", ["Chen Zhang", "Songming Zhang distillation", "张辰"])
def test_search_query_count_is_pinned(client, homonym, django_assert_num_queries, q):
    with django_assert_num_queries(SEARCH_QUERIES):
        client.get("/search/", {"q": q})
