"""One app's side of the benchmark, run in that app's virtualenv by run.py (cwd: the repository root).

    python -m benchmarks.peers.app SITE load --papers N --seed S
    python -m benchmarks.peers.app SITE serve

SITE is a package beside this file (pubdb_site, publications_site,
literature_site) holding settings.py and bench.py. `load` migrates the
database (DATABASE_URL) and writes the corpus with the site's loader. `serve`
reads the targets (JSON) on its first line of stdin, answers with the site's
URL for each page, then renders each URL it is sent with Django's test client,
uncached, answering one JSON line per request: status, wall and SQL seconds,
queries, bytes, and whether the page holds the text it was told to expect.
"""

import argparse
import json
import os
import sys
import time
from importlib import import_module


class SqlTimer:
    """An execute wrapper summing the time and number of SQL queries."""

    def __init__(self):
        self.seconds, self.count = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def load(site, papers, seed):
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)

    def log(message):
        print(f"{time.monotonic() - started:7.1f} s  {message}", file=sys.stderr, flush=True)

    log("migrated")
    site.load(papers, seed, log)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would soon after a real load: fresh statistics
    log("loaded")


def serve(site):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    targets = json.loads(sys.stdin.readline())
    print(json.dumps(site.urls(targets)), flush=True)
    client = Client()
    for line in sys.stdin:
        request = json.loads(line)
        url = request["url"]
        cache.clear()
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(url)
            wall = time.perf_counter() - started
        answer = {"status": response.status_code, "wall": wall, "sql": timer.seconds, "queries": timer.count}
        answer["bytes"] = len(response.content)
        if request.get("expect"):  # the page shows the record it stands for (checked once, not on the clock)
            answer["found"] = request["expect"] in response.content.decode()
        print(json.dumps(answer), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site")
    parser.add_argument("command", choices=["load", "serve"])
    parser.add_argument("--papers", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = f"benchmarks.peers.{args.site}.settings"
    import django

    django.setup()
    site = import_module(f"benchmarks.peers.{args.site}.bench")
    if args.command == "load":
        load(site, args.papers, args.seed)
    else:
        serve(site)


if __name__ == "__main__":
    main()
