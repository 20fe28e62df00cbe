"""A paper's page, uncached, first render and later ones, and where the Python time goes (`benchmarks/paper_bench.py`).

    DATABASE_URL=postgres://.../pubdb_corpus python benchmarks/paper_bench.py [--papers 5] [--requests 15]
        [--profile 200] [--json]

Renders a few papers' pages in-process (DEBUG off, the page cache cleared before each request, as
benchmarks/bench.py does). The first render of a paper formats its references (citeproc) and keeps them in
`CACHES["citations"]`; the later ones read them back, which is what the peers' table measures. Prints the median
wall and SQL ms of the first and the later renders and the query count; `--profile N` runs N more renders under
cProfile and prints the functions with the most cumulative time. `--json` prints one line for scripts comparing
two checkouts on the same database (run each checkout's copy in turn and read their ratio).
"""

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench import setup_django  # noqa: E402
from benchmarks.profile_bench import QueryTimer  # noqa: E402


def paper_urls(count):
    """`count` papers spread over the corpus, each with authors (as the peers' middle paper)."""
    from django.urls import reverse

    from papers.models import Paper

    last = Paper.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    step = max(last // (count + 1), 1)
    papers = Paper.objects.order_by("pk").values_list("pk", flat=True)
    pks = [papers.filter(pk__gte=step * (i + 1))[0] for i in range(count)]
    return [reverse("papers:detail", args=[pk]) for pk in pks]


def render(client, url):
    from django.core.cache import cache
    from django.db import connection

    cache.clear()  # the page cache only: the citations cache is kept, as in bench.py and the peers' run
    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = client.get(url)
        wall = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return wall, sum(timer.times), len(timer.times)


def run(urls, requests, profile):
    from django.core.cache import caches
    from django.test import Client

    client = Client()
    client.get("/")  # connections, templates
    caches["citations"].clear()
    first = [render(client, url) for url in urls]
    later = [render(client, url) for _ in range(requests) for url in urls]
    result = {
        "first_wall_ms": statistics.median(w for w, _, _ in first) * 1000,
        "first_sql_ms": statistics.median(s for _, s, _ in first) * 1000,
        "wall_ms": statistics.median(w for w, _, _ in later) * 1000,
        "sql_ms": statistics.median(s for _, s, _ in later) * 1000,
        "queries": sorted({q for _, _, q in later}),
    }
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(profile):
            render(client, urls[i % len(urls)])
        profiler.disable()
        result["profile"] = profiler
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=5)
    parser.add_argument("--requests", type=int, default=15, help="Later renders of each paper (median).")
    parser.add_argument("--profile", type=int, default=0, help="Renders under cProfile after the timed ones.")
    parser.add_argument("--top", type=int, default=45, help="Functions of the profile printed.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup_django()
    urls = paper_urls(args.papers)
    result = run(urls, args.requests, args.profile)
    profiler = result.pop("profile", None)
    if args.json:
        print(json.dumps({"urls": urls, **result}))
    else:
        print(f"{len(urls)} papers ({', '.join(urls)}), queries {result['queries']}")
        print(f"  first render: {result['first_wall_ms']:.2f} ms, SQL {result['first_sql_ms']:.2f} ms")
        print(f"  later renders: {result['wall_ms']:.2f} ms, SQL {result['sql_ms']:.2f} ms")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
