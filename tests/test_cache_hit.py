"""What a cached page's hit costs (pubdb/pagecache.py): one Redis round trip, no SQL, no session, no template.

The round trip is one MGET of the data version, the page's scope version and the entry (pubdb.cache.lookup()).
Runs against a throwaway redis-server: the in-memory cache has no round trips to count.
"""

import shutil

import pytest
import redis.connection
from django.contrib.sessions.backends.base import SessionBase

from pubdb import redis_cache
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory, VenueFactory
from tests.servers import RedisServer

pytestmark = [
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server on PATH (Debian: redis-server)"),
    pytest.mark.page_cache,
    pytest.mark.django_db(transaction=True),  # committed rows: the scope versions move on commit
]


@pytest.fixture
def redis_server(settings):
    server = RedisServer()
    server.start()
    settings.CACHES = {
        **settings.CACHES,  # the formatted references' stays in memory
        "default": {
            "BACKEND": "pubdb.redis_cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        },
    }
    redis_cache.reset_circuits()
    yield server
    server.stop()


@pytest.fixture
def round_trips(monkeypatch):
    """How many commands (or pipelines) the process sent to Redis: each is one round trip."""
    sent = [0]
    send = redis.connection.AbstractConnection.send_packed_command

    def counting(self, *args, **kwargs):
        sent[0] += 1
        return send(self, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
    return sent


def test_a_hit_is_one_redis_round_trip_without_sql_session_or_template(
    redis_server, round_trips, client, django_assert_num_queries, monkeypatch
):
    person = ResearcherFactory(slug="ada", name="Ada Lovelace")
    paper = PaperFactory(title="Cached Title", venue=VenueFactory(slug="acl"))
    AuthorshipFactory(paper=paper, researcher=person)
    urls = ["/researchers/ada/", f"/papers/{paper.pk}/", "/zh-hans/papers/", "/venues/acl/", "/api/v1/papers/"]
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200, url

    def no_session(*args, **kwargs):
        raise AssertionError("a cached page read the session")

    monkeypatch.setattr(SessionBase, "_get_session", no_session)
    for url in urls:
        round_trips[0] = 0
        with django_assert_num_queries(0):
            hit = client.get(url)
        assert round_trips[0] == 1, f"{url}: one MGET of both versions and the entry"
        assert hit.content == client.get(url).content, url
        assert hit.templates == [], url
        assert not hasattr(hit.wsgi_request, "session"), url
