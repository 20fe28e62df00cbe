"""What the operator sees: a production gunicorn (DEBUG off) logs JSON lines on stderr, one per request with its
id, and the traceback of a 5xx as one event; Sentry's SDK is loaded and reports only when SENTRY_DSN is set."""

import gzip
import http.server
import json
import subprocess
import sys
import threading
import time
import zlib

import pytest

from tests.servers import ROOT, free_port, get, gunicorn, production_env


def events(log):
    """The JSON lines of a server's output (gunicorn's own start-up lines are plain text)."""
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]


def probe_env(tmp_path, **extra):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return production_env(DATABASE_URL=database, DJANGO_SETTINGS_MODULE="tests.cache_probe_settings", **extra)


def test_a_server_error_under_gunicorn_is_logged_with_its_traceback_and_request_id(tmp_path):
    log = tmp_path / "gunicorn.log"
    with gunicorn(probe_env(tmp_path), log=log) as base:
        status, headers, body = get(f"{base}/probe/boom/", headers={"X-Request-ID": "lb-7f3a.42"})
        assert status == 500 and "Traceback" not in body
        assert headers["X-Request-ID"] == "lb-7f3a.42"
        status, headers, _ = get(f"{base}/no-such-page/")
        assert status == 404
        fresh_id = headers["X-Request-ID"]
    logged = events(log)
    [error] = [event for event in logged if "traceback" in event]
    assert error["request_id"] == "lb-7f3a.42" and error["level"] == "ERROR"
    assert "RuntimeError: a bug, not an outage" in error["traceback"] and ", in boom" in error["traceback"]
    lines = [event for event in logged if event["logger"] == "pubdb.request"]
    assert [(e["request_id"], e["method"], e["path"], e["status"]) for e in lines] == [
        ("lb-7f3a.42", "GET", "/probe/boom/", 500),
        (fresh_id, "GET", "/no-such-page/", 404),
    ]
    assert all(isinstance(e["duration_ms"], float) and e["duration_ms"] > 0 for e in lines)
    assert len(fresh_id) == 32  # made here: the client sent none


def test_with_the_deployed_config_every_line_gunicorn_writes_is_json(tmp_path):
    """gunicorn's own events (boot, shutdown) too: a collector parses the whole stream line by line."""
    log = tmp_path / "gunicorn.log"
    with gunicorn(probe_env(tmp_path), workers=2, log=log, deployed=True) as base:
        assert get(f"{base}/probe/boom/")[0] == 500
    lines = log.read_text().splitlines()
    logged = [json.loads(line) for line in lines]  # fails on any line that is not JSON
    assert any(e["logger"] == "gunicorn.error" and "Booting worker" in e["message"] for e in logged)
    assert [e["status"] for e in logged if e["logger"] == "pubdb.request"] == [500]
    assert sum("traceback" in e for e in logged) == 1


def test_an_unsafe_incoming_request_id_is_replaced(client, db):
    forged = 'x" injected\\u000a{"level": "CRITICAL"}'
    response = client.get("/healthz", headers={"X-Request-ID": forged})
    assert response["X-Request-ID"] != forged and len(response["X-Request-ID"]) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "a" * 129})["X-Request-ID"] != "a" * 129


def test_the_level_comes_from_the_environment(tmp_path):
    log = tmp_path / "gunicorn.log"
    with gunicorn(probe_env(tmp_path, PUBDB_LOG_LEVEL="warning"), log=log) as base:
        assert get(f"{base}/no-such-page/")[0] == 404
        assert get(f"{base}/probe/boom/")[0] == 500
    assert [e["status"] for e in events(log) if e["logger"] == "pubdb.request"] == [500]


def test_an_unknown_level_stops_start_up_with_a_clear_message(tmp_path):
    run = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=probe_env(tmp_path, PUBDB_LOG_LEVEL="loud"),
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "PUBDB_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'LOUD'" in run.stderr


def test_without_a_dsn_the_sentry_sdk_is_not_even_imported(tmp_path):
    code = "import django, sys; django.setup(); import pubdb.wsgi; print('sentry_sdk' in sys.modules)"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=probe_env(tmp_path), capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "False"


@pytest.fixture
def fake_sentry():
    """A local HTTP endpoint standing in for Sentry's ingest: it keeps the bodies POSTed to it."""
    received = []

    class Ingest(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            elif encoding:
                raise AssertionError(f"unexpected Content-Encoding {encoding}")
            received.append((self.path, body.decode()))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Ingest)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://publickey@127.0.0.1:{server.server_port}/42", received
    finally:
        server.shutdown()
        server.server_close()


def test_with_a_dsn_a_server_error_is_reported(tmp_path, fake_sentry):
    dsn, received = fake_sentry
    with gunicorn(probe_env(tmp_path, SENTRY_DSN=dsn), log=tmp_path / "gunicorn.log") as base:
        assert get(f"{base}/probe/boom/")[0] == 500
        deadline = time.monotonic() + 10
        while not any("a bug, not an outage" in body for _, body in received):
            assert time.monotonic() < deadline, f"no error report reached the DSN within 10 s: {received}"
            time.sleep(0.1)
    path, body = next((path, body) for path, body in received if "a bug, not an outage" in body)
    assert path == "/api/42/envelope/"
    assert '"type":"RuntimeError"' in body.replace(" ", "")
