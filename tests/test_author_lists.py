"""One author list for every output of a paper: printed authors in order, "others" for a truncated list,
and the authors known beyond it (a profile owner) kept findable where a format lists people."""

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from papers.models import Paper
from researchers.models import Researcher
from tests.factories import PaperFactory, ResearcherFactory, paper_with_authors

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
PRINTED = ["Quanen Sun", "Changxin Tian", "Ke Shi"]  # SuperValid's printed list; Kunlong Chen is beyond it


@pytest.fixture
def supervalid(demo):
    return Paper.objects.get(title__startswith="SuperValid")


def page_metadata(client, paper):
    page = client.get(paper.get_absolute_url()).content.decode()
    meta = dict(re.findall(r'<meta name="(citation_\w+page)" content="([^"]*)">', page))
    meta["citation_author"] = re.findall(r'<meta name="citation_author" content="([^"]*)">', page)
    json_ld = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    return meta, json_ld, page


def test_json_ld_authors_are_the_citation_author_tags_on_a_truncated_list(client, supervalid):
    meta, json_ld, _ = page_metadata(client, supervalid)
    assert [a["name"] for a in json_ld["author"]] == meta["citation_author"] == [*PRINTED, "Kunlong Chen"]


def test_truncated_lists_end_in_others_alike_in_bibtex_csl_json_and_ris(client, supervalid):
    bib = client.get(f"/papers/{supervalid.pk}.bib").content.decode()
    assert "author = {Quanen Sun and Changxin Tian and Ke Shi and others}" in bib
    csl = json.loads(client.get(f"/papers/{supervalid.pk}.json").content)[0]["author"]
    assert [a.get("family") or a["literal"] for a in csl] == ["Sun", "Tian", "Shi", "others"]
    ris = client.get(f"/papers/{supervalid.pk}.ris").content.decode()
    assert re.findall(r"^AU  - (.*)$", ris, re.M) == ["Sun, Quanen", "Tian, Changxin", "Shi, Ke", "others"]


def test_a_complete_list_has_no_others(client, supervalid):
    supervalid.authorships.filter(position__isnull=True).delete()
    Paper.objects.filter(pk=supervalid.pk).update(authors_truncated=False)
    bib = client.get(f"/papers/{supervalid.pk}.bib").content.decode()
    assert "author = {Quanen Sun and Changxin Tian and Ke Shi}" in bib
    assert "others" not in client.get(f"/papers/{supervalid.pk}.json").content.decode()


def test_csl_json_export_of_a_truncated_list_imports_back_truncated(client, supervalid, tmp_path):
    path = tmp_path / "supervalid.json"
    path.write_bytes(client.get(f"/papers/{supervalid.pk}.json").content)
    supervalid.delete()
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    paper = Paper.objects.get(title__startswith="SuperValid")
    assert paper.authors_truncated
    assert [a.display_name for a in paper.author_list.printed] == PRINTED
    assert [(a.display_name, a.position) for a in paper.author_list.beyond] == [("Kunlong Chen", None)]  # the note
    assert not Researcher.objects.filter(name="others").exists()


def test_atom_feed_has_one_author_per_person(client, demo):
    feed = ET.fromstring(client.get("/researchers/kunlong-chen/feed/").content)
    entry = next(e for e in feed.findall(f"{ATOM}entry") if e.find(f"{ATOM}title").text.startswith("SuperValid"))
    authors = entry.findall(f"{ATOM}author")
    assert [a.find(f"{ATOM}name").text for a in authors] == [*PRINTED, "Kunlong Chen"]
    assert authors[-1].find(f"{ATOM}uri").text == "http://testserver/researchers/kunlong-chen/"
    assert entry.find(f"{ATOM}summary").text.startswith("Quanen Sun, Changxin Tian, Ke Shi, et al. ")


def test_site_feed_names_every_author_of_a_long_list(client):
    paper = paper_with_authors(ResearcherFactory(name="Lin Wei"), coauthors=4)
    feed = ET.fromstring(client.get("/papers/feed/").content)
    names = [a.find(f"{ATOM}name").text for a in feed.find(f"{ATOM}entry").findall(f"{ATOM}author")]
    assert names == [a.display_name for a in paper.authorships.in_order()] and len(names) == 5


def test_firstpage_and_lastpage_split_a_page_range(client):
    paper = paper_with_authors(ResearcherFactory(), pages="1-10")
    meta, json_ld, _ = page_metadata(client, paper)
    assert (meta["citation_firstpage"], meta["citation_lastpage"]) == ("1", "10")
    assert (json_ld["pageStart"], json_ld["pageEnd"]) == ("1", "10")


def test_a_single_page_is_only_a_firstpage(client):
    paper = paper_with_authors(ResearcherFactory(), pages="e1234")
    meta, json_ld, _ = page_metadata(client, paper)
    assert meta == {"citation_firstpage": "e1234", "citation_author": meta["citation_author"]}
    assert json_ld["pageStart"] == "e1234" and "pageEnd" not in json_ld


@pytest.mark.parametrize(
    ("date", "meta_date", "json_ld_date"),
    [
        ((2024, None, None), "2024", "2024"),
        ((2024, 7, None), "2024/07", "2024-07"),
        ((2024, 7, 5), "2024/07/05", "2024-07-05"),
    ],
)
def test_json_ld_date_has_the_meta_tags_precision(client, date, meta_date, json_ld_date):
    year, month, day = date
    paper = PaperFactory(year=year, month=month, day=day)
    _, json_ld, page = page_metadata(client, paper)
    assert f'<meta name="citation_publication_date" content="{meta_date}">' in page
    assert json_ld["datePublished"] == json_ld_date
