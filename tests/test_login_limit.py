"""The admin login limit (django-axes): failures lock one address for one user name, so guessing is held back
without letting anyone lock the administrator out; the locked address is told for how long; the limit holds
while the cache is down (the failures live in the database)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache

from pubdb import redis_cache
from tests.servers import free_port

pytestmark = pytest.mark.django_db
ADMIN_ADDRESS, ATTACKER = "10.0.0.1", "10.0.0.66"
RIGHT = "right-password-123"


@pytest.fixture(autouse=True)
def administrator(settings, django_user_model):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # many logins in these tests
    cache.clear()
    return django_user_model.objects.create_superuser("admin", "admin@example.org", RIGHT)


def login(client, password, address, username="admin"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_five_times(client, address, username="admin"):
    for _ in range(4):
        response = login(client, "wrong", address, username)
        assert response.status_code == 200 and "correct username and password" in response.text
    assert login(client, "wrong", address, username).status_code == 429, "the fifth failure locks"


def test_five_failures_lock_that_address_for_that_user_and_say_for_how_long(client):
    fail_five_times(client, ATTACKER)
    blocked = login(client, RIGHT, ATTACKER)
    assert blocked.status_code == 429
    assert "Too many failed logins" in blocked.text and "Try again in 15 minutes" in blocked.text
    assert 840 < int(blocked["Retry-After"]) <= 900
    assert "_auth_user_id" not in client.session


def test_someone_elses_failures_do_not_lock_the_administrator_out(client):
    fail_five_times(client, ATTACKER)
    assert login(client, RIGHT, ADMIN_ADDRESS).status_code == 302, "the right password from another address works"


def test_the_lock_is_per_user_name_and_ends_after_the_window(client, django_user_model):
    django_user_model.objects.create_user("ann", password=RIGHT, is_staff=True)
    fail_five_times(client, ATTACKER)
    assert login(client, RIGHT, ATTACKER, username="ann").status_code == 302, "another name from that address"
    client.logout()
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time.replace(year=2000))
    assert login(client, RIGHT, ATTACKER).status_code == 302, "the window has passed"


def test_the_time_left_is_what_remains_of_the_window(client):
    fail_five_times(client, ATTACKER)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=10))
    blocked = login(client, RIGHT, ATTACKER)
    assert "Try again in 5 minutes" in blocked.text and 240 < int(blocked["Retry-After"]) <= 300


def test_a_successful_login_clears_the_failures_of_that_address_and_name(client):
    for _ in range(4):
        login(client, "wrong", ADMIN_ADDRESS)
    assert login(client, RIGHT, ADMIN_ADDRESS).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "wrong", ADMIN_ADDRESS)
    assert login(client, RIGHT, ADMIN_ADDRESS).status_code == 302


def test_the_limit_holds_and_logins_work_while_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "pubdb.redis_cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there: Redis is down
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1, "retry_seconds": 5},
        }
    }
    redis_cache.reset_circuits()
    fail_five_times(client, ATTACKER)
    assert login(client, RIGHT, ATTACKER).status_code == 429
    assert login(client, RIGHT, ADMIN_ADDRESS).status_code == 302
    redis_cache.reset_circuits()


def test_the_api_token_still_authenticates_beside_the_login_limit(client, curator_token):
    response = client.post(
        "/api/v1/venues/",
        {"acronym": "NEWV", "name": "A New Venue", "kind": "conference"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {curator_token}",
    )
    assert response.status_code == 201, response.content
