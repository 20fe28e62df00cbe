"""The one task the queue runs: a Job, by its kind. Each kind wraps the function its command calls.

What a failure or a cancel leaves: a file import and a fetch write in one transaction (curation.importers.writer),
so they leave nothing; a citations refresh writes a batch of papers at a time, so the batches before the stop
stay written (each whole) and the others are as they were. The job's message says which.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection
from django.utils import timezone
from django_tasks import task

from curation.importers import UnreadableFile, database_failure, import_records, read_records
from curation.models import Job
from curation.sources import import_identifiers
from curation.sources.refresh import count_stale, refresh

from .progress import Cancelled, JobProgress

logger = logging.getLogger(__name__)
MAX_LISTED = 100  # invalid entries kept in a job's result: the first ones say what is wrong


class JobFailed(Exception):
    """The job ran to its end without doing what was asked (e.g. invalid entries); the message says why."""


def _writes(job: Job) -> str:
    if job.kind == Job.REFRESH_CITATIONS:
        return (
            f"the counts of the first {job.done:,} of {job.total:,} papers are written (a batch at a time, "
            "each whole); the others are unchanged."
        )
    return "nothing was written (the import is one transaction)."


def _import_result(report, *, dry_run: bool, skip_invalid: bool) -> tuple[str, dict]:
    counts = report.counts
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    result = {
        "written": report.written,
        "dry_run": dry_run,
        "batch": report.batch.pk if report.batch else None,
        "counts": counts,
        "invalid": [{"entry": r.record.where, "errors": r.errors} for r in report.invalid[:MAX_LISTED]],
    }
    if report.written:
        return f"Imported ({report.batch.change_reason}): {summary}.", result
    if dry_run:
        return f"Dry run, nothing written: {summary}.", result
    if counts["invalid"] and not skip_invalid:
        raise JobFailed(
            f"Nothing imported: {counts['invalid']} invalid entries (fix them, or import the good ones and skip "
            f"the bad). {summary}."
        )
    return f"Nothing to change: {summary}.", result


def _run_import_file(job: Job, progress: JobProgress) -> tuple[str, dict]:
    params = job.params
    records = read_records(params["text"], format=params["format"])  # checked at the door; read here
    progress.record(0, len(records), f"Matching and writing {len(records):,} entries")
    report = import_records(
        records,
        file_name=params["file_name"],
        format=params["format"],
        user=job.user,
        dry_run=params.get("dry_run", False),
        skip_invalid=params.get("skip_invalid", False),
        decisions=params.get("decisions") or {},
        progress=lambda done, total: progress(done, total, f"Matched and written {done:,} of {total:,} entries"),
    )
    return _import_result(report, dry_run=params.get("dry_run", False), skip_invalid=params.get("skip_invalid"))


def _run_fetch(job: Job, progress: JobProgress) -> tuple[str, dict]:
    params = job.params
    report = import_identifiers(
        params["identifiers"],
        user=job.user,
        dry_run=params.get("dry_run", False),
        skip_invalid=params.get("skip_invalid", False),
        decisions=params.get("decisions") or {},
        fetched=lambda done, total, text: progress(done, total, f"Fetched {text} ({done:,} of {total:,})"),
        progress=lambda done, total: progress(done, total, f"Matched and written {done:,} of {total:,} works"),
    )
    return _import_result(report, dry_run=params.get("dry_run", False), skip_invalid=params.get("skip_invalid"))


def _run_refresh(job: Job, progress: JobProgress) -> tuple[str, dict]:
    params = job.params
    total = count_stale(params["older_than"], params.get("limit", 0))
    progress.record(0, total, f"Refreshing the citation counts of {total:,} papers")
    result = refresh(
        params["source"],
        params["older_than"],
        params.get("limit", 0),
        progress=lambda seen, so_far: progress(seen, total, so_far.summary()),
    )
    summary = {"updated": result.updated, "unknown": result.unknown, "failed": result.failed}
    if result.failed:
        raise JobFailed(f"{result.summary()} {' '.join(result.errors[:3])}")
    return result.summary(), summary


def _database_error(error: BaseException | None) -> BaseException | None:
    """The database's own error behind `error`: a connection lost mid-COPY surfaces as the driver's error, or
    as a SystemError that wraps it, rather than as Django's OperationalError."""
    while error is not None:
        # connection.Database: the backend's DB-API driver module (psycopg2, sqlite3).
        if isinstance(error, DatabaseError | connection.Database.Error):  # type: ignore[attr-defined]
            return error
        error = error.__cause__ or error.__context__
    return None


def _failure(job: Job, error: Exception) -> str:
    database = _database_error(error)
    if database is None:
        return f"Failed: {type(error).__name__}: {error}; {_writes(job)}"
    if job.kind == Job.REFRESH_CITATIONS:
        reason = str(database).strip().splitlines()[0] if str(database).strip() else type(database).__name__
        return f"The database failed ({reason}); {_writes(job)}"
    return database_failure(job.title, database)


RUNNERS = {Job.IMPORT_FILE: _run_import_file, Job.FETCH: _run_fetch, Job.REFRESH_CITATIONS: _run_refresh}


def _finish(job: Job, state: str, message: str, result: dict | None = None) -> None:
    # The last progress too: inside an import's transaction on SQLite the row could not learn it (progress.py).
    fields = {
        "state": state,
        "message": message[:500],
        "done": job.total if state == Job.DONE else job.done,
        "total": job.total,
        "finished": timezone.now(),
        "heartbeat": timezone.now(),
    }
    if result is not None:
        fields["result"] = result
    Job.objects.filter(pk=job.pk).update(**fields)


@task()
def run_job(job_id: int) -> str:
    """Run the job unless it was cancelled (or taken) before it started; the job's state, for the queue's record."""
    now = timezone.now()
    started = Job.objects.filter(pk=job_id, state=Job.QUEUED, cancel_requested=False).update(
        state=Job.RUNNING, started=now, heartbeat=now, message="Started"
    )
    job = Job.objects.using(DEFAULT_DB_ALIAS).select_related("user").get(pk=job_id)
    if not started:
        return job.state
    progress = JobProgress(job)
    try:
        message, result = RUNNERS[job.kind](job, progress)
    except Cancelled:
        where = f" at {job.done:,} of {job.total:,}" if job.total else ""
        _finish(job, Job.CANCELLED, f"Cancelled{where}: {_writes(job)}")
    except (JobFailed, UnreadableFile) as failure:
        _finish(job, Job.FAILED, f"{failure} {_writes(job)}" if job.kind == Job.REFRESH_CITATIONS else str(failure))
    except Exception as error:  # noqa: BLE001 (any failure is recorded on the job, the traceback logged)
        logger.exception("job %s failed", job_id)
        _finish(job, Job.FAILED, _failure(job, error))
    else:
        _finish(job, Job.DONE, message, result)
    finally:
        progress.close()
    return Job.objects.using(DEFAULT_DB_ALIAS).values_list("state", flat=True).get(pk=job_id)
