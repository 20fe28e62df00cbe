"""Long work as background jobs, on Django's Tasks framework (the django-tasks backport on Django 5.2).

    job = queue_import(text, file_name="lab.bib", format="bibtex", user=request.user)

creates a Job row (what was asked, and its progress: curation.models.Job) and queues the one task that runs it
(tasks.run_job). Where the queue is the database (PostgreSQL), `manage.py db_worker` processes run the jobs,
as many as the site needs; with the immediate backend (the SQLite default) the job runs before queue_* returns.

Why django-tasks: it is Django's own API (django.tasks in Django 6.0), so moving to Django 6 is an import change,
and its database backend needs nothing beyond the database pubdb has: no broker to run and watch (Celery and RQ
need Redis, which pubdb treats as a cache it can lose), no PostgreSQL-only schema (procrastinate), and the same
code runs on SQLite. Its workers take jobs with SELECT … FOR UPDATE SKIP LOCKED, so several can run side by side.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from curation.models import Job

from .tasks import run_job


def _queue(kind: str, title: str, params: dict, user) -> Job:
    job = Job.objects.create(kind=kind, title=title[:255], params=params, user=user)
    _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job: Job) -> None:
    # Not in a transaction with the job's row: the immediate backend runs the job here, and its progress is
    # written by a second connection (progress.JobProgress) that must not wait for this one's row lock.
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def queue_import(
    text: str, *, file_name: str, format: str, user=None, dry_run=False, skip_invalid=False, decisions=None
):
    """A file import (text already through the door's checks: size, encoding, characters)."""
    params = {
        "text": text,
        "file_name": file_name,
        "format": format,
        "dry_run": dry_run,
        "skip_invalid": skip_invalid,
        "decisions": decisions or {},
    }
    return _queue(Job.IMPORT_FILE, file_name, params, user)


def queue_fetch(identifiers: list[str], *, user=None, dry_run=False, skip_invalid=False, decisions=None):
    params = {
        "identifiers": identifiers,
        "dry_run": dry_run,
        "skip_invalid": skip_invalid,
        "decisions": decisions or {},
    }
    return _queue(Job.FETCH, " ".join(identifiers), params, user)


def queue_refresh(*, source: str, older_than: str, limit: int = 0, user=None):
    params = {"source": source, "older_than": older_than, "limit": limit}
    title = f"citation counts older than {older_than} from {source}" + (f", at most {limit} papers" if limit else "")
    return _queue(Job.REFRESH_CITATIONS, title, params, user)


def request_cancel(job: Job, user) -> str:
    """A queued job is cancelled at once; a running one stops at its next batch. What happened, for the curator."""
    who = getattr(user, "username", "") or "someone"
    now = timezone.now()
    if Job.objects.filter(pk=job.pk, state=Job.QUEUED).update(
        state=Job.CANCELLED, cancel_requested=True, finished=now, message=f"Cancelled by {who} before it started."
    ):
        return f"{job} was cancelled before it started."
    if Job.objects.filter(pk=job.pk, state=Job.RUNNING).update(cancel_requested=True):
        return f"{job} stops at its next step."
    return f"{job} had already finished."


def requeue_stale() -> list[Job]:
    """Queue again the running jobs whose worker has gone (no progress for PUBDB_JOB_STALE_SECONDS)."""
    before = timezone.now() - timedelta(seconds=settings.PUBDB_JOB_STALE_SECONDS)
    Job.objects.stale(before).filter(cancel_requested=True).update(
        state=Job.CANCELLED, finished=timezone.now(), message="Cancelled: its worker stopped before it could stop it."
    )
    requeued = []
    for job in Job.objects.stale(before):
        message = (
            f"Queued again: its worker stopped at {job.done:,} of {job.total:,} "
            f"(last heard of {job.heartbeat:%H:%M:%S} UTC)."
        )
        if Job.objects.filter(pk=job.pk, state=Job.RUNNING, heartbeat=job.heartbeat).update(
            state=Job.QUEUED, message=message
        ):
            _enqueue(job)
            requeued.append(job)
    return requeued


__all__ = ["Job", "queue_fetch", "queue_import", "queue_refresh", "request_cancel", "requeue_stale", "run_job"]
