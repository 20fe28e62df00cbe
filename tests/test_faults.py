"""Faults under a running gunicorn: the database going away answers 503 (page or JSON, no traceback), and the
server recovers by itself when it is back. The database is a throwaway PostgreSQL cluster on port 5434 that
this test creates: the shared cluster on 5432 is never stopped.
"""

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import pytest

from tests.servers import ROOT, get, gunicorn, production_env

PORT = 5434
PG_BIN = (sorted(glob.glob("/usr/lib/postgresql/*/bin")) or [None])[-1]


def unavailable(reason):
    if os.environ.get("PUBDB_REQUIRE_REPLICA") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def as_postgres(*args):
    subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True)


class Cluster:
    def __init__(self, data):
        self.data = data

    def start(self):
        options = f"-p {PORT} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_postgres(f"{PG_BIN}/pg_ctl", "-D", self.data, "-o", options, "-l", f"{self.data}/log", "-w", "start")

    def stop(self):
        as_postgres(f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")


@pytest.fixture
def throwaway_cluster():
    if not PG_BIN or os.geteuid() != 0 or not shutil.which("runuser"):
        unavailable("needs the PostgreSQL server binaries and root (to run a throwaway cluster as postgres)")
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", PORT)) == 0:
            unavailable(f"port {PORT} is taken; the fault test needs it for its throwaway cluster")
    data = tempfile.mkdtemp(prefix="pubdb-fault-")
    shutil.chown(data, "postgres", "postgres")
    cluster = Cluster(data)
    try:
        as_postgres(f"{PG_BIN}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync")
        cluster.start()
        as_postgres("psql", "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres", "-c", "CREATE DATABASE pubdb")
        yield cluster
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", f"{PG_BIN}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(data, ignore_errors=True)


def answer(url, accept):
    status, headers, body = get(url, headers={"Accept": accept})
    return status, headers, body


@pytest.mark.servers
def test_the_database_going_away_gives_503_and_the_server_recovers_when_it_is_back(throwaway_cluster):
    env = production_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PORT}/pubdb",
        DJANGO_SETTINGS_MODULE="tests.cache_probe_settings",
        PUBDB_PAGE_CACHE="0",  # a page kept in the cache would hide the outage this test is about
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    with gunicorn(env) as base:
        page, data, health = f"{base}/researchers/", f"{base}/probe/organizations/uncached/", f"{base}/healthz"
        assert answer(page, "text/html")[0] == 200
        assert answer(data, "application/json")[0] == 200
        assert answer(health, "application/json")[0] == 200

        throwaway_cluster.stop()
        status, headers, body = answer(page, "text/html")
        assert status == 503 and headers["Retry-After"] == "30"
        assert "Temporarily unavailable" in body and "Traceback" not in body
        status, headers, body = answer(data, "application/json")
        assert status == 503 and headers["Content-Type"] == "application/json"
        assert json.loads(body) == {"detail": "The database is unavailable; try again shortly."}
        status, _, body = answer(health, "application/json")
        assert status == 503 and json.loads(body)["database"].startswith("unreachable")

        throwaway_cluster.start()
        deadline = time.monotonic() + 20
        while answer(page, "text/html")[0] != 200:
            assert time.monotonic() < deadline, "the server did not recover within 20s of the database coming back"
            time.sleep(0.2)
        assert [answer(url, "text/html")[0] for url in (page, data) * 3] == [200] * 6
        assert answer(health, "application/json")[0] == 200
