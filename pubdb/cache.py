"""The shared cache and its invalidation across app servers.

One number in the cache, the data version, goes up after every committed write to the curated data (any
save, delete or many-to-many change in the researchers and papers apps). Cache keys built by versioned_key()
contain it, so every app server that shares the cache (Redis when REDIS_URL is set) stops using entries
made before a write the moment it commits, wherever the write happened. Stale entries simply expire.

Writes that send no signals (QuerySet.update(), bulk_create(), raw SQL) must call bump_data_version().
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "pubdb:data-version"
CURATED_APPS = {"researchers", "papers"}


def data_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, not 1: if the key was evicted, old entries must not match the new version.
        cache.add(VERSION_KEY, time.time_ns() // 1_000_000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_data_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any fresh one will do
        data_version()


def versioned_key(*parts):
    return ":".join(["pubdb", f"v{data_version()}", *map(str, parts)])


def cached(parts, compute, timeout=None):
    """compute() once per data version (and timeout): the value stored under versioned_key(*parts)."""
    key = versioned_key(*parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _on_write(sender, using="default", **kwargs):
    if sender._meta.app_label in CURATED_APPS:
        # After commit: bumping earlier would let another server cache the old rows under the new version.
        transaction.on_commit(bump_data_version, using=using)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"pubdb.cache.{signal}")
