"""One data-version bump per committed transaction that wrote, whatever its size, and every bulk path bumps.

These tests commit for real (transactional database): the bump is an on-commit callback.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from curation.merging import merge_researchers
from papers.models import Paper, Venue
from pubdb import cache
from researchers.models import NewsItem, Organization, Researcher
from tests.factories import OrganizationFactory, PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bumps(monkeypatch):
    """The bumps of the data version, counted as they happen."""
    counted, bump = [], cache.bump_data_version

    def counting():
        counted.append(1)
        return bump()

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
    assert bumps == [1]


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
