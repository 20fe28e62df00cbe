"""How a profile presents a person: authors, marks, honours, metrics, chart, co-authors, identifiers."""

import pytest

from front import profile
from front.profile import PAGE_SIZE
from papers.models import Award, Paper, ProfileTopic
from tests.factories import (
    AuthorshipFactory,
    PaperFactory,
    ResearcherFactory,
    TopicFactory,
    VenueFactory,
    paper_with_authors,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return ResearcherFactory(
        name="Lin Wei", email="lin.wei@example.org", google_scholar="ABC123", orcid="0000-0002-1825-0097"
    )


def page(client, person):
    return client.get(person.get_absolute_url()).content.decode()


def test_owner_is_bold_and_coauthors_are_linked(client, person):
    paper = paper_with_authors(person, coauthors=2)
    html = page(client, person)
    assert '<strong class="owner">Lin Wei</strong>' in html
    for a in paper.authorships.exclude(researcher=person):
        assert f'<a href="{a.researcher.get_absolute_url()}">{a.display_name}</a>' in html


def test_printed_name_is_used_as_on_the_paper(client, person):
    paper = PaperFactory()
    AuthorshipFactory(paper=paper, researcher=person, position=1, printed_name="W. Lin")
    assert '<strong class="owner">W. Lin</strong>' in page(client, person)


def test_equal_contribution_marks_have_a_legend(client, person):
    paper = PaperFactory()
    AuthorshipFactory(paper=paper, researcher=person, position=1, equal_contribution=True)
    AuthorshipFactory(paper=paper, position=2, equal_contribution=True)
    html = page(client, person)
    assert html.count('<sup class="eq" title="Equal contribution">*</sup>') == 2
    assert "equal contribution</p>" in html


def test_truncated_lists_say_et_al_and_name_an_owner_beyond_them(client, person):
    paper = PaperFactory(authors_truncated=True)
    AuthorshipFactory(paper=paper, position=1, printed_name="First Author")
    AuthorshipFactory(paper=paper, researcher=person, position=None)
    html = page(client, person)
    assert 'et al. <span class="beyond">(incl. <strong class="owner">Lin Wei</strong>)</span>' in html


def test_year_less_papers_are_marked_and_grouped_last(client, person):
    paper_with_authors(person, year=2023, title="Dated")
    paper_with_authors(person, year=None, venue=None, kind="preprint", status="preprint", title="Undated Preprint")
    response = client.get(person.get_absolute_url())
    assert [g.title for g in response.context["groups"]] == ["2023", "Year not given"]
    assert "undated" in response.content.decode()


def test_honours_combine_personal_and_paper_awards_without_duplicates(client, person):
    paper = paper_with_authors(person)
    paper_award = Award.objects.create(name="Best Paper Award", kind="paper", year=2024, paper=paper)
    paper_award.recipients.add(person)  # also recorded as a recipient: still listed once
    scholarship = Award.objects.create(name="National Scholarship", kind="scholarship", year=2025)
    scholarship.recipients.add(person)
    Award.objects.create(name="Someone Else's Prize", kind="honour", year=2025)
    honours = client.get(person.get_absolute_url()).context["honours"]
    assert [a.name for a in honours] == ["National Scholarship", "Best Paper Award"]


def test_metrics_are_computed_from_per_paper_counts_when_known(client, person):
    for count in (50, 12, 3, None):
        paper_with_authors(person, citation_count=count)
    metrics = client.get(person.get_absolute_url()).context["metrics"]
    assert (metrics["papers"], metrics["citations"], metrics["h_index"], metrics["i10_index"]) == (4, 65, 3, 2)
    assert "3 of 4 papers" in metrics["source"]


def test_metrics_fall_back_to_the_snapshot_with_its_source(client, person):
    person.citations, person.h_index, person.metrics_source = 2816, 10, "Google Scholar"
    person.save()
    paper_with_authors(person)
    html = page(client, person)
    assert "<dd>2,816</dd>" in html and "Snapshot from Google Scholar, date not given." in html


def test_publications_per_year_chart_is_inline_svg(client, person):
    for year in (2019, 2019, 2022):
        paper_with_authors(person, year=year)
    response = client.get(person.get_absolute_url())
    chart = response.context["chart"]
    assert [(b["year"], b["count"]) for b in chart["bars"]] == [(2019, 2), (2020, 0), (2021, 0), (2022, 1)]
    assert "<svg" in response.content.decode() and "<title>2019: 2</title>" in response.content.decode()


def test_coauthors_are_counted_by_shared_papers(client, person):
    friend = ResearcherFactory(name="Often Coauthor")
    for _ in range(3):
        paper = paper_with_authors(person, coauthors=1)
        AuthorshipFactory(paper=paper, researcher=friend, position=5)
    coauthors = client.get(person.get_absolute_url()).context["coauthors"]
    (first, shared) = coauthors[0]
    assert (first.pk, first.name, first.url, shared) == (friend.pk, friend.name, friend.get_absolute_url(), 3)
    assert len(coauthors) == 4


def test_identifiers_are_links_and_email_is_obfuscated(client, person):
    html = page(client, person)
    assert 'href="https://scholar.google.com/citations?user=ABC123"' in html
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in html
    assert "lin.wei [at] example [dot] org" in html
    assert "lin.wei@example.org" not in html


def test_people_without_papers_still_have_a_page(client):
    person = ResearcherFactory(name="New Person")
    assert "No publications yet." in page(client, person)


def test_directory_shows_native_names_and_filters_by_them(client, person):
    ResearcherFactory(name="Chen Zhang", native_name="张辰")
    response = client.get("/researchers/", {"q": "张辰"})
    html = response.content.decode()
    assert "Chen Zhang" in html and "张辰" in html and "Lin Wei" not in html


def test_home_shows_counts_recent_papers_and_search(client, person):
    paper_with_authors(person, title="Fresh Result", venue=VenueFactory(acronym="ACL"))
    html = client.get("/").content.decode()
    assert "Fresh Result" in html and 'action="/search/"' in html
    assert Paper.objects.count() == 1


def test_equal_contribution_legend_appears_only_where_marks_do(client, person):
    plain = paper_with_authors(person, title="Plain")
    assert "equal contribution</p>" not in client.get("/papers/").content.decode()
    marked = PaperFactory(title="Marked")
    AuthorshipFactory(paper=marked, researcher=person, position=1, equal_contribution=True)
    for url in ("/papers/", "/search/?q=Marked", marked.venue.get_absolute_url()):
        assert "equal contribution</p>" in client.get(url).content.decode(), url
    assert "equal contribution</p>" not in client.get(plain.venue.get_absolute_url()).content.decode()


def test_each_entry_offers_a_bibtex_button_that_is_a_link_to_the_entry(client, person):
    paper = paper_with_authors(person)
    html = page(client, person)
    assert f'href="/papers/{paper.pk}.bib" data-copy-citation title="Copy the BibTeX entry">BibTeX</a>' in html
    assert client.get(f"/papers/{paper.pk}.bib").content.decode().startswith("@")


def test_a_long_profile_is_shown_a_page_at_a_time_and_filtered_as_a_whole(client, person):
    # 2019-2010 five papers each, 2009-2000 six each; newest first, the page break falls inside 2001.
    years = {i: 2000 + i % 20 for i in range(PAGE_SIZE + 10)}
    for i, year in years.items():
        paper = PaperFactory(title=f"Paper number {i}", year=year)
        AuthorshipFactory(paper=paper, researcher=person, position=1, selected=i == 0)
    url = person.get_absolute_url()

    first, second = client.get(url), client.get(f"{url}?page=2")

    on_first, on_second = first.content.decode(), second.content.decode()
    assert "Selected publications" in on_first and "Selected publications" not in on_second
    assert on_first.count('class="paper"') == PAGE_SIZE + 1  # the page and the selected paper above it
    assert on_second.count('class="paper"') == 9  # the selected paper is listed once, in its block
    assert "Page 2 of 2" in on_second
    shown = {e.title for g in first.context["groups"] + second.context["groups"] for e in g.papers}
    assert shown == {f"Paper number {i}" for i in years} - {"Paper number 0"}
    # A group split by the page break still counts all its papers in its heading.
    assert first.context["groups"][-1].title == second.context["groups"][0].title == "2001"
    assert len(first.context["groups"][-1].papers) < first.context["groups"][-1].total == 6
    assert second.context["groups"][0].total == 6
    # Filters narrow the whole list, not the page; the metrics count every paper.
    oldest = client.get(f"{url}?end=2000")
    listed = [*oldest.context["selected"], *(e for g in oldest.context["groups"] for e in g.papers)]
    assert {e.title for e in listed} == {f"Paper number {i}" for i, y in years.items() if y == 2000}
    assert oldest.context["metrics"]["papers"] == PAGE_SIZE + 10


def test_a_prolific_persons_most_frequent_coauthors_are_listed_out_of_all(client, person, monkeypatch):
    monkeypatch.setattr(profile, "COAUTHORS_SHOWN", 16)
    friend = ResearcherFactory(name="Often Coauthor")
    for _ in range(2):
        paper = paper_with_authors(person, coauthors=10)
        AuthorshipFactory(paper=paper, researcher=friend, position=20)
    response = client.get(person.get_absolute_url())
    coauthors, html = response.context["coauthors"], response.content.decode()
    assert len(coauthors) == 16 and coauthors[0][0].name == "Often Coauthor"
    assert response.context["coauthor_total"] == 21
    assert 'Co-authors <span class="count">21</span>' in html
    assert "The 16 most frequent of 21 co-authors" in html


@pytest.mark.parametrize(("counts", "h"), [((5, 5, 5, 5, 5, 1), 5), ((0, 0), 0), ((100, 2, 2), 2), ((1,), 1)])
def test_h_index_is_ranked_by_the_database(client, person, counts, h):
    for count in counts:
        paper_with_authors(person, citation_count=count)
    assert client.get(person.get_absolute_url()).context["metrics"]["h_index"] == h


def test_a_long_profile_grouped_by_topics_counts_each_group_across_pages(client, person):
    """Each paper under the first of the profile's topics it has, in the profile's order, "Other topics" last;
    the headings count the whole group on every page; the selected block heads the first page only."""
    later, first = TopicFactory(name="A later topic"), TopicFactory(name="Z first topic")
    ProfileTopic.objects.create(researcher=person, topic=first, position=0)
    ProfileTopic.objects.create(researcher=person, topic=later, position=1)
    expected = {"Z first topic": set(), "A later topic": set(), "Other topics": set()}
    chosen = set()
    for i in range(PAGE_SIZE + 30):
        paper = PaperFactory(title=f"Paper number {i}", year=2000 + i % 7)
        paper.topics.set([[first], [first, later], [later], []][i % 4])
        AuthorshipFactory(paper=paper, researcher=person, position=1, selected=i % 25 == 0)
        if i % 25 == 0:
            chosen.add(paper.title)
        else:
            expected[["Z first topic", "Z first topic", "A later topic", "Other topics"][i % 4]].add(paper.title)
    url = person.get_absolute_url()
    pages = [client.get(url), client.get(f"{url}?page=2")]

    assert {e.title for e in pages[0].context["selected"]} == chosen and not pages[1].context["selected"]
    listed = {}
    for response in pages:
        for group in response.context["groups"]:
            assert group.total == len(expected[group.title]), group.title
            listed.setdefault(group.title, []).extend(e.title for e in group.papers)
    assert {title: set(papers) for title, papers in listed.items()} == expected
    assert sum(len(papers) for papers in listed.values()) == PAGE_SIZE + 30 - len(chosen)  # each listed once
    titles = [g.title for response in pages for g in response.context["groups"]]
    assert list(dict.fromkeys(titles)) == ["Z first topic", "A later topic", "Other topics"]
    for response in pages:
        for group in response.context["groups"]:
            years = [e.year for e in group.papers]
            assert years == sorted(years, reverse=True), group.title
