#!/usr/bin/env python3
"""Load test: N concurrent clients against gunicorn + PostgreSQL on loopback, for a fixed time.

    .venv/bin/python scripts/load.py [--clients 16] [--seconds 60] [--workers 4] [--port 8480]

It (re)creates the database named by --database (default pubdb_load) on the local PostgreSQL, migrates it,
loads the demo data and a curator, starts gunicorn (DEBUG off) on 127.0.0.1, and runs the clients. Each picks,
by weight: a profile page, a search, an API list, or (as the logged-in curator) a write through the admin.
Stops after --seconds or --max-requests, whichever first. Then it reads every acknowledged write back and
prints requests per second, p50/p95/p99 latency per kind and overall, errors and lost writes. Exit status 1
on any error or lost write.
"""

import argparse
import http.client
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEARCHES = ["language model", "sentiment", "retrieval", "reasoning", "graph", "dialogue", "efficient", "llm"]
# A throwaway user of the throwaway load database.
PASSWORD = "load-test-curator-password"  # nosec B105


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8480)
    parser.add_argument("--database", default="pubdb_load")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server (no database)")
    parser.add_argument("--write-share", type=float, default=0.1)
    args = parser.parse_args()
    if not 1 <= args.clients <= 256 or not 0 < args.seconds <= 600:
        parser.error("keep it bounded: 1-256 clients, at most 600 seconds")
    return args


def server_env(args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SECRET_KEY="load-test-only-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DATABASE_URL=f"{args.pg}/{args.database}",
        PUBDB_LOGIN_ATTEMPTS="1000",
        PUBDB_API_ANON_RATE="",  # every client here shares 127.0.0.1: measure capacity, not the throttle
        DJANGO_STATIC_ROOT=str(Path(tempfile.gettempdir()) / "pubdb-load-static"),
    )
    return env


def prepare_database(args, env):
    psql = ["psql", f"{args.pg}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c"]
    subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'], check=True)
    subprocess.run([*psql, f'CREATE DATABASE "{args.database}"'], check=True)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    create_user = (
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_superuser('loadcurator', 'load@example.org', '{PASSWORD}')"
    )
    subprocess.run([*manage, "shell", "-c", create_user], cwd=ROOT, env=env, check=True)


def database_rows(env, sql):
    out = subprocess.run(["psql", env["DATABASE_URL"], "-Atc", sql], check=True, capture_output=True, text=True)
    return out.stdout.split("\n") if out.stdout.strip() else []


class Client:
    """One simulated user: its own connection per request (gunicorn's sync workers close after each)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, data
        finally:
            connection.close()

    def post_form(self, path, fields):
        token = self.cookies.get("csrftoken", "")
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{self.port}{path}",
        }
        return self.request("POST", path, body, headers)

    def log_in(self):
        self.request("GET", "/admin/login/")
        status, _ = self.post_form(
            "/admin/login/", {"username": "loadcurator", "password": PASSWORD, "next": "/admin/"}
        )
        if status != 302:
            raise RuntimeError(f"curator login failed: {status}")
        self.request("GET", "/admin/researchers/organization/add/")  # a fresh CSRF token for this session


def run_clients(args, slugs):
    deadline = [0.0]
    ready = threading.Barrier(args.clients, action=lambda: deadline.__setitem__(0, time.monotonic() + args.seconds))
    lock = threading.Lock()
    latencies, errors, written = defaultdict(list), defaultdict(int), []
    budget = [args.max_requests]

    def take():
        with lock:
            budget[0] -= 1
            return budget[0] >= 0 and time.monotonic() < deadline[0]

    def client_main(number):
        client = Client(args.port)
        writer = Client(args.port)
        writer.log_in()  # before the clock starts: password hashing is deliberately slow
        ready.wait()
        sequence = 0
        rng = random.Random(number)
        while take():
            roll = rng.random()
            if roll < args.write_share:
                sequence += 1
                name = f"Load Lab {number}-{sequence}"
                kind, call = (
                    "write",
                    lambda n=name: writer.post_form(
                        "/admin/researchers/organization/add/",
                        {"name": n, "kind": "lab", "short_name": "", "country": ""},
                    ),
                )
                expected = 302
            elif roll < args.write_share + 0.35:
                kind, call, expected = (
                    "profile",
                    (lambda: client.request("GET", f"/researchers/{rng.choice(slugs)}/")),
                    200,
                )
            elif roll < args.write_share + 0.6:
                query = urllib.parse.quote(rng.choice(SEARCHES))
                kind, call, expected = "search", (lambda q=query: client.request("GET", f"/search/?q={q}")), 200
            else:
                resource = rng.choice(["papers", "researchers", "venues"])
                kind, call, expected = "api list", (lambda r=resource: client.request("GET", f"/api/v1/{r}/")), 200
            started = time.perf_counter()
            try:
                status, _ = call()
            except OSError as exc:
                status = type(exc).__name__
            elapsed = time.perf_counter() - started
            with lock:
                latencies[kind].append(elapsed)
                if status != expected:
                    errors[f"{kind}: {status}"] += 1
                elif kind == "write":
                    written.append(name)

    threads = [threading.Thread(target=client_main, args=(n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - (deadline[0] - args.seconds), latencies, errors, written


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def report(args, elapsed, latencies, errors, written, lost):
    total = sum(map(len, latencies.values()))
    lines = [
        f"{args.clients} clients, {args.workers} gunicorn workers, {elapsed:.1f} s: {total} requests, "
        f"{total / elapsed:.1f} req/s, {sum(errors.values())} errors, {len(written)} writes acknowledged, "
        f"{len(lost)} lost",
        "",
        "| kind | requests | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, values in sorted(latencies.items()) + [("all", [v for vs in latencies.values() for v in vs])]:
        lines.append(
            f"| {kind} | {len(values)} | {percentile(values, 0.5):.1f} | {percentile(values, 0.95):.1f} | "
            f"{percentile(values, 0.99):.1f} |"
        )
    for error, count in sorted(errors.items()):
        lines.append(f"error {error}: {count}")
    print("\n".join(lines))


def main():
    args = parse_args()
    env = server_env(args)
    print(f"preparing database {args.database} ...", flush=True)
    prepare_database(args, env)
    slugs = [s for s in database_rows(env, "SELECT slug FROM researchers_researcher ORDER BY id") if s]
    gunicorn = [str(BIN / "gunicorn"), "pubdb.wsgi", "-b", f"127.0.0.1:{args.port}", "-w", str(args.workers)]
    server = subprocess.Popen([*gunicorn, "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                if Client(args.port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        print(f"running {args.clients} clients for {args.seconds:.0f} s ...", flush=True)
        elapsed, latencies, errors, written = run_clients(args, slugs)
    finally:
        server.terminate()
        server.wait(30)
    stored = set(database_rows(env, "SELECT name FROM researchers_organization WHERE name LIKE 'Load Lab %'"))
    lost = [name for name in written if name not in stored]
    report(args, elapsed, latencies, errors, written, lost)
    return 1 if errors or lost else 0


if __name__ == "__main__":
    sys.exit(main())
