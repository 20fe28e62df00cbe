"""Helpers of the background-job tests: the database queue, and its worker run for real (django-tasks-db's own)."""

import threading

from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker

# The `database_queue` fixture (conftest.py) sets this.
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def bib(count, doi_of=lambda n: f"10.7000/job.{n}"):
    """`count` BibTeX entries, each a new paper with a DOI and a new author."""
    return "".join(
        f"@inproceedings{{k{n}, title = {{Background Paper {n}}}, author = {{Writer{n} Family{n}}}, "
        f"booktitle = {{Jobs Workshop}}, year = 2025, doi = {{{doi_of(n)}}}}}\n"
        for n in range(1, count + 1)
    )


def run_worker():
    """The library's worker loop (what `manage.py db_worker --batch` runs), here: every queued job, then return."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def worker_thread():
    """The worker in a thread of its own, with its own database connection (closed when it ends)."""

    def work():
        try:
            run_worker()
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread
