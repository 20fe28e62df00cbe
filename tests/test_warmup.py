"""A new gunicorn worker is warmed before it takes requests (pubdb/warmup.py, post_worker_init in
deploy/gunicorn.conf.py): its first public pages compile no template, import no module and parse no citation
style, which a cold worker's first pages did (10-50× a page's median cost: the tail of the load test's
latency, docs/PERFORMANCE.md, Load). Counted in a fresh process, never timed."""

import json
import subprocess
import sys
import time

import pytest

from tests.factories import AuthorshipFactory
from tests.servers import ROOT, get, gunicorn, production_env, served_database_url


@pytest.fixture
def database(tmp_path):
    """(DATABASE_URL for another process, the pages to ask for): the test database on PostgreSQL; on SQLite
    (in memory in tests) a migrated file of its own."""
    authorship = AuthorshipFactory()
    paper, person, venue = authorship.paper, authorship.researcher, authorship.paper.venue
    url = served_database_url()
    if url is None:
        url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
        env = production_env(DATABASE_URL=url)
        script = (
            "import django; django.setup(); from django.core.management import call_command; "
            "call_command('migrate', verbosity=0); from tests.factories import AuthorshipFactory; "
            "a = AuthorshipFactory(); print(a.paper.pk, a.researcher.slug, a.paper.venue.slug)"
        )
        made = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True)
        paper_id, slug, venue_slug = made.stdout.decode().split()
    else:
        paper_id, slug, venue_slug = paper.pk, person.slug, venue.slug
    pages = [
        f"/researchers/{slug}/",
        f"/papers/{paper_id}/",
        "/papers/?page=1",
        f"/venues/{venue_slug}/",
        f"/api/v1/papers/?venue={venue_slug}",
        "/api/v1/researchers/",
        "/search/?q=things",
        "/api/v1/papers/?search=things",
        f"/zh-hans/papers/{paper_id}/",
    ]
    return url, pages


def first_requests(database, mode):
    url, pages = database
    env = production_env(DATABASE_URL=url, PUBDB_PAGE_CACHE="0")
    probe = subprocess.run(
        [sys.executable, "-m", "tests.warm_probe", mode, *pages], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    return json.loads(probe.stdout.splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_a_warmed_worker_does_nothing_twice_on_its_first_pages(database):
    done = first_requests(database, "warm")
    assert set(done["statuses"].values()) == {200}, done["statuses"]
    assert done["templates"] == []
    assert done["styles parsed"] == 0
    assert done["reversals"] == []
    assert done["modules"] == []


@pytest.mark.django_db(transaction=True)
def test_a_cold_worker_compiles_and_imports_on_its_first_pages(database):
    """What the warm-up saves (and that the probe sees it): without it the same first requests do all that."""
    done = first_requests(database, "cold")
    assert set(done["statuses"].values()) == {200}, done["statuses"]
    assert len(done["templates"]) >= 5 and done["styles parsed"] >= 1 and done["modules"]


def test_gunicorn_warms_each_worker(tmp_path):
    """The deployed configuration runs the warm-up in every worker it starts, and says so in its log."""
    log = tmp_path / "gunicorn.log"
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with gunicorn(env, workers=2, log=log, deployed=True) as base:
        assert get(f"{base}/healthz")[0] == 503  # serving (an empty database: unmigrated)
        for _ in range(300):  # the workers warm up apart from the arbiter's listening socket
            warmed = [line for line in log.read_text().splitlines() if "worker warmed up" in line]
            if len(warmed) == 2:
                break
            time.sleep(0.1)
    assert len(warmed) == 2, log.read_text()
    assert "warm-up failed" not in log.read_text()


def test_a_worker_that_cannot_warm_up_still_serves(tmp_path):
    """The database down while a worker starts: the warm-up fails with one warning, the worker serves (cold), and
    /healthz tells the load balancer the database is unavailable, as it would without the warm-up."""
    log = tmp_path / "gunicorn.log"
    env = production_env(DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere?connect_timeout=1")
    with gunicorn(env, workers=1, log=log, deployed=True) as base:
        status, _, body = get(f"{base}/healthz")
    assert status == 503 and "Traceback" not in body
    assert log.read_text().count("warm-up failed; this worker starts cold") == 1
