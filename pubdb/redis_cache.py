"""Django's Redis cache backend, failing soft: while Redis cannot be reached the site runs uncached.

A call that cannot reach Redis answers as an empty cache that keeps nothing would (get gives the default, add
and set keep nothing, incr raises ValueError as for a missing key) and opens the circuit: for `retry_seconds`
no call tries Redis at all, so a stopped Redis costs one short socket timeout (CACHES OPTIONS) per few seconds
and process, not one per request. One warning when Redis goes, one when it is back.

The circuit counts its outages: pubdb.cache bumps the data version after each one, since a write committed
while Redis was away could not bump it.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger("pubdb.cache")
UNREACHABLE = object()


class Circuit:
    """The state of one Redis location, shared by every thread's backend in the process."""

    def __init__(self, location):
        self.location = location
        self.lock = threading.Lock()
        self.retry_at = 0.0  # time.monotonic() before which no call tries Redis
        self.down = False
        self.outages = 0

    def open(self):
        return time.monotonic() < self.retry_at

    def failed(self, error, retry_seconds):
        with self.lock:
            self.retry_at = time.monotonic() + retry_seconds
            if self.down:
                return
            self.down = True
            self.outages += 1
        logger.warning(
            "Cache %s unreachable (%s: %s): serving uncached, trying again every %s s",
            self.location,
            type(error).__name__,
            error,
            retry_seconds,
        )

    def succeeded(self):
        if self.down:
            with self.lock:
                was_down, self.down = self.down, False
            if was_down:
                logger.warning("Cache %s reachable again: caching resumes", self.location)


_circuits = {}
_circuits_lock = threading.Lock()


def circuit_for(location):
    with _circuits_lock:
        return _circuits.setdefault(location, Circuit(location))


def reset_circuits():
    """Forget every outage (tests start each Redis of theirs on a closed circuit)."""
    with _circuits_lock:
        _circuits.clear()


class ReusingClient(RedisCacheClient):
    """Django's client wraps its pool in a new redis.Redis on every call: a seventh of a cached page's hit. One
    per pool does the same (a redis.Redis is thread-safe, its connections come from the pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools are kept for the process's life: their ids stay theirs
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    """RedisCache whose calls fail soft; OPTIONS may hold retry_seconds (default 5), the rest goes to redis-py."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = options.pop("retry_seconds", 5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingClient
        self.circuit = circuit_for(server)

    def _try(self, unreachable, call, *args):
        if self.circuit.open():
            return unreachable
        try:
            result = call(*args)
        except (ConnectionError, TimeoutError) as error:
            self.circuit.failed(error, self.retry_seconds)
            return unreachable
        self.circuit.succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._try(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._try(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._try({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._try(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._try(UNREACHABLE, super().incr, key, delta, version)
        if result is UNREACHABLE:
            raise ValueError(f"Key '{key}' not found: the cache is unreachable.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._try(None, super().delete_many, keys, version)

    def clear(self):
        return self._try(False, super().clear)
