"""Exports beside the pages (.bib, .ris, CSL-JSON), Atom feeds, the sitemap, and a paper page's metadata."""

import json
import xml.etree.ElementTree as ET

import pytest

from papers.models import Paper
from tests.factories import AwardFactory, PaperLinkFactory, ResearcherFactory, VenueFactory, paper_with_authors

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def person():
    return ResearcherFactory(name="Lin Wei", native_name="林伟")


@pytest.fixture
def paper(person):
    venue = VenueFactory(acronym="TOIS", name="ACM Transactions on Information Systems", kind="journal")
    paper = paper_with_authors(person, venue=venue, year=2024, month=7, kind="journal", doi="10.1145/3000000.1")
    PaperLinkFactory(paper=paper, kind="pdf", url="https://example.org/paper.pdf")
    return paper


def test_paper_bibtex_ris_and_csl_json(client, paper):
    bib = client.get(f"/papers/{paper.pk}.bib")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert "@article{" in bib.content.decode()
    ris = client.get(f"/papers/{paper.pk}.ris").content.decode()
    assert ris.startswith("TY  - JOUR") and "DO  - 10.1145/3000000.1" in ris
    csl = json.loads(client.get(f"/papers/{paper.pk}.json").content)
    assert csl[0]["title"] == paper.title and csl[0]["DOI"] == "10.1145/3000000.1"


def test_researcher_papers_bib_holds_all_their_papers(client, person, paper):
    other = paper_with_authors(person, title="Second Paper", year=2020)
    bib = client.get(f"/researchers/{person.slug}/papers.bib").content.decode()
    assert bib.count("@") == 2 and other.title in bib
    assert client.get(f"/researchers/{person.slug}/papers.ris").content.decode().count("ER  -") == 2
    assert len(json.loads(client.get(f"/researchers/{person.slug}/papers.json").content)) == 2


def test_paper_page_has_highwire_meta_tags_for_scholar(client, paper):
    page = client.get(paper.get_absolute_url()).content.decode()
    assert f'<meta name="citation_title" content="{paper.title}">' in page
    for a in paper.authorships.all():
        assert f'<meta name="citation_author" content="{a.display_name}">' in page
    assert '<meta name="citation_publication_date" content="2024/07">' in page
    assert '<meta name="citation_journal_title" content="ACM Transactions on Information Systems">' in page
    assert '<meta name="citation_pdf_url" content="https://example.org/paper.pdf">' in page
    assert '<meta name="citation_doi" content="10.1145/3000000.1">' in page


def test_paper_page_has_schema_org_json_ld_with_person_authors(client, paper):
    page = client.get(paper.get_absolute_url()).content.decode()
    data = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "ScholarlyArticle" and data["headline"] == paper.title
    assert [a["@type"] for a in data["author"]] == ["Person"] * paper.authorships.count()
    assert data["datePublished"] == "2024-07"  # the month, as citation_publication_date has it


def test_json_ld_cannot_break_out_of_its_script_element(client, person):
    paper = paper_with_authors(person, title="</script><script>alert(1)</script>")
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page


def test_preprint_arxiv_id_is_in_meta_tags(client, person):
    paper = paper_with_authors(person, venue=None, kind="preprint", status="preprint", year=None, arxiv_id="2406.02528")
    page = client.get(paper.get_absolute_url()).content.decode()
    assert '<meta name="citation_arxiv_id" content="2406.02528">' in page
    assert "citation_publication_date" not in page
    assert "Year not given" in page


def test_site_atom_feed_lists_newest_papers(client, paper):
    response = client.get("/papers/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == [paper.title]


def test_researcher_atom_feed_lists_only_their_papers(client, person, paper):
    paper_with_authors(ResearcherFactory(), title="Someone Else's Paper")
    feed = ET.fromstring(client.get(f"/researchers/{person.slug}/feed/").content)
    assert feed.find(f"{ATOM}title").text == "Papers by Lin Wei"
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == [paper.title]


def test_sitemap_lists_people_papers_and_venues(client, person, paper):
    body = client.get("/sitemap.xml").content.decode()
    for path in (person.get_absolute_url(), paper.get_absolute_url(), paper.venue.get_absolute_url(), "/awards/"):
        assert f"<loc>http://testserver{path}</loc>" in body


def test_awarded_filter_and_award_badge(client, person, paper):
    AwardFactory(paper=paper, name="Best Paper Award", venue=paper.venue)
    paper_with_authors(person, title="Unawarded")
    page = client.get("/papers/?awarded=on").content.decode()
    assert paper.title in page and "Unawarded" not in page
    assert "Best Paper Award" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [({"year": "2024"}, 1), ({"venue": "tois"}, 1), ({"status": "preprint"}, 0), ({}, 2)],
)
def test_paper_list_filters(client, person, paper, params, expected):
    paper_with_authors(person, year=2019, title="Older")
    assert len(client.get("/papers/", params).context["page"].object_list) == expected


def test_venue_page_groups_papers_by_year(client, person, paper):
    paper_with_authors(person, venue=paper.venue, year=2021, title="Older One")
    response = client.get(paper.venue.get_absolute_url())
    assert [(year, total) for year, total, _ in response.context["by_year"]] == [(2024, 1), (2021, 1)]


def test_awards_page_groups_by_year_and_kind(client, paper):
    AwardFactory(paper=paper, name="Best Paper Award", year=2024)
    response = client.get("/awards/")
    assert response.context["by_year"][0][0] == 2024
    assert response.context["by_year"][0][1][0][0] == "Paper award"
    assert Paper.objects.count() == 1
