"""Deployment: production settings from the environment, security headers, CSP, /healthz, gunicorn + whitenoise."""

import json
import subprocess
import sys

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from tests.factories import OrganizationFactory, PaperFactory
from tests.servers import ROOT, get, gunicorn, production_env


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=production_env(**env), capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_production_defaults():
    env = production_env(DJANGO_ALLOWED_HOSTS="pubdb.example.org")
    del env["DJANGO_SECURE_SSL_REDIRECT"], env["DJANGO_SECURE_COOKIES"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    result = manage("check", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_responses_carry_csp_and_security_headers(client, db):
    response = client.get("/healthz")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_only_the_api_documentation_pages_are_outside_the_csp(client, db):
    assert "Content-Security-Policy" not in client.get("/api/docs/")
    assert "Content-Security-Policy" not in client.get("/api/redoc/")
    for url in ["/api/", "/api/v1/", "/api/schema/", "/admin/login/"]:
        assert "script-src 'self'" in client.get(url)["Content-Security-Policy"], url


def test_behind_the_proxy_http_redirects_to_https_and_https_gets_hsts(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    plain = client.get("/admin/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/admin/login/"
    secure = client.get("/admin/login/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=3600")
    assert client.get("/healthz").status_code == 200, "the load balancer probes over plain HTTP"


def test_healthz_reports_ok_with_database_and_migrations(client, db, django_assert_num_queries):
    # 1 SELECT 1, 2 does django_migrations exist (introspection), 3 the applied migrations
    with django_assert_num_queries(3):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_costs_the_same_queries_however_much_data_there_is(client, db, django_assert_num_queries):
    OrganizationFactory.create_batch(50)
    PaperFactory.create_batch(20)
    with django_assert_num_queries(3):
        assert client.get("/healthz").status_code == 200


@pytest.mark.urls("tests.cache_probe")
def test_a_bug_gives_a_plain_500_page_or_json_without_a_traceback(db):
    client = Client(raise_request_exception=False)
    page = client.get("/probe/boom/")
    assert page.status_code == 500 and "Traceback" not in page.text and "a bug" not in page.text
    api = client.get("/probe/boom/", headers={"Accept": "application/json"})
    assert (api.status_code, api.json()) == (500, {"detail": "Internal server error."})


def test_healthz_is_503_when_a_migration_is_not_applied(client, db):
    MigrationRecorder(connection).migration_qs.filter(app="papers").order_by("-id").first().delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "migrations": "1 unapplied", "cache": "ok"}


def test_gunicorn_serves_healthz_and_whitenoise_static_files(tmp_path):
    """A real production process (DEBUG off): an empty database is unhealthy until migrated; static files served."""
    database = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    env = production_env(DATABASE_URL=database, DJANGO_STATIC_ROOT=str(tmp_path / "static"))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    with gunicorn(env) as base:
        status, _, body = get(f"{base}/healthz")
        assert status == 503
        assert json.loads(body)["migrations"].endswith("unapplied")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        status, headers, body = get(f"{base}/healthz")
        assert (status, json.loads(body)["status"]) == (200, "ok")
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        status, headers, body = get(f"{base}/static/admin/css/base.css")
        assert status == 200 and "max-age" in headers["Cache-Control"]
        status, _, body = get(f"{base}/no-such-page/")
        assert status == 404 and "Traceback" not in body


def test_a_production_server_refuses_unknown_hosts(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with gunicorn(env) as base:
        status, _, _ = get(f"{base}/healthz", headers={"Host": "evil.example"})
    assert status == 400
