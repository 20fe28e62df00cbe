"""Anonymous reads are throttled (rate from PUBDB_API_ANON_RATE) so one client cannot starve the rest."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttled(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/min"}}
    cache.clear()
    yield
    cache.clear()


def test_anonymous_client_over_the_rate_gets_429(client, throttled):
    statuses = [client.get("/api/v1/venues/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Retry-After" in client.get("/api/v1/venues/").headers


def test_curators_are_not_throttled(curator_client, throttled):
    assert {curator_client.get("/api/v1/venues/").status_code for _ in range(5)} == {200}


def test_a_forged_x_forwarded_for_does_not_escape_the_throttle(client, throttled):
    """No proxy trusted (the default): the header is the client's own word, so the budget is REMOTE_ADDR's."""
    statuses = [client.get("/api/v1/venues/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(client, throttled, settings):
    """Behind PUBDB_TRUSTED_PROXIES=1 every request comes from the proxy's address: the client is the address the
    proxy appended last, whatever the client itself put in front of it."""
    settings.PUBDB_TRUSTED_PROXIES = 1

    def status(forwarded_for):
        return client.get("/api/v1/venues/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    assert [status("203.0.113.5") for _ in range(3)] == [200] * 3
    assert status("192.0.2.1, 203.0.113.5") == 429  # a forged first hop changes nothing
    assert [status("203.0.113.9") for _ in range(3)] == [200] * 3  # another client, through the same proxy
    assert status("203.0.113.9") == 429
