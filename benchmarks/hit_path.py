#!/usr/bin/env python3
"""What a page-cache hit costs against the trivial view, in one process: the WSGI handler called in a loop.

    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/10 .venv/bin/python benchmarks/hit_path.py \
        [--requests 2000] [--profile] /researchers/<slug>/ /papers/<id>/ ...

Each path is requested once (rendered and stored), then --requests times from the cache; the trivial view
(routing and the whole middleware stack, no database, no template) as many times. Prints each path's time per
request as a multiple of the trivial view's (wall clock and this process's CPU: the wall clock also counts
Redis's answer and waits for a core on a shared machine), the SQL queries and session reads a hit made (both
should be 0), and with --profile the functions a hit spends its time in (cProfile; SORT=tottime to sort so).
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "hit-path-benchmark-only-" + "x" * 40)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("PUBDB_LOG_LEVEL", "WARNING")  # the request lines would measure the terminal


def environ(path):
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "HTTP_ACCEPT": "text/html", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1",
    }  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.sessions.backends.base import SessionBase
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    handler = WSGIHandler()

    def call(path):
        statuses = []
        body = handler(environ(path), lambda status, headers, exc_info=None: statuses.append(status))
        b"".join(body)
        body.close()
        return statuses[0]

    def per_request(path):
        """(wall, CPU) seconds per request: the wall clock counts Redis's answer and the wait for a core."""
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.requests):
            call(path)
        return (time.perf_counter() - started) / args.requests, (time.process_time() - cpu) / args.requests

    sessions = [0]
    loaded = SessionBase._get_session

    def counting(self, *a, **k):
        sessions[0] += 1
        return loaded(self, *a, **k)

    SessionBase._get_session = counting
    trivial = [min(times) for times in zip(*(per_request("/bench/trivial/") for _ in range(3)), strict=True)]
    print(f"trivial view: 1.00× ({args.requests} requests)")
    for path in args.paths:
        assert call(path).startswith("200"), path  # rendered and stored
        sessions[0] = 0
        with CaptureQueriesContext(connection) as queries:
            call(path)
        wall, cpu = (min(times) for times in zip(*(per_request(path) for _ in range(3)), strict=True))
        print(f"{path}: a hit {wall / trivial[0]:.2f}× the trivial view's wall time, {cpu / trivial[1]:.2f}× its CPU; "
              f"{len(queries)} queries, {sessions[0]} session reads")  # fmt: skip
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(per_request, path)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(35)
            print(out.getvalue())


if __name__ == "__main__":
    main()
