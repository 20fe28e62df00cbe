"""What reference managers and search engines read off the pages: the paper page's citation_* meta tags,
its schema.org JSON-LD, and COinS (OpenURL in Z3988 spans) for every paper of a profile, a list and the
paper page, so that Zotero saves a whole list in one click and each paper says the same everywhere."""

import json
import re
from html import unescape
from urllib.parse import parse_qs

import pytest

from papers.models import Paper
from tests.factories import AuthorshipFactory, PaperFactory, PaperLinkFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db
ISSUE_TITLE = r"Learning $x^2$ and $\alpha_i$ with 100% {Braces} & under_scores #1: “Quotes” ~ Über-naïve café"
ISSUE_AUTHORS = ["Chen Zhang", "王小明", "José Müller-Łukasiewicz", "Zoë Ñúñez de la Peña", "François O'Brien"]
# OpenURL (Z39.88-2004 KEV) key -> the citation_* meta tag that says the same
SAME_AS = {
    "rft.jtitle": "citation_journal_title",
    "rft.btitle": "citation_conference_title",
    "rft.volume": "citation_volume",
    "rft.spage": "citation_firstpage",
    "rft.epage": "citation_lastpage",
    "rft.pub": "citation_publisher",
}


@pytest.fixture
def owner():
    return ResearcherFactory(name="Chen Zhang")


@pytest.fixture
def papers(owner):
    acl = VenueFactory(acronym="ACL", name="Annual Meeting of the Association for Computational Linguistics")
    tois = VenueFactory(acronym="TOIS", name="ACM Transactions on Information Systems", kind="journal")
    conference = PaperFactory(
        title=ISSUE_TITLE, venue=acl, year=2025, month=7, pages="100-112", publisher="ACL", doi="10.18653/v1/x"
    )
    journal = PaperFactory(title="Dense Retrieval", venue=tois, kind="journal", year=2024, volume="42", pages="1")
    preprint = PaperFactory(title="A Preprint", venue=None, kind="preprint", status="preprint", arxiv_id="2406.02528")
    for position, name in enumerate(ISSUE_AUTHORS, start=1):
        researcher = owner if position == 1 else ResearcherFactory(name=name)
        AuthorshipFactory(paper=conference, researcher=researcher, position=position)
    for paper in (journal, preprint):
        AuthorshipFactory(paper=paper, researcher=owner, position=1)
        AuthorshipFactory(paper=paper, researcher=ResearcherFactory(name="Ada Lovelace"), position=2)
    PaperLinkFactory(paper=conference, kind="pdf", url="https://example.org/x.pdf")
    return [conference, journal, preprint]


def coins(page):
    """Each Z3988 span's ContextObject, parsed as a reference manager parses it."""
    return [parse_qs(unescape(title)) for title in re.findall(r'<span class="Z3988" title="([^"]*)"', page)]


def meta_tags(client, paper):
    page = client.get(paper.get_absolute_url()).content.decode()
    tags = {}
    for name, content in re.findall(r'<meta name="(citation_\w+)" content="([^"]*)">', page):
        tags.setdefault(name, []).append(unescape(content))
    return tags


def assert_says_the_same(context_object, tags):
    assert context_object["ctx_ver"] == ["Z39.88-2004"]
    assert context_object["rft.atitle" if "rft.atitle" in context_object else "rft.btitle"] == tags["citation_title"]
    assert context_object["rft.au"] == tags["citation_author"]
    assert context_object["rft.date"] == [tags["citation_publication_date"][0].replace("/", "-")]
    for key, tag in SAME_AS.items():
        if key == "rft.btitle" and "rft.atitle" not in context_object:
            continue
        assert context_object.get(key) == tags.get(tag), key
    ids = context_object.get("rft_id", [])
    assert ("citation_doi" in tags) == (f"info:doi/{tags.get('citation_doi', [''])[0]}" in ids)
    assert ("citation_arxiv_id" in tags) == any("arxiv.org/abs/" in i for i in ids)


@pytest.mark.parametrize("url", ["/researchers/chen-zhang/", "/papers/"])
def test_every_paper_of_a_list_has_coins_with_its_page_metadata(client, owner, papers, url):
    found = coins(client.get(url).content.decode())
    assert len(found) == 3
    by_title = {(c.get("rft.atitle") or c["rft.btitle"])[0]: c for c in found}
    for paper in papers:
        assert_says_the_same(by_title[paper.title], meta_tags(client, paper))


def test_the_paper_page_has_coins_too(client, papers):
    conference = papers[0]
    (found,) = coins(client.get(conference.get_absolute_url()).content.decode())
    assert_says_the_same(found, meta_tags(client, conference))
    assert found["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:book"] and found["rft.genre"] == ["proceeding"]
    assert found["rft.au"][1] == "王小明"


def test_coins_say_what_kind_of_work_it_is(client, papers):
    found = {(c.get("rft.atitle") or c["rft.btitle"])[0]: c for c in coins(client.get("/papers/").content.decode())}
    assert (found["Dense Retrieval"]["rft_val_fmt"], found["Dense Retrieval"]["rft.genre"]) == (
        ["info:ofi/fmt:kev:mtx:journal"],
        ["article"],
    )
    assert found["A Preprint"]["rft.genre"] == ["preprint"]


def json_ld(client, paper):
    page = client.get(paper.get_absolute_url()).content.decode()
    return json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])


def test_json_ld_puts_a_conference_paper_in_its_proceedings_not_a_periodical(client, papers):
    part_of = json_ld(client, papers[0])["isPartOf"]
    assert part_of["@type"] == "Book"
    assert part_of["name"] == "Proceedings of the Annual Meeting of the Association for Computational Linguistics"


def test_json_ld_puts_a_journal_article_in_its_periodical(client, papers):
    part_of = json_ld(client, papers[1])["isPartOf"]
    assert part_of == {"@type": "Periodical", "name": "ACM Transactions on Information Systems"}


def test_json_ld_has_no_container_for_a_preprint_without_venue(client, papers):
    assert "isPartOf" not in json_ld(client, Paper.objects.get(title="A Preprint"))
