"""Every record leaves whole and comes back whole: each demo profile (and a paper of hard characters) is
exported from its page in BibTeX, RIS and CSL-JSON, the database emptied, the files imported with
`import_bibtex`, and every paper compared field by field with what it was."""

import io

import pytest
import yaml
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from curation.demo import DEMO_DIR
from papers.models import Paper, Venue
from researchers.models import Researcher
from tests.conftest import _demo_models
from tests.factories import AuthorshipFactory, PaperFactory, PaperLinkFactory, ResearcherFactory

HARD_TITLE = r"Learning $x^2$ and $\alpha_i$ with 100% {Braces} & under_scores #1: “Quotes” ~ Über-naïve café"
HARD_AUTHORS = ["Chen Zhang", "王小明", "José Müller-Łukasiewicz", "Zoë Ñúñez de la Peña", "François O'Brien"]
EXTENSIONS = {"bibtex": "bib", "ris": "ris", "csl-json": "json"}
# The links each format carries: BibTeX's url/pdf/code, RIS's UR and L1, CSL-JSON's one URL (kind unknown).
LINKS = {"bibtex": {"paper", "pdf", "code"}, "ris": {"paper", "pdf"}, "csl-json": {"paper", "pdf"}}


@pytest.fixture
def hard_paper(demo):
    """The issue's paper, by the demo's Chen Zhang and four people with names BibTeX and CSL get wrong."""
    acl = Venue.objects.get(acronym="ACL")
    paper = PaperFactory(title=HARD_TITLE, venue=acl, track="Findings", year=2025, month=6, abstract="")
    owner = Researcher.objects.get(slug="chen-zhang")
    for position, name in enumerate(HARD_AUTHORS, start=1):
        researcher = owner if position == 1 else ResearcherFactory(name=name)
        AuthorshipFactory(paper=paper, researcher=researcher, position=position, printed_name=name)
    PaperLinkFactory(paper=paper, kind="pdf", url="https://example.org/learning-x2.pdf")
    return paper


def snapshot(paper, fmt):
    """What must survive a round trip, keyed by title."""
    links = {link.url for link in paper.links.all() if link.kind in LINKS[fmt]}
    if fmt == "csl-json":  # one URL: the one the export chose
        links = {url for url in links if url == _csl_url(paper)}
    return {
        "kind": paper.kind,
        "status": paper.status,
        "authors": [a.display_name for a in paper.author_list.printed],
        "truncated": paper.author_list.truncated,
        "authors beyond": sorted(a.display_name for a in paper.author_list.beyond),
        "venue": (paper.venue.acronym, paper.venue.name) if paper.venue else None,
        "track": paper.track,
        "year": paper.year,
        "month": paper.month,
        "arxiv": paper.arxiv_id,
        "links": links,
    }


def _csl_url(paper):
    """CSL-JSON's one URL: the paper's own page, else its PDF."""
    urls = {link.kind: link.url for link in reversed(paper.links.all())}
    return urls.get("paper") or urls.get("pdf")


def empty_the_database():
    """A fresh database: every table of the researchers and papers apps emptied (history included)."""
    tables = [model._meta.db_table for model in _demo_models()]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables):
            cursor.execute(sql)
    assert not Paper.objects.exists() and not Venue.objects.exists() and not Researcher.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", EXTENSIONS)
def test_every_demo_profile_exports_and_imports_back_whole(client, hard_paper, tmp_path, fmt):
    profiles = [p["slug"] for path in DEMO_DIR.glob("*.yaml") for p in yaml.safe_load(path.read_text())["profiles"]]
    assert len(profiles) == 6
    files, before = [], {}
    for slug in profiles:
        response = client.get(f"/researchers/{slug}/papers.{EXTENSIONS[fmt]}")
        assert response.status_code == 200
        path = tmp_path / f"{slug}.{EXTENSIONS[fmt]}"
        path.write_bytes(response.content)
        files.append(path)
        researcher = Researcher.objects.get(slug=slug)
        before |= {p.title: snapshot(p, fmt) for p in Paper.objects.for_profile(researcher)}
    venues_before = {v for v in (s["venue"] for s in before.values()) if v}

    empty_the_database()
    for path in files:
        call_command("import_bibtex", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    after = {p.title: snapshot(p, fmt) for p in Paper.objects.with_listing()}
    assert sorted(after) == sorted(before)
    for title, fields in before.items():
        assert after[title] == fields, title
    assert sorted(Venue.objects.values_list("acronym", "name")) == sorted(venues_before)  # none twice
    by_title = {p.title: p for p in Paper.objects.with_listing()}
    assert [a.display_name for a in by_title[HARD_TITLE].author_list.printed] == HARD_AUTHORS
