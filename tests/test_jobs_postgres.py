"""Jobs caught in the middle, on PostgreSQL (where the worker runs beside the web processes): progress seen while
an import's transaction is open, a cancel and a database failure mid-write (nothing written), and a worker
killed mid-job and restarted (`manage.py db_worker` as a process; the job runs again and writes once).

The worker is held mid-job by real means: a paper another transaction is writing (the import's insert of the
same DOI waits for it, in the import's second batch), or a source that has not answered yet.
"""

import io
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, connections, transaction

from curation.jobs import queue_fetch, queue_import
from curation.models import Job
from papers.models import ImportBatch, Paper
from researchers.models import Researcher
from tests.jobs import bib, worker_thread
from tests.source_server import SOURCES, recorded

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_queue"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker beside the test needs PostgreSQL"),
]
HELD_DOI = "10.7000/job.3"  # the third entry: in the second batch of two


def wait_for(condition, what, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.05)


def job_row(job):
    return Job.objects.get(pk=job.pk)


def waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
        return [pid for (pid,) in cursor.fetchall()]


class HeldPaper:
    """Another writer's uncommitted paper with HELD_DOI: an insert of that DOI waits until it ends (rolled back)."""

    def __init__(self):
        self.release = threading.Event()
        self.holding = threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self):
        try:
            with transaction.atomic():
                Paper.objects.create(title="Held Elsewhere", year=2025, doi=HELD_DOI)
                self.holding.set()
                self.release.wait(30)
                transaction.set_rollback(True)
        finally:
            connections.close_all()

    def __enter__(self):
        self.thread.start()
        self.holding.wait(10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(10)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr("curation.importers.batch.BATCH_SIZE", 2)


def test_progress_is_seen_while_the_import_s_transaction_is_open_and_a_cancel_then_writes_nothing(
    small_batches, staff_client
):
    job = queue_import(bib(6), file_name="lab.bib", format="bibtex")
    with HeldPaper():
        worker = worker_thread()
        wait_for(lambda: job_row(job).done == 2, "the first batch's progress")  # from inside the transaction
        row = job_row(job)
        assert (row.state, row.total, row.message) == ("running", 6, "Matched and written 2 of 6 entries")
        wait_for(waiting_on_a_lock, "the second batch to wait for the held DOI")
        response = staff_client.post(f"/admin/curation/job/{job.pk}/cancel/", follow=True)
        assert "stops at its next step" in response.content.decode()
    worker.join(30)
    row = job_row(job)
    assert row.state == "cancelled" and row.finished
    assert row.message == "Cancelled at 4 of 6: nothing was written (the import is one transaction)."
    assert not Paper.objects.exists() and not Researcher.objects.exists() and not ImportBatch.objects.exists()


def test_a_database_failure_mid_import_writes_nothing_and_says_why(small_batches):
    job = queue_import(bib(6), file_name="lab.bib", format="bibtex")
    with HeldPaper():
        worker = worker_thread()
        wait_for(waiting_on_a_lock, "the second batch to wait for the held DOI")
        with connection.cursor() as cursor:  # the worker's connection dies, as when PostgreSQL restarts
            cursor.execute("SELECT pg_terminate_backend(%s)", [waiting_on_a_lock()[0]])
    worker.join(30)
    row = job_row(job)
    assert row.state == "failed" and row.message.startswith("The database failed during the import of lab.bib (")
    assert "nothing was written" in row.message
    assert not Paper.objects.exists() and not Researcher.objects.exists() and not ImportBatch.objects.exists()


def worker_process(sources_url):
    """`manage.py db_worker` as production runs it, on the test database, its sources the test's server."""
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}",
        "PUBDB_TASKS_BACKEND": "database",
        **{f"PUBDB_{name.upper()}_URL": f"{sources_url}/{name}" for name in SOURCES},
        **{f"PUBDB_{name.upper()}_RATE": "0" for name in SOURCES},
        "PUBDB_SOURCE_RETRIES": "0",
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay"]
    return subprocess.Popen(
        command, cwd=django_settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def test_a_job_survives_its_worker_being_killed(sources, settings):
    held = recorded("orcid-record.json")
    held.gate = gate = threading.Event()  # ORCID answers once the test lets it
    sources.answer("/orcid/0000-0002-1825-0097/record", held)
    job = queue_fetch(["orcid:0000-0002-1825-0097"])
    first = worker_process(sources.url)
    try:
        wait_for(lambda: job_row(job).state == "running" and sources.paths("/orcid"), "the worker to ask ORCID")
        first.send_signal(signal.SIGKILL)  # no clean stop: the machine went down
        first.wait(10)
    finally:
        first.kill()
    assert job_row(job).state == "running" and not Paper.objects.exists()

    settings.PUBDB_JOB_STALE_SECONDS = 0  # its heartbeat is older than that: its worker has gone
    call_command("requeue_stale_jobs", stdout=io.StringIO())
    assert job_row(job).state == "queued"
    gate.set()
    second = worker_process(sources.url)
    try:
        wait_for(lambda: job_row(job).state in ("done", "failed"), "the restarted worker to finish the job", 60)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)
    row = job_row(job)
    assert row.state == "done", row.message
    assert Paper.objects.count() == 2 and ImportBatch.objects.count() == 1  # written once
