"""The shared cache and its invalidation across app servers.

One number in the cache, the data version, goes up after every committed transaction that wrote to the curated
data (the researchers and papers apps). Cache keys built by versioned_key() contain it, so every app server that
shares the cache (Redis when REDIS_URL is set) stops using entries made before a write the moment it commits,
wherever the write happened. Stale entries simply expire.

data_changed() is the one way a write reaches the version: the save, delete and many-to-many signals call it per
row, and writes that send no signals (QuerySet.update(), bulk_create(), COPY, loaddata) must call it themselves.
However many rows a transaction writes, it bumps once, after it commits.

While Redis cannot be reached (pubdb/redis_cache.py) data_version() is None: nothing is read from or stored in
the cache, pages are served uncached. A bump that could not reach Redis is not lost: after every outage the
first data_version() bumps before anything is read, so no entry cached before a write made during the outage
is served again.

With read replicas, a value read from a replica just after a write may predate it: cached() does not store
such values (see may_cache()); code that stores under versioned_key() itself should ask may_cache() first.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from pubdb import routers

VERSION_KEY = "pubdb:data-version"
WRITTEN_AT_KEY = "pubdb:data-written-at"
CURATED_APPS = {"researchers", "papers"}
# circuit of a Redis location -> its outages after which this process has bumped the version
_caught_up: dict[object, int] = {}


class _BumpAfterCommit:
    """A transaction's one on-commit bump. `ran`: a test's captured commit runs it but leaves it listed."""

    ran = False

    def __call__(self):
        self.ran = True
        bump_data_version()


def data_changed(using=DEFAULT_DB_ALIAS):
    """The current transaction on `using` wrote curated data: bump the version once, after it commits.

    The first write registers the bump; a rolled-back transaction or savepoint takes it along, so the next
    write registers again. Outside a transaction every (autocommitted) write bumps at once.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        isinstance(callback, _BumpAfterCommit) and not callback.ran for _, callback, _ in connection.run_on_commit
    ):
        return
    # After commit: bumping earlier would let another server cache the old rows under the new version.
    transaction.on_commit(_BumpAfterCommit(), using=using)


def _circuit():
    return getattr(cache, "circuit", None)  # FailSoftRedisCache's; the other backends cannot be unreachable


def data_version():
    """The version in every cache key; None while the cache cannot be reached (then nothing is cached)."""
    circuit = _circuit()
    if circuit is not None and circuit.outages != _caught_up.get(circuit, 0):
        # A write committed during the outage could not bump the version: bump now, before anything is read.
        outages = circuit.outages
        if not bump_data_version():
            return None
        _caught_up[circuit] = outages
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, not 1: if the key was evicted, old entries must not match the new version.
        cache.add(VERSION_KEY, time.time_ns() // 1_000_000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def reachable():
    """False while the shared cache cannot be reached: the site runs uncached (/healthz says degraded)."""
    return data_version() is not None


def bump_data_version():
    """Move the version on at once; False when the cache could not be reached (data_version() bumps later)."""
    cache.set(WRITTEN_AT_KEY, time.time(), timeout=None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet, evicted, or the cache is unreachable: any fresh one will do
        cache.add(VERSION_KEY, time.time_ns() // 1_000_000, timeout=None)
    circuit = _circuit()
    return circuit is None or not circuit.down


def may_cache():
    """False while this thread reads from replicas that may not have replayed the latest write yet."""
    if not routers.replica_aliases() or routers.pinned_to_primary():
        return True
    return time.time() - cache.get(WRITTEN_AT_KEY, 0) > settings.PUBDB_READ_YOUR_WRITES_SECONDS


def versioned_key(*parts):
    """The key of `parts` under the current data version; None while the cache cannot be reached."""
    version = data_version()
    return None if version is None else ":".join(["pubdb", f"v{version}", *map(str, parts)])


def cached(parts, compute, timeout=None):
    """compute() once per data version (and timeout): the value stored under versioned_key(*parts)."""
    key = versioned_key(*parts)
    value = None if key is None else cache.get(key)
    if value is None:
        value = compute()
        if key is not None and may_cache():
            cache.set(key, value, timeout)
    return value


def _on_write(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender._meta.app_label in CURATED_APPS:
        data_changed(using)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"pubdb.cache.{signal}")
