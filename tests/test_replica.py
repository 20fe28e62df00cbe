"""Primary + streaming replica (scripts/pg_replica.sh): reads hit the replica, writes the primary, writers see theirs.

Replay on the replica is paused where a test must tell the two servers apart: a row written then is on the
primary only, so whichever server a read went to shows in its answer.
"""

import json

import pytest
from django.core.cache import cache
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from pubdb import routers
from pubdb.cache import cached
from pubdb.middleware import STICKY_COOKIE
from researchers.models import Organization
from tests.factories import OrganizationFactory
from tests.replica import connect_replica, query, wait_for_replay
from tests.servers import get, gunicorn, production_env, served_database_url
from tests.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.replica, pytest.mark.django_db(transaction=True, databases="__all__")]


@pytest.fixture
def replica():
    alias = connect_replica()
    real = connections[alias].settings_dict
    yield alias
    connections[alias].close()
    connections[alias].settings_dict = real  # a test may have broken it
    query(alias, "SELECT pg_wal_replay_resume()")
    connections[alias].close()  # before the test database is dropped on the primary
    routers._down_until.clear()


@pytest.fixture
def paused(replica):
    """The replica with replay paused once it has everything written so far."""
    wait_for_replay(replica)
    query(replica, "SELECT pg_wal_replay_pause()")
    return replica


def test_the_replica_alias_is_the_streaming_replica_on_port_5433_serving_the_test_database(replica):
    OrganizationFactory(name="Written on the primary")
    wait_for_replay(replica)
    port, in_recovery, database = query(replica, "SELECT inet_server_port(), pg_is_in_recovery(), current_database()")
    assert (port, in_recovery) == (5433, True)
    assert database == connections["default"].settings_dict["NAME"]
    assert query(replica, "SELECT name FROM researchers_organization")[0] == "Written on the primary"
    assert query("default", "SELECT pg_is_in_recovery()")[0] is False


def test_reads_go_to_the_replica_and_writes_to_the_primary(paused):
    routers.start_request(pinned=False)
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(connections[paused]) as on_replica,
    ):
        assert not Organization.objects.filter(name="Primary only").exists()
        Organization.objects.create(name="Primary only")
    assert any("INSERT" in q["sql"] for q in on_primary.captured_queries)
    assert not any("INSERT" in q["sql"] for q in on_replica.captured_queries)
    assert [q["sql"] for q in on_replica.captured_queries if "SELECT" in q["sql"]], "the read ran on the replica"

    # Another thread (another request) that has not written still reads the replica, which has not replayed it.
    routers.start_request(pinned=False)
    assert not Organization.objects.filter(name="Primary only").exists()


def test_a_request_that_wrote_reads_its_own_write_from_the_primary_in_the_same_request(paused):
    routers.start_request(pinned=False)
    Organization.objects.create(name="Mine")
    assert Organization.objects.filter(name="Mine").exists(), "after a write, this request reads the primary"


def test_reads_inside_a_transaction_go_to_the_primary(paused):
    routers.start_request(pinned=False)
    with transaction.atomic():
        assert Organization.objects.db == "default"
    assert Organization.objects.db == paused


def test_a_curator_sees_their_write_on_the_next_pages_and_others_see_the_replica(staff_client, client, replica):
    OrganizationFactory(name="Replayed everywhere")
    wait_for_replay(replica)
    query(replica, "SELECT pg_wal_replay_pause()")
    changelist = "/admin/researchers/organization/"

    response = staff_client.post(
        changelist + "add/", {"name": "Fresh Lab", "kind": "lab", "short_name": "", "country": ""}
    )
    assert response.status_code == 302
    assert response.cookies[STICKY_COOKIE]["max-age"] == 10
    assert "Fresh Lab" in staff_client.get(changelist).text, "the writer's next page reads the primary"

    del staff_client.cookies[STICKY_COOKIE]  # the read-your-writes window has passed
    page = staff_client.get(changelist).text
    assert "Replayed everywhere" in page and "Fresh Lab" not in page, "without the cookie, pages read the replica"

    query(replica, "SELECT pg_wal_replay_resume()")
    wait_for_replay(replica)
    assert "Fresh Lab" in staff_client.get(changelist).text


def test_reads_fall_back_to_the_primary_when_the_replica_cannot_be_reached(staff_client, replica):
    OrganizationFactory(name="Still served")
    connections[replica].close()
    connections[replica].settings_dict = {**connections[replica].settings_dict, "PORT": 1}  # nothing listens there
    response = staff_client.get("/admin/researchers/organization/")
    assert response.status_code == 200 and "Still served" in response.text
    assert routers._down_until[replica] > 0, "the replica is skipped for a while instead of retried on every read"


def test_a_running_server_reads_the_replica_and_falls_back_to_the_primary_when_it_goes_away(paused):
    """gunicorn with the real replica behind a TCP proxy: a row on the primary only is invisible until the proxy
    cuts the replica off, mid-connection (persistent connections), as a host that dies would."""
    OrganizationFactory(name="Primary only")
    proxy = TcpProxy(upstream_port=5433)
    replica_url = f"postgres://postgres@127.0.0.1:{proxy.port}/{connections['default'].settings_dict['NAME']}"
    env = production_env(
        DATABASE_URL=served_database_url(),
        DATABASE_REPLICA_URLS=replica_url,
        DJANGO_SETTINGS_MODULE="tests.cache_probe_settings",
    )
    try:
        with gunicorn(env) as base:
            url = f"{base}/probe/organizations/uncached/"
            assert json.loads(get(url)[2]) == {"names": []}, "reads go to the paused replica"
            proxy.stop()
            answers = [get(url) for _ in range(3)]
            assert [(status, json.loads(body)) for status, _, body in answers] == [
                (200, {"names": ["Primary only"]})
            ] * 3
    finally:
        proxy.stop()


def test_values_read_from_a_replica_just_after_a_write_are_not_cached(replica, settings):
    cache.clear()
    OrganizationFactory(name="Fresh")  # commits: the data version and its time move
    routers.start_request(pinned=False)
    assert cached(["names"], lambda: "from a replica that may lag") == "from a replica that may lag"
    assert cached(["names"], lambda: "computed again") == "computed again", "not stored within the lag window"

    routers.pin_to_primary()
    assert cached(["names"], lambda: "from the primary") == "from the primary"
    routers.start_request(pinned=False)
    assert cached(["names"], lambda: "not needed") == "from the primary", "the primary's value was stored"

    settings.PUBDB_READ_YOUR_WRITES_SECONDS = 0  # the window has passed
    cache.clear()
    assert cached(["names"], lambda: "replica, later") == "replica, later"
    assert cached(["names"], lambda: "not needed") == "replica, later"
