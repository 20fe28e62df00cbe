"""The shared cache and its invalidation across app servers.

Cache keys built by versioned_key() hold two numbers from the cache: the data version, and the version of the
key's scope (pubdb/scopes.py: a researcher's pages, a paper's, or "lists", which every write moves). After a
committed transaction that wrote curated data (the researchers and papers apps), either the scopes it touched
and "lists" go up, or, when its reach is not known, the data version does. Every app server that shares the
cache (Redis when REDIS_URL is set) stops using the entries of those scopes the moment the bump is made,
wherever the write happened; stale entries simply expire or are replaced. A version that is missing (never set,
or evicted) starts again from the clock, above any value it had. lookup() and store() keep a value beside the
versioned key it was stored under, so that a read of the versions and the value is one round trip (a cached
page's hit: one MGET).

data_changed() is the one way a write reaches the versions: the save, delete and many-to-many signals call it
per row with what the row touched, and writes that send no signals (QuerySet.update(), bulk_create(), COPY,
loaddata) must call it themselves; without `touched` it moves the data version. However many rows a
transaction writes, it bumps once, after it commits.

While Redis cannot be reached (pubdb/redis_cache.py) versioned_key() is None: nothing is read from or stored in
the cache, pages are served uncached. A bump that could not reach Redis is not lost: after every outage the
first read of the versions moves the data version before anything is read, so no entry cached before a write
made during the outage is served again.

With read replicas, a value read from a replica just after a write may predate it: cached() does not store
such values (see may_cache()); code that stores under versioned_key() itself should ask may_cache() first.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from pubdb import routers, scopes

VERSION_KEY = "pubdb:data-version"
SCOPE_KEY = "pubdb:scope:"
WRITTEN_AT_KEY = "pubdb:data-written-at"
CURATED_APPS = {"researchers", "papers"}
# circuit of a Redis location -> its outages after which this process has bumped the version
_caught_up: dict[object, int] = {}


class _BumpAfterCommit:
    """A transaction's one on-commit bump of what it touched (None: unknown, the data version moves).
    `ran`: a test's captured commit runs it but leaves it listed."""

    ran = False

    def __init__(self, using, touched):
        self.using, self.touched = using, touched

    def add(self, touched):
        if self.touched is None or touched is None:
            self.touched = None
        else:
            self.touched.add(touched)

    def __call__(self):
        self.ran = True
        # Read after the commit: the paper's authors as they now are (the removed ones came with their rows).
        bump_data_version(None if self.touched is None else scopes.scopes_of(self.touched, self.using))


def data_changed(using=DEFAULT_DB_ALIAS, touched=None):
    """The current transaction on `using` wrote curated data: bump once, after it commits, the scopes of
    `touched` (a pubdb.scopes.Touched), or the data version when `touched` is None (its reach is unknown).

    The first write registers the bump; a rolled-back transaction or savepoint takes it along, so the next
    write registers again. Outside a transaction every (autocommitted) write bumps at once.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        for _, callback, _ in connection.run_on_commit:
            if isinstance(callback, _BumpAfterCommit) and not callback.ran:
                callback.add(touched)
                return
    # After commit: bumping earlier would let another server cache the old rows under the new version.
    transaction.on_commit(_BumpAfterCommit(using, touched), using=using)


def _circuit():
    return getattr(cache, "circuit", None)  # FailSoftRedisCache's; the other backends cannot be unreachable


def _from_the_clock():
    # Not 1: a version evicted and started again must not meet the values its old entries were stored under.
    return time.time_ns() // 1000


def _versions(keys, also=()):
    """The values of the version `keys`, in order, and of the keys `also` read in the same round trip (a dict of
    those found); (None, {}) while the cache cannot be reached."""
    circuit = _circuit()
    if circuit is not None and circuit.outages != _caught_up.get(circuit, 0):
        # A write committed during the outage could not bump the version: bump now, before anything is read.
        outages = circuit.outages
        if not bump_data_version():
            return None, {}
        _caught_up[circuit] = outages
    found = cache.get_many([*keys, *also])
    extra = {key: found.pop(key) for key in also if key in found}
    if len(found) < len(keys):
        for key in keys:
            if key not in found:
                cache.add(key, _from_the_clock(), timeout=None)
        found = cache.get_many(keys)
    return ([found[key] for key in keys] if len(found) == len(keys) else None), extra


def data_version():
    """The version in every cache key; None while the cache cannot be reached (then nothing is cached)."""
    versions, _ = _versions([VERSION_KEY])
    return None if versions is None else versions[0]


def reachable():
    """False while the shared cache cannot be reached: the site runs uncached (/healthz says degraded)."""
    return data_version() is not None


def bump_data_version(touched_scopes=None):
    """Move "lists" and each of `touched_scopes` on at once, or the data version when they are None; False when
    the cache could not be reached (the next read of the versions bumps the data version)."""
    cache.set(WRITTEN_AT_KEY, time.time(), timeout=None)
    if touched_scopes is None:
        keys = [VERSION_KEY]
    else:
        keys = [SCOPE_KEY + scope for scope in sorted({scopes.LISTS, *touched_scopes})]
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # no version yet, evicted, or the cache is unreachable: any fresh one will do
            cache.add(key, _from_the_clock(), timeout=None)
    circuit = _circuit()
    return circuit is None or not circuit.down


def may_cache():
    """False while this thread reads from replicas that may not have replayed the latest write yet."""
    if not routers.replica_aliases() or routers.pinned_to_primary():
        return True
    return time.time() - cache.get(WRITTEN_AT_KEY, 0) > settings.PUBDB_READ_YOUR_WRITES_SECONDS


def _key(versions, scope, parts):
    return ":".join(["pubdb", f"v{versions[0]}", f"{scope}@{versions[1]}", *map(str, parts)])


def versioned_key(*parts, scope=scopes.LISTS):
    """The key of `parts` under the data version and `scope`'s; None while the cache cannot be reached."""
    versions, _ = _versions([VERSION_KEY, SCOPE_KEY + scope])
    return None if versions is None else _key(versions, scope, parts)


def lookup(parts, scope=scopes.LISTS):
    """(versioned_key(*parts, scope=scope), the value store() kept under it or None), in one round trip: the
    value sits under the key of `parts` without versions, beside the versioned key it was stored under, so the
    versions and the value are read in one MGET and a value stored under older versions is not returned."""
    plain = ":".join(["pubdb", "entry", *map(str, parts)])
    versions, found = _versions([VERSION_KEY, SCOPE_KEY + scope], also=[plain])
    if versions is None:
        return None, None
    key = _key(versions, scope, parts)
    stored_key, value = found.get(plain, (None, None))
    return key, (value if stored_key == key else None)


def store(parts, key, value, timeout=DEFAULT_TIMEOUT):
    """Keep `value` for lookup(parts) under `key` (lookup's), replacing what older versions left there."""
    cache.set(":".join(["pubdb", "entry", *map(str, parts)]), (key, value), timeout)


def cached(parts, compute, timeout=None):
    """compute() once per write (and timeout): the value stored for `parts` under the lists' scope."""
    key, value = lookup(parts)
    if value is None:
        value = compute()
        if key is not None and may_cache():
            store(parts, key, value, timeout)
    return value


def _on_save(sender, instance, created, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender._meta.app_label in CURATED_APPS:
        data_changed(using, scopes.touched_by_save(sender, instance, created))


def _on_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender._meta.app_label in CURATED_APPS:
        data_changed(using, scopes.touched_by_delete(sender, instance))


def _on_m2m(sender, instance, reverse, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender._meta.app_label in CURATED_APPS:
        data_changed(using, scopes.touched_by_m2m(sender, instance, reverse))


def connect_signals():
    for signal, receiver in ((post_save, _on_save), (post_delete, _on_delete), (m2m_changed, _on_m2m)):
        signal.connect(receiver, dispatch_uid=f"pubdb.cache.{signal}")
