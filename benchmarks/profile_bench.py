"""The top author's profile page, uncached, with its slowest queries (`python benchmarks/profile_bench.py`).

    DATABASE_URL=postgres://.../pubdb_corpus python benchmarks/profile_bench.py [--requests 15] [--json]

Renders the page of the person with the most papers in-process (DEBUG off, cache cleared before each
request, as benchmarks/bench.py does) and prints median wall and SQL ms, the query count and the median
time of each query. `--json` prints one line for scripts comparing two checkouts on the same database
(run each checkout's copy in turn: interleaved runs share the machine's load, so read their ratio).
"""

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench import setup_django  # noqa: E402


class QueryTimer:
    """Each query's time, by its position in the request."""

    def __init__(self):
        self.times, self.sql = [], []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append(time.perf_counter() - started)
            self.sql.append(sql)


def top_author_url():
    from django.db.models import Count
    from django.urls import reverse

    from papers.models import Authorship
    from researchers.models import Researcher

    top = Authorship.objects.values("researcher").annotate(n=Count("id")).order_by("-n").first()
    return reverse("researchers:detail", args=[Researcher.objects.get(pk=top["researcher"]).slug]), top["n"]


def run(url, requests):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    client = Client()
    for _ in range(2):  # connections, templates, PostgreSQL's buffers
        client.get(url)
    walls, sqls, per_query = [], [], defaultdict(list)
    for _ in range(requests):
        cache.clear()
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(url)
            walls.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        sqls.append(sum(timer.times))
        for i, (seconds, sql) in enumerate(zip(timer.times, timer.sql, strict=True)):
            per_query[i].append((seconds, sql))
    slowest = sorted(((statistics.median(s for s, _ in runs), runs[0][1]) for runs in per_query.values()), reverse=True)
    return {
        "wall_ms": statistics.median(walls) * 1000,
        "sql_ms": statistics.median(sqls) * 1000,
        "queries": len(per_query),
        "slowest": [(round(s * 1000, 2), sql[:160]) for s, sql in slowest[:5]],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    url, papers = top_author_url()
    result = {"url": url, "papers": papers, **run(url, args.requests)}
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"{url} ({papers} papers): {result['wall_ms']:.1f} ms, SQL {result['sql_ms']:.1f} ms,",
        f"{result['queries']} queries",
    )
    for ms, sql in result["slowest"]:
        print(f"  {ms:8.2f} ms  {sql}")


if __name__ == "__main__":
    main()
