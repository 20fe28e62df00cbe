"""The shared cache: a data version bumped after every committed write invalidates entries on every app server."""

import json
import os

import pytest
from django.db import connection, transaction

from pubdb.cache import cached, data_version, versioned_key
from researchers.models import Organization
from tests.factories import OrganizationFactory, PaperFactory, TopicFactory
from tests.servers import get, gunicorn, production_env, served_database_url


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


def names():
    return cached(["names"], lambda: sorted(Organization.objects.values_list("name", flat=True)))


def test_a_cached_value_is_reused_until_a_write_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # committed: the test's transaction bumps only once
        OrganizationFactory(name="Before")
    assert names() == ["Before"]
    with connection.cursor() as cursor:  # raw SQL sends no signal: the cache still answers
        cursor.execute("UPDATE researchers_organization SET name = 'Changed behind its back'")
    assert names() == ["Before"]
    with django_capture_on_commit_callbacks(execute=True):
        OrganizationFactory(name="After")
    assert names() == ["After", "Changed behind its back"]


def test_saves_deletes_and_many_to_many_changes_each_bump_the_version(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        paper, topic = PaperFactory(), TopicFactory()
    for write in (OrganizationFactory, lambda: paper.topics.add(topic), paper.delete):
        before = versioned_key("names")  # what cached() stores under: every write moves it
        with django_capture_on_commit_callbacks(execute=True):
            write()
        assert versioned_key("names") != before


def test_the_version_moves_only_when_the_write_commits(db, django_capture_on_commit_callbacks):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            OrganizationFactory()
            raise RuntimeError("abandon the write")
        assert data_version() == before
        OrganizationFactory()
        assert data_version() == before, "not before the commit"
    assert len(callbacks) >= 1
    assert data_version() > before


@pytest.mark.servers
@pytest.mark.django_db(transaction=True)
def test_a_write_through_one_server_is_read_fresh_through_another():
    """Two gunicorn processes on one PostgreSQL database and one Redis: B's cached answer drops A's write at once."""
    database, redis = served_database_url(), os.environ.get("REDIS_URL")
    if not (database and redis):
        message = "needs PostgreSQL (DATABASE_URL) and REDIS_URL to share between two server processes"
        if os.environ.get("PUBDB_REQUIRE_REPLICA") == "1":
            pytest.fail(message)
        pytest.skip(message)
    env = production_env(DATABASE_URL=database, REDIS_URL=redis, DJANGO_SETTINGS_MODULE="tests.cache_probe_settings")
    OrganizationFactory(name="Existing")
    with gunicorn(env) as server_a, gunicorn(env) as server_b:
        url = "/probe/organizations/"
        assert json.loads(get(server_b + url)[2]) == {"names": ["Existing"]}
        Organization.objects.filter(name="Existing").update(name="Renamed without a signal")
        assert json.loads(get(server_b + url)[2]) == {"names": ["Existing"]}, "B answers from the shared cache"

        status, _, _ = get(server_a + url, data=json.dumps({"name": "Written through A"}).encode())
        assert status == 201
        assert json.loads(get(server_b + url)[2]) == {"names": ["Renamed without a signal", "Written through A"]}
