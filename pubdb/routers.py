"""Primary/replica routing: writes to "default", reads spread over the healthy replicas.

Read-your-writes: once this thread (one request in a server) writes, its reads go to the primary for the rest
of the request, and ReadYourWritesMiddleware keeps that browser on the primary for a few seconds afterwards,
longer than replication usually lags. A replica that cannot be reached is skipped for a while; reads then fall
back to the primary.
"""

import contextlib
import contextvars
import random
import time

from django.conf import settings
from django.db import DatabaseError, connections

_pinned = contextvars.ContextVar("pubdb_pinned_to_primary", default=False)
_wrote = contextvars.ContextVar("pubdb_wrote", default=False)
_down_until: dict[str, float] = {}  # replica alias -> time.monotonic() until which it is skipped


def replica_aliases():
    return list(settings.PUBDB_READ_REPLICAS)


def start_request(pinned):
    _pinned.set(pinned)
    _wrote.set(False)


def pin_to_primary():
    _pinned.set(True)


def pinned_to_primary():
    return _pinned.get()


def wrote():
    return _wrote.get()


def mark_down(alias):
    _down_until[alias] = time.monotonic() + settings.PUBDB_REPLICA_RETRY_SECONDS
    with contextlib.suppress(DatabaseError):  # a broken connection may complain; closing it is all we want
        connections[alias].close()


def _reachable(alias):
    if _down_until.get(alias, 0) > time.monotonic():
        return False
    try:
        connections[alias].ensure_connection()  # no query: connects only if not connected yet
    except DatabaseError:
        mark_down(alias)
        return False
    return True


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        # Inside a transaction on the primary, reads must see its uncommitted writes.
        if _pinned.get() or connections["default"].in_atomic_block:
            return "default"
        replicas = replica_aliases()
        random.shuffle(replicas)
        return next((alias for alias in replicas if _reachable(alias)), "default")

    def db_for_write(self, model, **hints):
        _pinned.set(True)
        _wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
