"""Concurrent writers of the same paper, person or venue converge on one row, without an error: real requests
at once against a real gunicorn, real import commands at once, on PostgreSQL (SQLite has one writer at a time)."""

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection, transaction

from curation.authors import resolve_author
from curation.importers import import_text
from papers.models import ImportBatch, Paper, Venue
from researchers.models import Researcher
from tests.servers import ROOT, get, gunicorn, production_env, served_database_url

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def database():
    url = served_database_url()
    if url is None:
        if os.environ.get("PUBDB_REQUIRE_REPLICA") == "1":
            pytest.fail("needs PostgreSQL (DATABASE_URL)")
        pytest.skip("needs PostgreSQL (DATABASE_URL): concurrent writers are PostgreSQL's case")
    return url


def at_once(count, request):
    """`request(n)` from `count` threads released together: their answers, in order."""
    barrier, answers = threading.Barrier(count), [None] * count

    def run(n):
        barrier.wait()
        answers[n] = request(n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def poster(server, token, path):
    def post(body):
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        status, _, text = get(server + path, headers=headers, data=json.dumps(body).encode())
        return status, json.loads(text) if text.startswith("{") else text

    return post


def test_twenty_creates_of_one_doi_give_one_201_and_409s_naming_the_paper(database, curator_token):
    with gunicorn(production_env(DATABASE_URL=database), workers=4) as server:
        post = poster(server, curator_token, "/api/v1/papers/")
        paper = {"title": "Same Paper", "year": 2024, "doi": "10.1000/same", "authors": [{"name": "Ann Lee"}]}
        answers = at_once(20, lambda n: post(paper))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] + [409] * 19, answers
    created = Paper.objects.get()
    for status, body in answers:
        if status == 409:
            assert body["existing"]["id"] == created.pk, body
            assert body["existing"]["url"].endswith(f"/api/v1/papers/{created.pk}/")
            assert "Another paper already has this DOI: Same Paper" in body["detail"]
    assert Researcher.objects.filter(name="Ann Lee").count() == 1


def while_uncommitted(first, second):
    """Run `first()` in a transaction, then `second()` in another thread's transaction while `first`'s is still open;
    commit `first` once `second`'s connection waits for a lock (pg_locks), then let `second` finish: the race a
    sleep would only make likely, made certain. Returns both results."""
    results, connected, started, done = {}, threading.Event(), threading.Event(), threading.Event()

    def run_second():
        connection.ensure_connection()
        results["pid"] = connection.connection.info.backend_pid
        connected.set()
        started.wait(10)
        try:
            with transaction.atomic():
                results["second"] = second()
        except Exception as error:  # what the old code did: the test reports it
            results["second"] = error
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=run_second)
    thread.start()
    connected.wait(10)
    with transaction.atomic():
        results["first"] = first()
        started.set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not done.is_set():
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND pid = %s", [results["pid"]])
                if cursor.fetchone()[0]:
                    break
            time.sleep(0.05)
        assert not done.is_set(), f"the second writer did not wait for the first: {results}"
    thread.join(30)
    return results["first"], results["second"]


def test_two_writers_of_one_new_person_converge_on_one_row(database):
    """The second looked the name up before the first committed: it waits, and links the first's person."""
    first, second = while_uncommitted(
        lambda: resolve_author("Brand Newperson"), lambda: resolve_author("Brand Newperson")
    )
    assert second == first, second
    assert Researcher.objects.filter(name="Brand Newperson").count() == 1


def test_an_import_racing_an_api_write_of_its_doi_retries_and_finds_the_paper(database):
    """The API's paper is uncommitted when the import looks the DOI up; the unique index stops the import's insert,
    the writer tries the entry once more and completes the API's paper instead of failing the file."""
    bib = "@article{k, title = {Raced}, author = {Ann Lee}, journal = {J}, year = 2024, doi = {10.1000/race}}"

    def api_write():
        return Paper.objects.create(title="Raced", year=2024, doi="10.1000/race").pk

    first, report = while_uncommitted(api_write, lambda: import_text(bib, file_name="race.bib"))
    assert not isinstance(report, Exception), report
    assert [r.status for r in report.results] == ["updated"], [r.errors for r in report.results]
    assert Paper.objects.get().pk == first and Paper.objects.get().authorships.count() == 1


def test_concurrent_creates_of_one_venue_give_one_201_and_409s_naming_it(database, curator_token):
    with gunicorn(production_env(DATABASE_URL=database), workers=4) as server:
        post = poster(server, curator_token, "/api/v1/venues/")
        answers = at_once(8, lambda n: post({"acronym": "ACL", "slug": "acl", "kind": "conference"}))
    assert sorted(status for status, _ in answers) == [201] + [409] * 7, answers
    assert all(body["existing"]["name"] == "ACL" for status, body in answers if status == 409)
    assert Venue.objects.count() == 1


FILE = "".join(
    f"@inproceedings{{p{n}, title = {{Paper Number {n}}}, author = {{Ann Lee and Person{n % 7} Family}},"
    f" booktitle = {{Proceedings of the Brand New Conference (BNC)}}, year = 2024}}\n"
    for n in range(40)
)


def test_two_imports_of_one_file_at_once_both_succeed_with_one_copy_of_each_row(database, tmp_path):
    path = tmp_path / "same.bib"
    path.write_text(FILE)
    env = production_env(DATABASE_URL=database)
    command = [sys.executable, "manage.py", "import_bibtex", str(path)]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    runs.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert Paper.objects.count() == 40 and Venue.objects.count() == 1
    assert Researcher.objects.count() == 8  # Ann Lee and Person0..6 Family
    assert ImportBatch.objects.count() == 1, "the second import found everything in place: nothing to change"
    assert sorted("Nothing to change" in out for out, _ in outputs) == [False, True]
