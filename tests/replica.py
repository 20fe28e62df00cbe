"""The streaming replica of scripts/pg_replica.sh, as the replica tests see it."""

import os
import time

import pytest
from django.db import DatabaseError, connections

from pubdb import routers


def unavailable(reason):
    """Skip outside CI; in CI (PUBDB_REQUIRE_REPLICA=1) a missing replica is a failure."""
    message = (
        f"{reason} (run scripts/pg_replica.sh start; DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:5433/pubdb)"
    )
    if os.environ.get("PUBDB_REQUIRE_REPLICA") == "1":
        pytest.fail(message)
    pytest.skip(message)


def connect_replica():
    """The first replica alias, connected: a TEST MIRROR, so on the test database streaming copied from the primary."""
    aliases = routers.replica_aliases()
    if connections["default"].vendor != "postgresql" or not aliases:
        unavailable("needs PostgreSQL with DATABASE_REPLICA_URLS")
    try:
        connections[aliases[0]].ensure_connection()
    except DatabaseError as exc:
        unavailable(f"replica {aliases[0]} unreachable: {exc}")
    return aliases[0]


def query(alias, sql, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


# The replica replays the whole cluster's WAL: a bulk load into another database on the same server (a
# benchmark corpus) delays it by far more than this test's own writes would.
def wait_for_replay(alias, seconds=120):
    (lsn,) = query("default", "SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + seconds
    while not query(alias, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])[0]:
        if time.monotonic() > deadline:
            raise AssertionError(f"replica {alias} did not replay {lsn} within {seconds}s")
        time.sleep(0.05)
