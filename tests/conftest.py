import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

DEMO_APPS = ("researchers", "papers")
_demo_snapshot = []
LOCALE = Path(__file__).resolve().parent.parent / "locale"


def pytest_sessionstart(session):
    """The translations compiled as `make compilemessages` does, when a .po is newer than its .mo (or it is
    missing): the .mo files are built, not committed, and a bare `pytest` must still see the Chinese pages."""
    stale = [
        po
        for po in LOCALE.glob("*/LC_MESSAGES/django.po")
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command(
            "compilemessages", locale=[po.parent.parent.name for po in stale], ignore_patterns=[".*", "benchmarks"]
        )


def _demo_models():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.app_label in DEMO_APPS]


@pytest.fixture(autouse=True)
def _reads_on_the_primary(request, settings):
    """Outside the replica tests, reads stay on the primary: a replica cannot see a test's uncommitted rows."""
    if not request.node.get_closest_marker("replica"):
        settings.PUBDB_READ_REPLICAS = []


@pytest.fixture(autouse=True)
def _page_cache(request, settings):
    """Whole-page caching only in tests marked page_cache: elsewhere a repeated request must run its queries."""
    from django.core.cache import cache

    settings.PUBDB_PAGE_CACHE = bool(request.node.get_closest_marker("page_cache"))
    cache.clear()


@pytest.fixture
def demo(db):
    """The six seed profiles, loaded as `make run` loads them.

    The loader runs once per session; later tests get its rows back by bulk
    insert, which is what keeps a suite of seed-fidelity tests fast.
    """
    if not _demo_snapshot:
        call_command("load_demo", stdout=io.StringIO())
        # Tables that triggers derive from the others (the paper tally) fill themselves again on replay.
        from pubdb.management.commands.backup import DERIVED

        replayed = [m for m in _demo_models() if m._meta.label_lower not in DERIVED]
        _demo_snapshot.extend((model, list(model.objects.all())) for model in replayed)
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


@pytest.fixture
def sources(settings):
    """The bibliographic sources, served from recorded answers by a local HTTP server that the settings point at."""
    from .source_server import SOURCES, SourceServer

    with SourceServer() as server:
        settings.PUBDB_SOURCE_URLS = {name: f"{server.url}/{name}" for name in SOURCES}
        settings.PUBDB_SOURCE_RATES = {}  # no waiting between requests: the rate limit has its own test
        settings.PUBDB_SOURCE_TIMEOUT_SECONDS = 2
        settings.PUBDB_SOURCE_RETRIES = 2
        settings.PUBDB_CONTACT_EMAIL = "curator@lab.example"
        yield server


@pytest.fixture
def database_queue(settings):
    """Background jobs go to the database queue (as on PostgreSQL in production) and wait there for a worker."""
    from .jobs import DATABASE_QUEUE

    settings.TASKS = DATABASE_QUEUE


@pytest.fixture(autouse=True)
def _sources_unreachable(settings):
    """No test reaches the public services: unless `sources` serves them, every source is a closed local port."""
    settings.PUBDB_SOURCE_URLS = {name: f"http://127.0.0.1:9/{name}" for name in settings.PUBDB_SOURCE_URLS}
    settings.PUBDB_SOURCE_RETRIES = 0


@pytest.fixture
def fake_orcid(settings):
    """ORCID sign-in against tests/orcid_server.py: the settings point its OAuth and record URLs there."""
    from .orcid_server import CLIENT_ID, SECRET, FakeOrcid

    with FakeOrcid() as server:
        settings.PUBDB_ORCID_OAUTH_URL = server.url
        settings.PUBDB_SOURCE_URLS = {**settings.PUBDB_SOURCE_URLS, "orcid": f"{server.url}/v3.0"}
        orcid = settings.SOCIALACCOUNT_PROVIDERS["orcid"]
        settings.SOCIALACCOUNT_PROVIDERS = {"orcid": {**orcid, "APPS": [{"client_id": CLIENT_ID, "secret": SECRET}]}}
        policy = settings.CONTENT_SECURITY_POLICY
        directives = {**policy["DIRECTIVES"], "form-action": ["'self'", server.url]}
        settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
        yield server
