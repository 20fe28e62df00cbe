"""How far a job has got: written to its Job row while it runs, or drawn as a bar by a management command."""

import sys

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from tqdm import tqdm

from curation.models import Job


class Cancelled(Exception):
    """The curator asked the job to stop; raised between batches, so an import's transaction rolls back."""


class JobProgress:
    """`progress(done, total, message)`: the job's row learns it (and its heartbeat moves), unless a cancel is asked
    for, which raises Cancelled.

    An import writes in one transaction, and the job's row must show its progress while that transaction is open:
    on PostgreSQL those updates go through a second connection of their own, committed at once. SQLite has one
    writer at a time, so there the row only learns the end (the embedded default runs jobs inside the request).
    """

    def __init__(self, job: Job):
        self.job = job
        self._aside: BaseDatabaseWrapper | None = None

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self.job.done, self.job.total = done, total  # a cancel says how far the job had got
        self.check_cancel()
        self.record(done, total, message)

    def check_cancel(self) -> None:
        # The primary, not a replica: a cancel must be seen the moment it is committed.
        if Job.objects.using(DEFAULT_DB_ALIAS).filter(pk=self.job.pk, cancel_requested=True).exists():
            raise Cancelled

    def record(self, done: int, total: int, message: str = "") -> None:
        fields = {"done": done, "total": total, "message": message[:500], "heartbeat": timezone.now()}
        for name, value in fields.items():
            setattr(self.job, name, value)
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job.pk).update(**fields)
        elif connection.vendor == "postgresql":
            self._record_aside(fields)

    def _record_aside(self, fields: dict) -> None:
        try:
            aside = self._aside
            if aside is None:
                aside = self._aside = connections.create_connection(DEFAULT_DB_ALIAS)
                with aside.cursor() as cursor:
                    # Never wait behind a lock: a progress line is worth less than the import it reports on.
                    cursor.execute("SET lock_timeout = '1s'")
            table = aside.ops.quote_name(Job._meta.db_table)
            with aside.cursor() as cursor:
                # The table name is the model's own, quoted; the values are parameters.
                cursor.execute(
                    f"UPDATE {table} SET done = %s, total = %s, message = %s, heartbeat = %s WHERE id = %s",  # nosec B608
                    [fields["done"], fields["total"], fields["message"], fields["heartbeat"], self.job.pk],
                )
        except DatabaseError:
            pass  # the job goes on; its row shows the end

    def close(self) -> None:
        if self._aside is not None:
            self._aside.close()
            self._aside = None


class CommandProgress:
    """A management command's progress: a tqdm bar when its output is a terminal, else a plain line per step."""

    def __init__(self, command, total: int, unit: str):
        self.command = command
        self.bar = None
        self._start(total, unit)

    def _start(self, total: int, unit: str) -> None:
        self.total, self.unit = total, unit
        if self.command.stdout.isatty():
            # OutputWrapper ends every write with a newline; the bar redraws its line, so it writes to the stream.
            self.bar = tqdm(total=total, unit=f" {unit}", file=getattr(self.command.stdout, "_out", sys.stdout))

    def update(self, done: int, total: int | None = None, unit: str | None = None) -> None:
        """`done` of the current step; a new `total` or `unit` starts the next step (fetching, then writing)."""
        if (total is not None and total != self.total) or (unit and unit != self.unit):
            self.close()
            self._start(self.total if total is None else total, unit or self.unit)
        if self.bar is not None:
            self.bar.update(done - self.bar.n)
        else:
            self.command.stdout.write(f"{done:,} of {self.total:,} {self.unit}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
