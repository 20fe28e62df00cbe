"""One bump per committed transaction that wrote, whatever its size, and every bulk path bumps; a paper's
write bumps only its scopes (pubdb/scopes.py): the pages it may change go, the other profiles stay cached.

These tests commit for real (transactional database): the bump is an on-commit callback.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from curation.merging import merge_researchers
from papers.models import Paper, Venue
from pubdb import cache
from researchers.models import NewsItem, Organization, Researcher
from tests.factories import AuthorshipFactory, OrganizationFactory, PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bumps(monkeypatch):
    """The bumps, as they happen: the scopes each moved (None: the data version)."""
    counted, bump = [], cache.bump_data_version

    def counting(touched_scopes=None):
        counted.append(touched_scopes)
        return bump(touched_scopes)

    monkeypatch.setattr(cache, "bump_data_version", counting)
    return counted


def test_a_62_paper_demo_load_bumps_once(bumps):
    call_command("load_demo", stdout=io.StringIO())
    assert Paper.objects.count() >= 62
    assert len(bumps) == 1


def test_a_bibtex_import_of_many_entries_bumps_once(bumps, tmp_path):
    bib = tmp_path / "many.bib"
    bib.write_text(
        "\n".join(
            f"@inproceedings{{k{n}, title={{Paper Number {n}}}, author={{Lovelace, Ada and Person, Number{n}}}, "
            f"year={{2024}}, booktitle={{ACL}}, doi={{10.1234/x{n}}}}}"
            for n in range(30)
        )
    )
    call_command("import_bibtex", str(bib), stdout=io.StringIO(), stderr=io.StringIO())
    assert Paper.objects.count() == 30
    assert len(bumps) == 1


def test_a_rolled_back_transaction_bumps_zero_times(bumps):
    with pytest.raises(RuntimeError), transaction.atomic():
        OrganizationFactory.create_batch(3)
        raise RuntimeError("abandon the writes")
    assert not Organization.objects.exists()
    assert bumps == []


def test_two_separate_transactions_bump_twice(bumps):
    for _ in range(2):
        with transaction.atomic():
            OrganizationFactory.create_batch(3)
    assert len(bumps) == 2


def test_autocommitted_writes_bump_once_each(bumps):
    OrganizationFactory.create_batch(2)
    assert len(bumps) == 2


def test_a_write_after_a_rolled_back_savepoint_still_bumps(bumps):
    """The first write's bump went with its savepoint: the next write registers one again."""
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            OrganizationFactory()
            raise RuntimeError("abandon the savepoint")
        OrganizationFactory(name="Kept")
    assert list(Organization.objects.values_list("name", flat=True)) == ["Kept"]
    assert len(bumps) == 1


def test_a_write_that_sends_no_signal_bumps_when_it_says_so(bumps):
    OrganizationFactory()
    bumps.clear()
    with transaction.atomic():
        Organization.objects.update(name="Renamed")
        cache.data_changed()
        cache.data_changed()
    assert bumps == [None], "once, and the data version: the update's reach is not known"


def test_the_corpus_generator_bumps_once(bumps):
    call_command("generate_corpus", papers=40, seed=3, stdout=io.StringIO())
    assert Paper.objects.count() == 40
    assert len(bumps) == 1


def test_a_restore_bumps_once(bumps, tmp_path):
    PaperFactory.create_batch(3)
    backup = tmp_path / "pubdb.json"
    call_command("backup", str(backup), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        assert not Paper.objects.exists()
    bumps.clear()
    call_command("restore", str(backup), stdout=io.StringIO())
    assert Paper.objects.count() == 3
    assert len(bumps) == 1


def test_a_merge_moving_rows_with_update_bumps_once(bumps):
    keep, other = ResearcherFactory(), ResearcherFactory()
    NewsItem.objects.create(researcher=other, text="Joined the lab.")
    VenueFactory()
    bumps.clear()
    merge_researchers(keep=keep, other=other)
    assert NewsItem.objects.get().researcher == keep
    assert not Researcher.objects.filter(pk=other.pk).exists() and Venue.objects.exists()
    assert len(bumps) == 1


@pytest.fixture
def two_labs():
    """Ada wrote paper A, Bob paper B; nobody wrote both."""
    ada = ResearcherFactory(slug="ada", name="Ada Lovelace")
    bob = ResearcherFactory(slug="bob", name="Bob Kahn")
    paper_a = AuthorshipFactory(researcher=ada, paper__title="Analytical Engines").paper
    paper_b = AuthorshipFactory(researcher=bob, paper__title="Packet Switching").paper
    return {"ada": ada, "bob": bob, "a": paper_a, "b": paper_b}


def warm(urls):
    """Each page fetched once (now cached); their bodies."""
    return {url: Client().get(url).content for url in urls}


def assert_still_cached(pages, django_assert_num_queries):
    for url, content in pages.items():
        with django_assert_num_queries(0):  # versions and page from the cache: the view did not run
            assert Client().get(url).content == content, url


@pytest.mark.page_cache
def test_a_write_to_a_paper_drops_its_page_its_authors_and_the_lists_and_nothing_else(
    two_labs, bumps, django_assert_num_queries
):
    paper_a, paper_b = two_labs["a"], two_labs["b"]
    others = warm(["/researchers/bob/", f"/papers/{paper_b.pk}/", f"/api/v1/papers/{paper_b.pk}/"])
    mine = warm(["/researchers/ada/", f"/papers/{paper_a.pk}/", "/papers/", "/search/?q=difference"])
    bumps.clear()
    paper_a.title = "Difference Engines"
    with transaction.atomic():  # the save and its history record: one bump
        paper_a.save()
    assert bumps == [{f"paper:{paper_a.pk}", "researcher:ada"}], "the paper and its author, not the data version"
    assert_still_cached(others, django_assert_num_queries)
    for url in mine:
        assert b"Difference Engines" in Client().get(url).content, url


@pytest.mark.page_cache
def test_a_paper_posted_to_the_api_shows_on_its_authors_profile_and_leaves_the_others_cached(
    two_labs, curator_token, django_assert_num_queries
):
    """The load's write: a new paper by an existing author, in one transaction of the API."""
    others = warm(["/researchers/bob/", f"/papers/{two_labs['b'].pk}/", "/api/v1/researchers/bob/"])
    before = warm(["/researchers/ada/", "/api/v1/researchers/ada/papers/", "/papers/", "/"])
    curator = Client(HTTP_AUTHORIZATION=f"Token {curator_token}")
    paper = {"title": "Notes on the Engine", "year": 2024, "kind": "preprint", "authors": [{"name": "Ada Lovelace"}]}
    assert curator.post("/api/v1/papers/", paper, content_type="application/json").status_code == 201
    assert_still_cached(others, django_assert_num_queries)
    for url, content in before.items():
        after = Client().get(url).content
        assert after != content and b"Notes on the Engine" in after, url


@pytest.mark.page_cache
def test_an_author_taken_off_a_paper_loses_it_from_their_profile(two_labs, curator_token):
    """The removed authorship names its person: their profile goes too, though they are no author now."""
    paper_a = two_labs["a"]
    assert b"Analytical Engines" in Client().get("/researchers/ada/").content
    assert b"Analytical Engines" not in Client().get("/researchers/bob/").content
    curator = Client(HTTP_AUTHORIZATION=f"Token {curator_token}")
    authors = {"authors": [{"researcher": "bob"}]}
    response = curator.patch(f"/api/v1/papers/{paper_a.pk}/", authors, content_type="application/json")
    assert response.status_code == 200
    assert b"Analytical Engines" not in Client().get("/researchers/ada/").content
    assert b"Analytical Engines" in Client().get("/researchers/bob/").content


@pytest.mark.page_cache
def test_a_namesakes_new_paper_and_a_new_namesake_reach_the_homonym_note(two_labs):
    """A profile lists the people of the same name with their years active: their writes are its writes."""
    assert b"more than one person" not in Client().get("/researchers/ada/").content
    namesake = ResearcherFactory(slug="ada-lovelace-2", name="Ada Lovelace")
    assert b"ada-lovelace-2" in Client().get("/researchers/ada/").content
    AuthorshipFactory(researcher=namesake, paper__year=1985)
    assert b"1985" in Client().get("/researchers/ada/").content


@pytest.mark.page_cache
def test_a_write_of_unknown_reach_drops_every_page(two_labs, bumps):
    """A venue's new acronym shows on its papers' pages and their authors' profiles: the data version moves."""
    venue = two_labs["b"].venue
    pages = [f"/papers/{two_labs['b'].pk}/", "/researchers/bob/"]
    for url in pages:
        assert b"RENAMED" not in Client().get(url).content
    bumps.clear()
    venue.acronym = "RENAMED"
    with transaction.atomic():
        venue.save()
    assert bumps == [None]
    for url in pages:
        assert b"RENAMED" in Client().get(url).content, url
