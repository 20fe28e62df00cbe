"""Named locks, so that concurrent writers of the same venue, person or paper converge on one row.

A get-or-create looks the row up and creates it when missing; two writers doing that at once would both
create it (a name has no unique column) or one would fail on a unique index (a slug, a DOI). Each writer
takes a PostgreSQL advisory lock named after the normalised key first (`hold`), held to the end of its
transaction: the second waits until the first commits, then finds the first's row.

A file import is one long transaction over thousands of keys, more than PostgreSQL's lock table holds
(max_locks_per_transaction, 64 per connection by default). It takes one lock for the whole import instead
(`bulk`), so two imports run one after the other; inside it `hold` does nothing, and a race with a short
writer (the API) ends at a unique index: the writer that loses retries once and finds the winner's row.
SQLite runs one writing transaction at a time: there is nothing to lock.
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.db import connection

_in_bulk = ContextVar("pubdb_locks_in_bulk", default=False)


def _lock(keys: list[str]) -> None:
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("an advisory lock is held to the end of a transaction: take it inside atomic()")
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):  # one order for every writer, so two writers never wait for each other
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def hold(*keys: str) -> None:
    """Lock `keys` ("person:ann-lee") until the current transaction ends; nothing inside `bulk`."""
    if not _in_bulk.get():
        _lock(list(keys))


@contextlib.contextmanager
def bulk(key: str | None) -> Iterator[None]:
    """A long transaction (a file import): one lock `key` for all of it (none for a dry run, which commits
    nothing), and no lock per row."""
    if key:
        _lock([key])
    token = _in_bulk.set(True)
    try:
        yield
    finally:
        _in_bulk.reset(token)
