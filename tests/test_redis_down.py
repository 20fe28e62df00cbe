"""Redis is a cache, not a dependency: with Redis stopped or hung the site answers uncached, writes answer what
they did, /healthz says "degraded" with a 200, and when Redis is back caching resumes without a stale page.

Each test runs a throwaway redis-server of its own on a free loopback port.
"""

import logging
import shutil
import time

import pytest
from django.test import Client

from papers.models import Venue
from pubdb import cache as data_cache
from pubdb import redis_cache
from tests.factories import VenueFactory
from tests.servers import RedisServer

RETRY_SECONDS = 0.5
pytestmark = [
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server on PATH (Debian: redis-server)"),
    pytest.mark.page_cache,
    pytest.mark.django_db(transaction=True),  # real commits: the bump runs on commit, where the 500 came from
]


@pytest.fixture
def redis(settings):
    server = RedisServer()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "pubdb.redis_cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "retry_seconds": RETRY_SECONDS},
        }
    }
    redis_cache.reset_circuits()
    yield server
    server.thaw()
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def acl():
    return VenueFactory(acronym="ACL", slug="acl", name="Before The Outage")


def cache_warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "pubdb.cache" and r.levelno == logging.WARNING]


def back_up():
    time.sleep(RETRY_SECONDS + 0.1)  # the circuit tries Redis again after retry_seconds


def test_pages_are_served_uncached_while_redis_is_down_with_one_warning(redis, acl, client, caplog):
    assert client.get("/venues/acl/").status_code == 200
    redis.stop()
    Venue.objects.filter(pk=acl.pk).update(name="Renamed Behind The Cache")  # no bump: only an uncached page shows it
    for url in ["/venues/acl/", "/", "/papers/", "/api/v1/venues/acl/", "/venues/acl/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "ETag" not in response, "no ETag without a data version to make it from"
    assert b"Renamed Behind The Cache" in client.get("/venues/acl/").content
    warnings = cache_warnings(caplog)
    assert len(warnings) == 1 and "unreachable" in warnings[0], "one warning for the outage, not one per request"


def test_a_hung_redis_costs_no_timeout_per_request(redis, acl, client):
    redis.freeze()  # each try waits for the socket timeout
    started = time.monotonic()
    for _ in range(10):
        assert client.get("/venues/acl/").status_code == 200
    assert time.monotonic() - started < 10 * 0.25, "the circuit keeps later requests from waiting on Redis"


def test_healthz_says_degraded_with_a_200_while_redis_is_down(redis, client):
    assert client.get("/healthz").json()["cache"] == "ok"
    redis.stop()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "migrations": "ok",
        "cache": "unreachable: serving uncached",
    }
    redis.start()
    back_up()
    assert client.get("/healthz").json()["status"] == "ok"


def test_an_api_write_while_redis_is_down_is_answered_201(redis, curator_token):
    redis.stop()
    curator = Client(HTTP_AUTHORIZATION=f"Token {curator_token}")
    response = curator.post("/api/v1/venues/", {"acronym": "EMNLP"}, content_type="application/json")
    assert response.status_code == 201
    assert Venue.objects.filter(acronym="EMNLP").exists()


def test_caching_resumes_when_a_restarted_redis_is_back(redis, acl, client, django_assert_num_queries):
    redis.stop()
    assert client.get("/venues/acl/").status_code == 200
    redis.start()
    back_up()
    first = client.get("/venues/acl/")
    with django_assert_num_queries(0):
        assert client.get("/venues/acl/").content == first.content


def test_no_page_cached_before_an_outage_write_is_served_after_it(
    redis, acl, client, curator_token, caplog, django_assert_num_queries
):
    """Redis hangs and comes back with its entries: the write it could not be told about still invalidates them."""
    assert b"Before The Outage" in client.get("/venues/acl/").content
    with django_assert_num_queries(0):
        assert b"Before The Outage" in client.get("/venues/acl/").content
    version = data_cache.data_version()

    redis.freeze()
    curator = Client(HTTP_AUTHORIZATION=f"Token {curator_token}")
    response = curator.patch("/api/v1/venues/acl/", {"name": "Written During It"}, content_type="application/json")
    assert response.status_code == 200
    assert b"Written During It" in client.get("/venues/acl/").content

    redis.thaw()
    back_up()
    page = client.get("/venues/acl/")
    assert b"Written During It" in page.content and b"Before The Outage" not in page.content
    assert data_cache.data_version() > version, "the version never goes back"
    with django_assert_num_queries(0):
        assert client.get("/venues/acl/").content == page.content, "caching resumed"
    assert len(cache_warnings(caplog)) == 2 and "reachable again" in cache_warnings(caplog)[1]
