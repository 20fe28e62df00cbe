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
