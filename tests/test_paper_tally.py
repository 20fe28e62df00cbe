"""The stored papers-per-person count (researchers.PaperTally) equals a recount after every write path, and the
home page ranks the most prolific people by it."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from curation.history import revert_change_set
from papers.models import Authorship, ImportBatch, Paper
from researchers.models import PaperTally, Researcher
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory, VenueFactory, paper_with_authors

pytestmark = pytest.mark.django_db


def assert_tally_is_a_recount():
    recount = dict(Authorship.objects.order_by().values_list("researcher_id").annotate(n=Count("id")))
    stored = dict(PaperTally.objects.exclude(papers=0).values_list("researcher_id", "papers"))
    assert stored == recount


@pytest.fixture
def prolific():
    person = ResearcherFactory(name="Wei Zhang", slug="wei-zhang")
    for _ in range(3):
        paper_with_authors(person)
    return person


def test_the_home_page_ranks_people_by_their_stored_count(client, prolific):
    assert PaperTally.objects.get(researcher=prolific).papers == 3
    page = client.get("/").content.decode()
    assert page.index("Wei Zhang") < page.index(Researcher.objects.exclude(pk=prolific.pk).first().name)
    assert_tally_is_a_recount()


def test_admin_merge_split_and_delete_keep_it_exact(staff_client, prolific):
    other = ResearcherFactory(name="W. Zhang")
    AuthorshipFactory(researcher=other)
    staff_client.post(
        "/admin/researchers/researcher/",
        {"action": "merge_into", "_selected_action": [prolific.pk, other.pk], "keep": prolific.pk, "apply": "1"},
    )
    assert PaperTally.objects.get(researcher=prolific).papers == 4
    assert_tally_is_a_recount()

    moved = list(prolific.authorships.all()[:2])
    payload = {"action": "move_authorships", "_selected_action": [a.pk for a in moved], "apply": "Move"}
    staff_client.post("/admin/papers/authorship/", payload)
    assert PaperTally.objects.get(researcher=prolific).papers == 2
    assert_tally_is_a_recount()

    paper = prolific.authorships.first().paper
    assert staff_client.post(f"/admin/papers/paper/{paper.pk}/delete/", {"post": "yes"}).status_code == 302
    assert PaperTally.objects.get(researcher=prolific).papers == 1
    assert_tally_is_a_recount()

    revert_change_set(f"Merge of {other.slug} into {prolific.slug}")
    assert_tally_is_a_recount()


def test_api_writes_keep_it_exact(curator_client, prolific):
    VenueFactory(acronym="ACL", slug="acl")
    authors = [{"researcher": "wei-zhang", "name": "Wei Zhang"}, {"name": "Ada Newcomer"}]
    created = curator_client.post(
        "/api/v1/papers/", {"title": "MiniMA", "year": 2024, "venue": "acl", "authors": authors}, "application/json"
    )
    assert created.status_code == 201, created.content
    assert PaperTally.objects.get(researcher=prolific).papers == 4
    assert_tally_is_a_recount()
    assert curator_client.delete(f"/api/v1/papers/{created.json()['id']}/").status_code == 204
    assert PaperTally.objects.get(researcher=prolific).papers == 3
    assert_tally_is_a_recount()


def test_an_import_and_its_revert_keep_it_exact(tmp_path, prolific):
    path = tmp_path / "lab.bib"
    path.write_text(
        """@article{a, title = {One}, author = {Wei Zhang and Bo Li}, journal = {J}, year = 2024}
        @article{b, title = {Two}, author = {Bo Li and Ann Lee}, journal = {J}, year = 2025}"""
    )
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    assert Paper.objects.filter(title__in=["One", "Two"]).count() == 2
    assert PaperTally.objects.get(researcher__name="Bo Li").papers == 2
    assert_tally_is_a_recount()
    revert_change_set(ImportBatch.objects.get().change_reason)
    assert not Researcher.objects.filter(name="Bo Li", authorships__isnull=False).exists()
    assert_tally_is_a_recount()


def test_a_restored_backup_has_the_same_counts(tmp_path, prolific):
    before = dict(PaperTally.objects.values_list("researcher_id", "papers"))
    backup = tmp_path / "pubdb.json"
    call_command("backup", str(backup), stdout=io.StringIO())
    if connection.vendor == "postgresql":
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending FK checks
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        connection.cursor().execute("SET CONSTRAINTS ALL DEFERRED")
    assert not PaperTally.objects.exists()
    call_command("restore", str(backup), stdout=io.StringIO())
    assert dict(PaperTally.objects.values_list("researcher_id", "papers")) == before
    assert_tally_is_a_recount()


def test_the_bulk_loaded_corpus_is_counted(db):
    call_command("generate_corpus", papers=300, seed=3, stdout=io.StringIO())
    assert PaperTally.objects.filter(papers__gt=1).exists()
    assert_tally_is_a_recount()


def test_reordering_authors_changes_no_count(prolific):
    paper = PaperFactory()
    AuthorshipFactory(paper=paper, researcher=prolific, position=1)
    Authorship.objects.filter(paper=paper).update(position=2, selected=True)
    assert PaperTally.objects.get(researcher=prolific).papers == 4
    assert_tally_is_a_recount()
