"""Bulk loading for the synthetic corpus (benchmarks/corpus.py): COPY on PostgreSQL, bulk_create elsewhere.

On PostgreSQL the rows go through COPY on a background thread: psycopg2
releases the GIL while the server stores a batch, so Python composes the next
batch on one core while the PostgreSQL backend (computing each paper's stored
tsvector) works on the other.
"""

import io
import queue
import threading
import time

from django.db import connection
from django.db.models import JSONField

from pubdb.bulk import copy_text
from pubdb.cache import data_changed

# Rows composed ahead of COPY: a few chunks, enough for Python to keep composing papers while
# PostgreSQL builds the people's indexes, bounded so that memory stays bounded.
MAX_QUEUED_BYTES = 100 << 20
COPY_READ_SIZE = 1 << 20  # psycopg2 reads this much per call; its default 8 KB makes the threads trade the GIL often


class TableWriter:
    """Appends rows (tuples in the order of `fields`, attnames) to a model's table; other columns get defaults.

    Use it as a context manager: leaving it waits for the rows still being
    written and raises any error PostgreSQL reported for them. While it is open
    the connection belongs to its COPY thread: the caller runs no queries.
    """

    def __init__(self):
        self.copy = connection.vendor == "postgresql"
        self.written = {}
        self.background = None

    def __enter__(self):
        if self.copy:
            connection.ensure_connection()
            self.background = BackgroundStatements(connection)
        return self

    def __exit__(self, kind, error, traceback):
        if self.background:
            self.background.close(cancel=error is not None)

    def write(self, model, fields, rows, same=None):
        """Append `rows`; `same` maps further attnames to the one value every row has (formatted once)."""
        if not rows:
            return
        same = same or {}
        self.written[model] = self.written.get(model, 0) + len(rows)
        if not self.copy:
            objects = [model(**dict(zip(fields, row, strict=True)), **same) for row in rows]
            model.objects.bulk_create(objects, batch_size=2000)
            data_changed()  # bulk_create and COPY send no signals
            return
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        given = {*fields, *same}
        same = {
            **{f.attname: f.get_default() for f in by_attname.values() if f.attname not in given and not f.null},
            **same,
        }
        columns = [by_attname[name] for name in [*fields, *same]]
        json_columns = [i for i, f in enumerate(columns) if isinstance(f, JSONField)]
        tail = copy_text([tuple(same.values())], [i - len(fields) for i in json_columns if i >= len(fields)])
        text = copy_text(rows, [i for i in json_columns if i < len(fields)], tail="\t" + tail[:-1] if same else "")
        quote = connection.ops.quote_name
        names = ", ".join(quote(f.column) for f in columns)
        self.background.submit(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN", text.encode())
        data_changed()

    def execute(self, statements):
        """Run SQL statements after the rows written so far (on PostgreSQL, without waiting for them)."""
        for sql in statements:
            if self.background:
                self.background.submit(sql)
            else:
                with connection.cursor() as cursor:
                    cursor.execute(sql)

    def balance(self):
        """Which side bounded the load so far: how long COPY waited for rows and rows for COPY (PostgreSQL)."""
        if not self.background:
            return "bulk_create"
        return f"COPY waited {self.background.idle:.0f} s for rows, rows {self.background.blocked:.0f} s for COPY"

    def finish(self):
        """Wait until every row written so far is in the table (PostgreSQL raises here what it refused)."""
        if self.background:
            self.background.wait()


class BackgroundStatements:
    """Runs COPY and other statements in order on a thread of their own, on the same connection and transaction.

    `idle` is how long the thread waited for work (PostgreSQL waiting on
    Python), `blocked` how long the caller waited for room in the queue
    (Python waiting on PostgreSQL): together they say which side bounds a load.
    """

    def __init__(self, connection):
        self.raw = connection.connection
        self.wrap_errors = connection.wrap_database_errors  # psycopg2's errors as Django's, as on the main thread
        self.jobs = queue.Queue()
        self.room = threading.Condition()  # guards `queued`, the bytes of COPY data not yet sent
        self.queued = 0
        self.error = None
        self.cancelled = False
        self.idle = self.blocked = 0.0
        self.thread = threading.Thread(target=self.run, name="corpus-copy", daemon=True)
        self.thread.start()

    def submit(self, sql, data=None):
        """COPY `data` (bytes) with `sql`, or execute `sql` when there is no data."""
        self.raise_error()
        if data is not None:
            started = time.monotonic()
            with self.room:
                self.room.wait_for(lambda: self.queued < MAX_QUEUED_BYTES)
                self.queued += len(data)
            self.blocked += time.monotonic() - started
        self.jobs.put((sql, data))

    def wait(self):
        self.jobs.join()
        self.raise_error()

    def close(self, cancel=False):
        self.cancelled = cancel
        self.jobs.put(None)
        self.thread.join()  # the connection is ours again (for a commit or a rollback)
        if not cancel:
            self.raise_error()

    def raise_error(self):
        if self.error:
            raise self.error

    def run(self):
        while True:
            started = time.monotonic()
            job = self.jobs.get()
            self.idle += time.monotonic() - started
            if job is None:
                self.jobs.task_done()
                return
            try:
                if not (self.error or self.cancelled):
                    with self.wrap_errors, self.raw.cursor() as cursor:
                        sql, data = job
                        if data is None:
                            cursor.execute(sql)
                        else:
                            cursor.copy_expert(sql, io.BytesIO(data), size=COPY_READ_SIZE)
            except Exception as error:  # raised again on the main thread, which owns the transaction
                self.error = error
            finally:
                if job[1] is not None:
                    with self.room:
                        self.queued -= len(job[1])
                        self.room.notify()
                self.jobs.task_done()


class DeferredConstraints:
    """PostgreSQL: drops the tables' foreign keys, unique constraints and plain indexes, to restore them in bulk later.

    Checking and indexing millions of rows once, in bulk, is several times
    faster than doing it row by row during COPY; restoring the constraints
    re-validates every row, so nothing goes in unchecked. Primary keys and
    CHECK constraints stay, and so does the papers' search vector index: the authorships' triggers update
    that column (papers 0007), and with no index on it those updates would be HOT, leaving chains that make
    every papers index rebuilt later unusable until the load's transaction ends. Elsewhere it does nothing.
    """

    def __init__(self, models):
        self.indexes, self.constraints = [], []
        if connection.vendor != "postgresql":
            return
        quote = connection.ops.quote_name
        tables = [model._meta.db_table for model in models]
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run checks still deferred: ALTER TABLE refuses to wait
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")  # for the index builds
            cursor.execute(
                """SELECT relname, conname, pg_get_constraintdef(pg_constraint.oid)
                FROM pg_constraint JOIN pg_class ON pg_class.oid = conrelid
                WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype DESC""",
                [tables],
            )
            self.constraints = cursor.fetchall()  # unique ones first: a foreign key may need one back
            for table, name, _ in reversed(self.constraints):
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            cursor.execute(
                r"""SELECT tablename, indexname, indexdef FROM pg_indexes
                WHERE schemaname = current_schema() AND tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint
                    WHERE conindid = (quote_ident(schemaname) || '.' || quote_ident(indexname))::regclass)
                    AND indexname <> 'paper_search_vector'""",
                [tables],
            )
            self.indexes = cursor.fetchall()
            for _, name, _ in self.indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")

    def restore_sql(self, models):
        """Statements that restore what was dropped from these models' tables (each once): indexes, then constraints."""
        tables = {model._meta.db_table for model in models}
        quote = connection.ops.quote_name
        statements = [definition for table, _, definition in self.indexes if table in tables]
        statements += [
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
            for table, name, definition in self.constraints
            if table in tables
        ]
        self.indexes = [index for index in self.indexes if index[0] not in tables]
        self.constraints = [constraint for constraint in self.constraints if constraint[0] not in tables]
        return statements
