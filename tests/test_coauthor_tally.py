"""The stored papers-per-pair count (researchers.CoauthorTally) equals a recount after every write path, and the
profile lists the most frequent co-authors from it."""

import io
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from curation.history import revert_change_set
from papers.models import Authorship, ImportBatch, Paper
from researchers.models import CoauthorTally, Researcher
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory, VenueFactory, paper_with_authors

pytestmark = pytest.mark.django_db


def recount():
    """{(person, co-author): shared papers}, counted in Python from the authorships themselves."""
    authors = defaultdict(set)
    for paper, person in Authorship.objects.values_list("paper_id", "researcher_id"):
        authors[paper].add(person)
    return Counter((a, b) for people in authors.values() for a in people for b in people if a != b)


def assert_tally_is_a_recount():
    stored = {
        (a, b): n for a, b, n in CoauthorTally.objects.exclude(papers=0).values_list("researcher", "coauthor", "papers")
    }
    assert stored == recount()


def shared(a, b):
    row = CoauthorTally.objects.filter(researcher=a, coauthor=b).first()
    return row.papers if row else 0


@pytest.fixture
def pair():
    """Wei Zhang and Bo Li on three papers (with others on each)."""
    wei, bo = ResearcherFactory(name="Wei Zhang", slug="wei-zhang"), ResearcherFactory(name="Bo Li", slug="bo-li")
    for _ in range(3):
        AuthorshipFactory(paper=paper_with_authors(wei, coauthors=2), researcher=bo, position=9)
    return wei, bo


def test_the_profile_lists_co_authors_by_their_stored_count(client, pair):
    wei, bo = pair
    assert shared(wei, bo) == shared(bo, wei) == 3
    response = client.get(wei.get_absolute_url())
    assert response.context["coauthors"][0][0].name == "Bo Li" and response.context["coauthors"][0][1] == 3
    assert response.context["coauthor_total"] == 7  # Bo Li and two others on each paper
    assert_tally_is_a_recount()


def test_admin_merge_split_and_delete_keep_it_exact(staff_client, pair):
    wei, bo = pair
    other = ResearcherFactory(name="W. Zhang")
    AuthorshipFactory(paper=paper_with_authors(bo), researcher=other)
    staff_client.post(
        "/admin/researchers/researcher/",
        {"action": "merge_into", "_selected_action": [wei.pk, other.pk], "keep": wei.pk, "apply": "1"},
    )
    assert shared(wei, bo) == 4
    assert_tally_is_a_recount()

    moved = list(wei.authorships.all()[:2])
    payload = {"action": "move_authorships", "_selected_action": [a.pk for a in moved], "apply": "Move"}
    staff_client.post("/admin/papers/authorship/", payload)
    assert shared(wei, bo) == 2
    assert_tally_is_a_recount()

    paper = wei.authorships.first().paper
    assert staff_client.post(f"/admin/papers/paper/{paper.pk}/delete/", {"post": "yes"}).status_code == 302
    assert shared(wei, bo) == 1
    assert_tally_is_a_recount()

    revert_change_set(f"Merge of {other.slug} into {wei.slug}")
    assert_tally_is_a_recount()


def test_api_writes_keep_it_exact(curator_client, pair):
    wei, bo = pair
    VenueFactory(acronym="ACL", slug="acl")
    authors = [{"researcher": "wei-zhang", "name": "Wei Zhang"}, {"researcher": "bo-li", "name": "Bo Li"}]
    created = curator_client.post(
        "/api/v1/papers/", {"title": "MiniMA", "year": 2024, "venue": "acl", "authors": authors}, "application/json"
    )
    assert created.status_code == 201, created.content
    assert shared(wei, bo) == 4
    assert_tally_is_a_recount()
    assert curator_client.delete(f"/api/v1/papers/{created.json()['id']}/").status_code == 204
    assert shared(wei, bo) == 3
    assert_tally_is_a_recount()


def test_an_import_and_its_revert_keep_it_exact(tmp_path, pair):
    path = tmp_path / "lab.bib"
    path.write_text(
        """@article{a, title = {One}, author = {Wei Zhang and Bo Li and Ann Lee}, journal = {J}, year = 2024}
        @article{b, title = {Two}, author = {Bo Li and Ann Lee}, journal = {J}, year = 2025}"""
    )
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    assert Paper.objects.filter(title__in=["One", "Two"]).count() == 2
    ann = Researcher.objects.get(name="Ann Lee")
    assert shared(ann, Researcher.objects.get(slug="bo-li")) == 2
    assert_tally_is_a_recount()
    revert_change_set(ImportBatch.objects.get().change_reason)
    assert not Researcher.objects.filter(name="Ann Lee", authorships__isnull=False).exists()
    assert_tally_is_a_recount()


def test_a_restored_backup_has_the_same_counts(tmp_path, pair):
    before = {(a, b): n for a, b, n in CoauthorTally.objects.values_list("researcher", "coauthor", "papers")}
    backup = tmp_path / "pubdb.json"
    call_command("backup", str(backup), stdout=io.StringIO())
    if connection.vendor == "postgresql":
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending FK checks
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        connection.cursor().execute("SET CONSTRAINTS ALL DEFERRED")
    assert not CoauthorTally.objects.exists()
    call_command("restore", str(backup), stdout=io.StringIO())
    assert {(a, b): n for a, b, n in CoauthorTally.objects.values_list("researcher", "coauthor", "papers")} == before
    assert_tally_is_a_recount()


def test_the_bulk_loaded_corpus_is_counted(db):
    call_command("generate_corpus", papers=300, seed=3, stdout=io.StringIO())
    assert CoauthorTally.objects.filter(papers__gt=1).exists()
    assert_tally_is_a_recount()


def test_reordering_authors_changes_no_count_and_moving_them_does(pair):
    wei, bo = pair
    paper, elsewhere, someone = PaperFactory(), PaperFactory(), ResearcherFactory()
    for position, person in enumerate([wei, bo, someone], start=1):
        AuthorshipFactory(paper=paper, researcher=person, position=position)
    Authorship.objects.filter(paper=paper).update(position=F("position") + 10, selected=True)
    assert shared(wei, bo) == 4
    assert_tally_is_a_recount()
    # Two authorships moved to another paper in one statement: the pair moves with them, the third is left.
    Authorship.objects.filter(paper=paper, researcher__in=[wei, bo]).update(paper=elsewhere)
    assert (shared(wei, bo), shared(wei, someone), shared(someone, bo)) == (4, 0, 0)
    assert_tally_is_a_recount()
    # One moved to another person.
    Authorship.objects.filter(paper=elsewhere, researcher=bo).update(researcher=someone)
    assert (shared(wei, bo), shared(wei, someone)) == (3, 1)
    assert_tally_is_a_recount()
    Authorship.objects.filter(paper__in=[paper, elsewhere]).delete()
    assert (shared(wei, bo), shared(wei, someone)) == (3, 0)
    assert_tally_is_a_recount()
