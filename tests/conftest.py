import io

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _reads_on_the_primary(request, settings):
    """Outside the replica tests, reads stay on the primary: a replica cannot see a test's uncommitted rows."""
    if not request.node.get_closest_marker("replica"):
        settings.PUBDB_READ_REPLICAS = []


@pytest.fixture
def demo(db):
    """The six seed profiles, loaded as `make run` loads them."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client
