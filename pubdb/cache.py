"""The shared cache and its invalidation across app servers.

One number in the cache, the data version, goes up after every committed write to the curated data (any
save, delete or many-to-many change in the researchers and papers apps). Cache keys built by versioned_key()
contain it, so every app server that shares the cache (Redis when REDIS_URL is set) stops using entries
made before a write the moment it commits, wherever the write happened. Stale entries simply expire.

Writes that send no signals (QuerySet.update(), bulk_create(), raw SQL) must call bump_data_version().

With read replicas, a value read from a replica just after a write may predate it: cached() does not store
such values (see may_cache()); code that stores under versioned_key() itself should ask may_cache() first.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from pubdb import routers

VERSION_KEY = "pubdb:data-version"
WRITTEN_AT_KEY = "pubdb:data-written-at"
CURATED_APPS = {"researchers", "papers"}


def data_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, not 1: if the key was evicted, old entries must not match the new version.
        cache.add(VERSION_KEY, time.time_ns() // 1_000_000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_data_version():
    cache.set(WRITTEN_AT_KEY, time.time(), timeout=None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any fresh one will do
        data_version()


def may_cache():
    """False while this thread reads from replicas that may not have replayed the latest write yet."""
    if not routers.replica_aliases() or routers.pinned_to_primary():
        return True
    return time.time() - cache.get(WRITTEN_AT_KEY, 0) > settings.PUBDB_READ_YOUR_WRITES_SECONDS


def versioned_key(*parts):
    return ":".join(["pubdb", f"v{data_version()}", *map(str, parts)])


def cached(parts, compute, timeout=None):
    """compute() once per data version (and timeout): the value stored under versioned_key(*parts)."""
    key = versioned_key(*parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        if may_cache():
            cache.set(key, value, timeout)
    return value


def _on_write(sender, using="default", **kwargs):
    if sender._meta.app_label in CURATED_APPS:
        # After commit: bumping earlier would let another server cache the old rows under the new version.
        transaction.on_commit(bump_data_version, using=using)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"pubdb.cache.{signal}")
