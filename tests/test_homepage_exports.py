"""BibTeX round trip, and a researcher's list for al-folio and Hugo Blox homepages."""

import io

import pytest
import yaml
from django.core.management import call_command

from curation.homepages import hugo_blox_bundle, to_alfolio_bibtex
from papers.exports import to_bibtex
from papers.models import Authorship, Award, Paper, PaperLink, Venue
from researchers.models import Researcher
from tests.factories import AuthorshipFactory, AwardFactory, PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db


def build_papers():
    acl = VenueFactory(
        acronym="ACL", slug="acl", name="Annual Meeting of the Association for Computational Linguistics"
    )
    tois = VenueFactory(acronym="TOIS", slug="tois", name="ACM Transactions on Information Systems", kind="journal")
    me = ResearcherFactory(name="Chen Zhang")
    people = [me, *(ResearcherFactory(name=n) for n in ["Jürgen Müller", "Ayşe Çelik", "Jan van der Berg", "张辰"])]
    specs = [
        {
            "title": "Parallel Decoding: {A} Study",
            "venue": acl,
            "track": "Findings",
            "year": 2025,
            "month": 7,
            "pages": "1-10",
            "doi": "10.18653/v1/2025.findings-acl.1",
            "kind": "conference",
        },
        {"title": "A Demo", "venue": acl, "track": "System Demonstrations", "year": 2025, "kind": "demo"},
        {"title": "Accepted Work", "venue": acl, "year": 2026, "kind": "conference", "status": "accepted"},
        {
            "title": "On Elastic Language Models",
            "venue": tois,
            "year": 2024,
            "volume": "42",
            "number": "3",
            "kind": "journal",
        },
        {
            "title": "A Preprint on α-Tests & More",
            "venue": None,
            "year": 2024,
            "arxiv_id": "2401.12345",
            "kind": "preprint",
            "status": "preprint",
            "categories": ["cs.CL"],
            "authors_truncated": True,
        },
    ]
    for spec in specs:
        paper = PaperFactory(**spec)
        for position, person in enumerate(people[: 3 if spec.get("authors_truncated") else 5], start=1):
            AuthorshipFactory(
                paper=paper,
                researcher=person,
                position=position,
                equal_contribution=position <= 2,
                corresponding=position == 5,
                selected=person == me,
            )
    return me


def snapshot():
    papers = []
    for paper in Paper.objects.with_listing().order_by("title"):
        papers.append(
            (
                paper.title,
                paper.kind,
                paper.status,
                paper.year,
                paper.month,
                paper.track,
                paper.pages,
                paper.volume,
                paper.number,
                paper.doi,
                paper.arxiv_id,
                paper.categories,
                paper.authors_truncated,
                paper.venue.name if paper.venue else None,
                [(a.position, a.display_name, a.equal_contribution, a.corresponding) for a in paper.authorships.all()],
            )
        )
    return papers


def test_bibtex_export_then_import_into_an_empty_database_gives_the_same_papers(tmp_path):
    build_papers()
    before = snapshot()
    path = tmp_path / "export.bib"
    path.write_text(to_bibtex(Paper.objects.with_listing()), encoding="utf-8")

    Authorship.objects.all().delete()
    Paper.objects.all().delete()
    Researcher.objects.all().delete()
    Venue.objects.all().delete()
    call_command("import_bibtex", str(path), stdout=io.StringIO())

    assert snapshot() == before
    assert "author+an = {1=equal; 2=equal; 5=corresponding}" in path.read_text()


def test_alfolio_bibtex_has_the_homepage_fields(tmp_path):
    me = build_papers()
    paper = Paper.objects.get(title__startswith="Parallel")
    PaperLink.objects.create(paper=paper, kind="code", url="https://github.com/example/pd")
    PaperLink.objects.create(paper=paper, kind="pdf", url="https://aclanthology.org/x.pdf")
    AwardFactory(paper=paper, name="Outstanding Paper Award")
    text = to_alfolio_bibtex(Paper.objects.by_researcher(me).with_listing(), me)
    entry = text.split("@inproceedings{zhang2025parallel,")[1].split("\n}")[0]
    for line in [
        "abbr = {ACL}",
        "selected = {true}",
        "award = {Outstanding Paper Award}",
        "pdf = {https://aclanthology.org/x.pdf}",
        "code = {https://github.com/example/pd}",
        r"author = {Chen Zhang* and J{\"u}rgen M{\"u}ller* and ",
        "annotation = {* Equal contribution, † Corresponding author}",
    ]:
        assert line in entry
    assert "arxiv = {2401.12345}" in text


def test_alfolio_export_imports_back_with_its_marks(tmp_path):
    me = build_papers()
    before = snapshot()
    path = tmp_path / "papers.bib"
    call_command("export_homepage", me.slug, "--format", "alfolio", "--output", str(path), stdout=io.StringIO())
    Authorship.objects.all().delete()
    Award.objects.all().delete()
    Paper.objects.all().delete()
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    assert [p[-1] for p in snapshot()] == [p[-1] for p in before]


def test_hugo_blox_front_matter(tmp_path):
    me = build_papers()
    call_command("export_homepage", me.slug, "--format", "hugo-blox", "--output", str(tmp_path), stdout=io.StringIO())
    paper = Paper.objects.get(title__startswith="Parallel")
    bundle = hugo_blox_bundle([paper], me)
    folder = tmp_path / next(iter(bundle))
    front = yaml.safe_load((folder / "index.md").read_text().split("---\n")[1])
    assert front["title"] == "Parallel Decoding: {A} Study"
    assert front["authors"][:2] == ["me", "Jürgen Müller"]
    assert front["author_notes"][:2] == ["Equal contribution", "Equal contribution"]
    assert front["author_notes"][4] == "Corresponding author"
    assert front["publication_types"] == ["paper-conference"]
    assert front["publication_short"] == "*ACL 2025 Findings*"
    assert front["featured"] is True
    assert front["date"] == "2025-07-01T00:00:00Z"
    assert (folder / "cite.bib").read_text().startswith("@inproceedings")


def test_importing_the_demo_databases_own_export_changes_nothing(demo, tmp_path):
    path = tmp_path / "demo.bib"
    path.write_text(to_bibtex(Paper.objects.with_listing()), encoding="utf-8")
    history = Paper.history.count() + Authorship.history.count() + PaperLink.history.count()
    out = io.StringIO()
    call_command("import_bibtex", str(path), stdout=out)
    assert f"0 new, 0 updated, {Paper.objects.count()} unchanged, 0 invalid" in out.getvalue()
    assert Paper.history.count() + Authorship.history.count() + PaperLink.history.count() == history
