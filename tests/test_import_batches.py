"""Imports write a batch of records at a time: a fixed number of queries per batch, the same results as writing
entry by entry (duplicates in the file, papers found by DOI, arXiv id and title, namesakes, aliases, initials),
and a change set that reverts."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from curation.history import change_set, revert_change_set
from curation.importers import batch, bibtex
from curation.importers.writer import _Writer, import_records
from papers.models import Authorship, ImportBatch, Paper, PaperLink, Venue
from papers.search import search_papers
from researchers.models import Alias, Researcher
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db

NAMES = ["Ann Lee", "Bo Chen", "Chen Zhang", "Dana Müller", "Eve Adams", "Fei Wang", "Gus Ortiz", "Hana Sato"]


def entries(count, start=0, tag="a"):
    """`count` new conference papers: a DOI or an arXiv id each, 3 authors from a pool of 56 names, a pdf link."""
    text = []
    for n in range(start, start + count):
        people = " and ".join(NAMES[(n + k) % len(NAMES)] + f" {tag}{n % 7}" for k in range(3))
        ident = f"doi = {{10.5555/batch.{n}}}" if n % 2 else f"eprint = {{2401.{n:05d}}}, archivePrefix = {{arXiv}}"
        text.append(
            f"@inproceedings{{k{n}, title = {{Batched paper number {n}}}, author = {{{people}}}, booktitle = {{ACL}},"
            f" year = 2024, {ident}, url = {{https://example.org/{n}.pdf}}}}"
        )
    return "\n".join(text)


def run_import(text, **options):
    return import_records(bibtex.parse(text), file_name="f.bib", format="bibtex", **options)


def counted(text, **options):
    """The import's statements: those other than INSERT, and the INSERTs (SQLite splits a bulk INSERT at 999
    parameters, so only PostgreSQL's INSERT count is fixed per table)."""
    with CaptureQueriesContext(connection) as queries:
        report = run_import(text, **options)
    statements = [q["sql"].lstrip().split(None, 1)[0].upper() for q in queries.captured_queries]
    inserts = sum(s in ("INSERT", "COPY") for s in statements)
    return report, len(statements) - inserts, inserts


@pytest.fixture
def venue_and_people():
    VenueFactory(acronym="ACL", slug="acl", name="Annual Meeting of the Association for Computational Linguistics")
    for name in NAMES[:4]:
        ResearcherFactory(name=f"{name} a1")


def test_the_queries_of_an_import_do_not_grow_with_its_entries(venue_and_people):
    """50 or 500 new papers (one batch): the same statements. Entry by entry, 500 entries cost ~10,000."""
    small, small_reads, small_inserts = counted(entries(50))
    large, large_reads, large_inserts = counted(entries(500, start=50, tag="b"))
    assert small.counts["new"] == 50 and large.counts["new"] == 500
    # The venues; a savepoint; the papers by DOI, arXiv id and title key; people by name; by alias; a savepoint
    # for the batch's rows; their slugs' homonyms; release; the ImportBatch's counts; release. PostgreSQL draws
    # the ids of people, papers, authorships and links from their sequences first (one query each), and takes the
    # import's one advisory lock (pubdb/locks.py).
    assert small_reads == large_reads == (15 if connection.vendor == "postgresql" else 10)
    if connection.vendor == "postgresql":
        # The ImportBatch, then for people, papers, authorships and links: a COPY of the rows and of their history.
        assert small_inserts == large_inserts == 9
    unchanged, reads, inserts = counted(entries(500, start=50, tag="b"))
    assert unchanged.counts["unchanged"] == 500 and not unchanged.written
    # The venues; a savepoint; the papers; their authorships; their links; people by name; by alias; rollback
    # (nothing changed), release; on PostgreSQL the import's advisory lock too. The only INSERT is the ImportBatch,
    # rolled back.
    assert (reads, inserts) == (10 if connection.vendor == "postgresql" else 9, 1)


def test_a_dry_run_costs_the_matching_only(venue_and_people):
    before = {m: m.objects.count() for m in (Paper, Researcher, Authorship, PaperLink, ImportBatch)}
    report, reads, inserts = counted(entries(500), dry_run=True)
    assert report.counts["new"] == 500 and not report.written
    assert inserts == 1  # the ImportBatch, rolled back with the rest
    assert reads < 20
    assert {m: m.objects.count() for m in before} == before


TRICKY = r"""
@inproceedings{dup1, title = {Sparse Attention at Scale}, author = {Jane Doe and Bin Qin}, booktitle = {ACL},
  year = 2024, doi = {10.5555/dup}}
@inproceedings{dup2, title = {Sparse attention at scale!}, author = {Jane Doe and Bin Qin}, booktitle = {ACL},
  year = 2024, pages = {1--9}, url = {https://example.org/dup.pdf}}
@article{bydoi, title = {Different Title Same DOI}, author = {Ann Lee}, journal = {ACL}, year = 2023,
  doi = {10.5555/EXISTING}, volume = {7}}
@misc{byarxiv, title = {Known by arXiv}, author = {Ann Lee and jane doe}, year = 2023, eprint = {2301.00001},
  archivePrefix = {arXiv}}
@inproceedings{bytitle, title = {An Existing: Paper}, author = {Ann Lee}, booktitle = {ACL}, year = 2022}
@inproceedings{namesake, title = {Two Wei Wangs}, author = {Wei Wang and Ann Lee}, booktitle = {ACL}, year = 2024}
@inproceedings{initials, title = {Initials Only}, author = {M. Zhang and J. Doe}, booktitle = {ACL}, year = 2024}
@inproceedings{newvenue, title = {At a New Venue}, author = {Jane Doe}, booktitle = {Workshop on Tiny Things},
  year = 2024}
@inproceedings{badyear, title = {Bad Year}, author = {Ann Lee}, booktitle = {ACL}, year = 1200}
@inproceedings{twice, title = {Listed Twice}, author = {Kim Park and kim park}, booktitle = {ACL}, year = 2024}
@inproceedings{after, title = {After the Venue}, author = {Jane Doe and Kim Park and Bin Qin}, booktitle = {ACL},
  year = 2024, doi = {10.5555/after}}
@inproceedings{dup3, title = {Sparse Attention at Scale}, author = {Jane Doe and Bin Qin}, booktitle = {ACL},
  year = 2024, doi = {10.5555/DUP}, url = {https://example.org/other.pdf}}
"""


@pytest.fixture
def tricky_world():
    acl = VenueFactory(
        acronym="ACL", slug="acl", name="Annual Meeting of the Association for Computational Linguistics"
    )
    ann = ResearcherFactory(name="Ann Lee", slug="ann-lee")
    qin = ResearcherFactory(name="Bing Qin", slug="bing-qin")
    Alias.objects.create(researcher=qin, name="Bin Qin")
    ResearcherFactory(name="Wei Wang", slug="wei-wang")
    ResearcherFactory(name="Wei Wang", slug="wei-wang-2")
    ResearcherFactory(name="Min Zhang", slug="min-zhang")
    for title, fields in [
        ("Something else", {"doi": "10.5555/existing", "venue": None, "kind": "preprint", "status": "preprint"}),
        ("Known by arXiv", {"arxiv_id": "2301.00001", "year": 2023, "venue": None}),
        ("An existing paper", {"year": 2022, "venue": acl}),
    ]:
        paper = PaperFactory(title=title, **fields)
        AuthorshipFactory(paper=paper, researcher=ann, position=1, printed_name="Ann Lee")


def outcome(report):
    """What a curator sees of an import, and what it left in the database, without ids."""
    people = {r.pk: r.slug for r in Researcher.objects.all()}
    results = [
        (
            r.record.key,
            r.status,
            r.changes,
            r.errors,
            r.venue_how,
            [
                (a.name, a.status, a.researcher.slug if a.researcher else "", [c.slug for c in a.candidates])
                for a in r.authors
            ],
        )
        for r in report.results
    ]
    papers = sorted(
        (
            p.title,
            p.title_key,
            p.doi,
            p.arxiv_id,
            p.pages,
            p.volume,
            p.kind,
            p.status,
            p.venue.slug if p.venue else "",
            [(a.position, a.printed_name, people[a.researcher_id]) for a in p.authorships.in_order()],
            sorted((link.kind, link.url) for link in p.links.all()),
        )
        for p in Paper.objects.select_related("venue")
    )
    db = {
        "people": sorted((r.name, r.slug, r.sort_key) for r in Researcher.objects.all()),
        "venues": sorted(Venue.objects.values_list("slug", flat=True)),
        "history": {
            model.__name__: sorted(
                model.history.filter(history_change_reason__startswith="Import #").values_list(
                    "history_type", flat=True
                )
            )
            for model in (Paper, Authorship, Researcher, PaperLink, Venue)
        },
    }
    return results, papers, db


def entry_by_entry(text):
    """The writer's entry-by-entry path (a query per read, a savepoint per entry), as imports ran before batches."""
    records = bibtex.parse(text)
    batch_row = ImportBatch.objects.create(file_name="f.bib", format="bibtex")
    writer = _Writer({})
    with change_set(batch_row.change_reason):
        results = [writer.write(record) for record in records]
    return type("Report", (), {"results": results})()


@pytest.mark.parametrize("batch_size", [500, 3, 1])
def test_batches_give_what_entry_by_entry_writing_gives(tricky_world, monkeypatch, batch_size):
    with transaction.atomic():
        expected = outcome(entry_by_entry(TRICKY))
        transaction.set_rollback(True)
    monkeypatch.setattr(batch, "BATCH_SIZE", batch_size)
    report = run_import(TRICKY, skip_invalid=True)
    got = outcome(report)
    assert got[0] == expected[0]
    assert got[1] == expected[1]
    assert got[2] == expected[2]
    statuses = {r.record.key: r.status for r in report.results}
    assert statuses == {
        "dup1": "new",
        "dup2": "updated",  # the paper dup1 made: gains its pages and link
        "bydoi": "updated",
        "byarxiv": "unchanged",
        "bytitle": "unchanged",
        "namesake": "invalid",
        "initials": "new",
        "newvenue": "new",
        "badyear": "invalid",
        "twice": "invalid",
        "after": "new",
        "dup3": "updated",
    }


def test_a_dry_run_reports_what_the_import_does(tricky_world):
    dry = outcome(run_import(TRICKY, skip_invalid=True, dry_run=True))
    assert Paper.objects.count() == 3
    real = outcome(run_import(TRICKY, skip_invalid=True))
    assert dry[0] == real[0]


def test_a_batch_import_reverts_to_nothing_and_search_finds_its_papers(venue_and_people, tmp_path):
    before = {m: m.objects.count() for m in (Paper, Researcher, Authorship, PaperLink)}
    report = run_import(entries(40))
    assert report.written and report.counts["new"] == 40
    history = Authorship.history.filter(history_change_reason=report.batch.change_reason)
    assert history.count() == 120
    assert search_papers(Paper.objects.all(), "batched").count() == 40
    assert search_papers(Paper.objects.all(), "Müller").exists()  # the authors' names, kept by the search triggers
    revert_change_set(report.batch.change_reason)
    assert {m: m.objects.count() for m in before} == before


def test_the_command_imports_a_file_of_new_papers_in_batches(venue_and_people, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "BATCH_SIZE", 7)
    path = tmp_path / "many.bib"
    path.write_text(entries(30), encoding="utf-8")
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    assert Paper.objects.filter(title__startswith="Batched paper").count() == 30
    assert Authorship.objects.count() == 90
    # Names met again in later batches link to the people the earlier batches made.
    assert Researcher.objects.filter(name="Ann Lee a0").count() == 1
    assert all(Paper.objects.values_list("title_key", flat=True))
