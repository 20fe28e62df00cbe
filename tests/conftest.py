import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

DEMO_APPS = ("researchers", "papers")
_demo_snapshot = []


def _demo_models():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.app_label in DEMO_APPS]


@pytest.fixture
def demo(db):
    """The six seed profiles, loaded as `make run` loads them.

    The loader runs once per session; later tests get its rows back by bulk
    insert, which is what keeps a suite of seed-fidelity tests fast.
    """
    if not _demo_snapshot:
        call_command("load_demo", stdout=io.StringIO())
        _demo_snapshot.extend((model, list(model.objects.all())) for model in _demo_models())
        return
    # One transaction: foreign keys are checked at its end, so the insert order of the tables does not
    # matter, also under transactional_db (live_server), where each statement would otherwise commit.
    with transaction.atomic():
        for model, rows in _demo_snapshot:
            model.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), _demo_models()):
            cursor.execute(sql)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client
