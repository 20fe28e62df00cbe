"""Real server processes for the production tests: gunicorn on loopback ports 8400-8499 (PUBDB_TEST_PORTS=first-last
for another range), started and stopped here. Their output goes to a file: a pipe nobody reads fills and blocks them.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connections

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# PUBDB_TEST_PORTS="8110-8119" keeps one engineer's servers on their own ports (inclusive range).
FIRST_PORT, LAST_PORT = map(int, os.environ.get("PUBDB_TEST_PORTS", "8400-8499").split("-"))
PORTS = range(FIRST_PORT, LAST_PORT + 1)
SECRET = "test-secret-key-for-production-tests-only-0123456789-abcdefghijklmnop"


def free_port():
    for port in PORTS:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {FIRST_PORT}-{LAST_PORT}")


def production_env(**extra):
    """The environment of a production app server: DEBUG off, plain HTTP on loopback (no proxy in front)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "PYTEST", "REDIS_"))}
    env.update(
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DATABASE_CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="pubdb.settings",
    )
    env.update(extra)
    return env


def served_database_url():
    """DATABASE_URL of the database this test run uses (pytest-django's test_* database), for server processes."""
    s = connections["default"].settings_dict
    if s["ENGINE"] != "django.db.backends.postgresql":
        return None
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@contextlib.contextmanager
def gunicorn(env, workers=1, log=None, deployed=False):
    """A gunicorn serving the project at the yielded base URL; its stdout and stderr go to the file `log`.
    deployed: with deploy/gunicorn.conf.py (the port and workers given here still win)."""
    port = free_port()
    cmd = [str(BIN / "gunicorn"), "pubdb.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--timeout", "30"]
    if deployed:
        cmd += ["--config", str(ROOT / "deploy" / "gunicorn.conf.py")]
    with contextlib.ExitStack() as stack:
        if log is None:
            log = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "gunicorn.log"
        output = stack.enter_context(open(log, "w"))
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, text=True)
        try:
            wait_for_port(port, proc, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_for_port(port, proc, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {Path(log).read_text()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server did not listen on {port} within {seconds}s")


def get(url, headers=None, data=None):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode()


class RedisServer:
    """A throwaway redis-server on a loopback port the system picks (tests/test_redis_down.py stops and hangs it)."""

    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port, self.process = sock.getsockname()[1], None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            assert self.process.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def answers(self):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16) == b"+PONG\r\n"
        return False

    def stop(self):
        self.process.terminate()
        self.process.wait(10)

    def freeze(self):
        """Hung rather than gone: connections are accepted, nothing is answered."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)
