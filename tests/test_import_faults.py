"""The database failing in the middle of an import: PostgreSQL really ends the importing connection
(pg_terminate_backend) while it writes. The import is one transaction, so nothing is written, and the curator
is told so in one line (the command) or one message (the admin), not a traceback."""

import os
import subprocess
import sys
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from papers.models import ImportBatch, Paper
from researchers.models import Researcher
from tests.servers import ROOT, production_env, served_database_url

pytestmark = pytest.mark.django_db(transaction=True)
FILE = "".join(
    f"@inproceedings{{p{n}, title = {{Paper Number {n}}}, author = {{Ann Lee and Person{n} Family}},"
    f" booktitle = {{Conference {n % 9}}}, year = 2024}}\n"
    for n in range(300)
)


@pytest.fixture
def database():
    url = served_database_url()
    if url is None:
        if os.environ.get("PUBDB_REQUIRE_REPLICA") == "1":
            pytest.fail("needs PostgreSQL (DATABASE_URL)")
        pytest.skip("needs PostgreSQL (DATABASE_URL): the test ends a PostgreSQL connection")
    return url


def terminate_when_writing(pid=None):
    """A thread that ends the backend (`pid`, else any other one on this database) once it has begun writing."""
    terminated = threading.Event()

    def run():
        deadline = time.monotonic() + 60
        try:
            with connections["default"].cursor() as cursor:
                while time.monotonic() < deadline and not terminated.is_set():
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL AND (%s::int IS NULL OR pid = %s)",
                        [pid, pid],
                    )
                    if cursor.fetchall():
                        terminated.set()
                    time.sleep(0.02)
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, terminated


def test_the_command_says_in_one_line_that_nothing_was_written(database, tmp_path):
    path = tmp_path / "big.bib"
    path.write_text(FILE)
    watcher, terminated = terminate_when_writing()
    run = subprocess.run(
        [sys.executable, "manage.py", "import_bibtex", str(path)],
        cwd=ROOT,
        env=production_env(DATABASE_URL=database),
        capture_output=True,
        text=True,
        timeout=120,
    )
    terminated.set()
    watcher.join()
    assert run.returncode == 1, run
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("CommandError: The database failed during the import of big.bib (")
    assert lines[0].endswith("nothing was written. Run the import again when the database is back.")
    assert not (Paper.objects.exists() or Researcher.objects.exists() or ImportBatch.objects.exists())


def test_the_admin_says_that_nothing_was_written(database, staff_client, settings):
    settings.PUBDB_ADMIN_IMPORT_MAX_ENTRIES = len(FILE.splitlines())  # long enough to be caught writing
    connection.ensure_connection()
    watcher, terminated = terminate_when_writing(connection.connection.info.backend_pid)
    upload = SimpleUploadedFile("big.bib", FILE.encode())
    response = staff_client.post("/admin/papers/importbatch/add/", {"file": upload, "confirm": "Confirm"})
    terminated.set()
    watcher.join()
    text = response.content.decode()
    assert response.status_code == 200, text[:500]
    assert "The database failed during the import of big.bib" in text and "nothing was written" in text
    assert not (Paper.objects.exists() or ImportBatch.objects.exists())
