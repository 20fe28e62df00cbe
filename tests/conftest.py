import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The six seed profiles, loaded as `make run` loads them."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def api_unthrottled(settings):
    """Anonymous API throttling off, so the suite's many requests are not refused (test_api_throttling turns it on)."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}


@pytest.fixture
def curator_token(db, django_user_model):
    """The API token of a user in the curator group, as `manage.py create_curator` makes one."""
    from rest_framework.authtoken.models import Token

    from api.curators import curator_group

    user = django_user_model.objects.create_user("api-curator")
    user.groups.add(curator_group())
    return Token.objects.create(user=user).key


@pytest.fixture
def curator_client(client, curator_token):
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {curator_token}"
    return client
