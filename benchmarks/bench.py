"""Benchmark pubdb on the configured database (DATABASE_URL) and write the figures into docs/PERFORMANCE.md.

    DATABASE_URL=postgres://.../pubdb_corpus python benchmarks/bench.py [--requests 30] [--load-seconds 10]

For each target (the profile of the most prolific person, a paper page, the
page of a median-sized venue, the filtered papers API, a cursor page 10,000 pages deep,
site search and API search) it renders the page in-process with the cache
cleared each time and reports median and p95 server time, the SQL time within
it, their ratio and the query count. Then it serves the project with gunicorn
on loopback and measures throughput with wrk (installed from Debian's package
if missing) against a trivial Django view on the same server, the framework's
own ceiling. Absolute times on shared machines are noisy; compare the ratios.
"""

import argparse
import base64
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPORT = ROOT / "docs" / "PERFORMANCE.md"
PORT = int(os.environ.get("BENCH_PORT", "8510"))
SEARCH = "contrastive pretraining"
COMMON_WORD = "transformer"  # the common term: thousands of matches at 100,000 papers
DEEP_PAGE = 10_000


def setup_django():
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + os.urandom(8).hex())
    os.environ["PUBDB_API_ANON_RATE"] = ""  # the load generator is one client: no throttling
    django.setup()


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


def targets():
    """(label, url or None when this build has no such page) for every measured page and endpoint."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from papers.models import Authorship, Paper, Venue
    from researchers.models import Researcher

    def url(name, *args, query=None):
        try:
            path = reverse(name, args=args)
        except NoReverseMatch:
            return None
        return f"{path}?{urlencode(query)}" if query else path

    top = Authorship.objects.values("researcher").annotate(n=Count("id")).order_by("-n").first()
    person = Researcher.objects.get(pk=top["researcher"])
    paper = Paper.objects.order_by("pk")[Paper.objects.count() // 2]
    # The largest venue: its page shows 100 papers at a time, so its size should not show in the cost.
    venue = Venue.objects.annotate(n=Count("papers")).order_by("-n").first()
    busiest_year = venue.papers.values("year").annotate(n=Count("id")).order_by("-n").first()["year"]
    deep_page, cursor = deep_cursor(Paper)
    return [
        (f"profile ({top['n']} papers)", url("researchers:detail", person.slug)),
        ("paper page", url("papers:detail", paper.pk)),
        (f"venue page ({venue.n} papers)", url("papers:venue_detail", venue.slug)),
        ("papers API, venue + year", url("api:paper-list", query={"venue": venue.slug, "year": busiest_year})),
        ("papers API, cursor page 1", url("api:paper-list", query={"cursor": ""})),
        (f"papers API, cursor page {deep_page:,}", url("api:paper-list", query={"cursor": cursor})),
        ("home", url("home")),
        ("site search", url("search", query={"q": SEARCH})),
        ("site search, a common word", url("search", query={"q": COMMON_WORD})),
        ("API search", url("api:paper-list", query={"search": SEARCH})),
        ("name autocomplete", url("researcher_autocomplete", query={"q": person.name[:6]})),
    ]


def deep_cursor(model, pages=DEEP_PAGE, page_size=20):
    """(N, the API cursor of page N) in the id order, N = `pages` or the last full page of a smaller table (a
    cursor past the end would measure an empty page); as DRF encodes it: base64 of "p=<last id of page N-1>"."""
    page = max(2, min(pages, model.objects.count() // page_size))
    last_id = model.objects.order_by("pk").values_list("pk", flat=True)[(page - 1) * page_size - 1]
    return page, base64.b64encode(urlencode({"p": last_id}).encode()).decode()


def measure(url, requests):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    client = Client()
    for _ in range(2):  # warm up: connections, templates, PostgreSQL's buffers
        client.get(url)
    totals, sqls, counts = [], [], set()
    for _ in range(requests):
        cache.clear()
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(url)
            totals.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        sqls.append(timer.seconds)
        counts.add(timer.count)
    median, sql = statistics.median(totals), statistics.median(sqls)
    p95 = statistics.quantiles(totals, n=20)[-1] if len(totals) > 1 else totals[0]
    return {"median": median, "p95": p95, "sql": sql, "ratio": median / sql if sql else None, "queries": counts}


def ensure_wrk():
    if shutil.which("wrk"):
        return "wrk"
    print("wrk is missing: installing Debian's package", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return "wrk"


def serve(workers, page_cache):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "pubdb.wsgi:application", f"--bind=127.0.0.1:{PORT}", f"--workers={workers}"]
    env = {**os.environ, "PUBDB_PAGE_CACHE": "1" if page_cache else "0"}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def throughput(wrk, path, seconds, connections):
    # One request first: every worker has booted and imported the project before the clock starts (http, loopback).
    urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=120).read()  # nosec B310
    run = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout=60s", f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
    )
    rate = re.search(r"Requests/sec:\s+([\d.]+)", run.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", run.stdout)
    if errors:
        raise SystemExit(f"{path}: {errors.group(1)} error responses under load")
    return float(rate.group(1))


def machine():
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024**2
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()" if connection.vendor == "postgresql" else "SELECT 'SQLite ' || sqlite_version()"
        )
        database = cursor.fetchone()[0].split(" on ")[0]
    return f"{os.cpu_count()} × {cpu}, {memory} GB RAM, {database}, Python {platform.python_version()}"


def corpus():
    from papers.models import Authorship, Paper, Venue
    from researchers.models import Researcher

    return {
        "papers": Paper.objects.count(),
        "people": Researcher.objects.count(),
        "authorships": Authorship.objects.count(),
        "venues": Venue.objects.count(),
    }


def ms(seconds):
    return f"{seconds * 1000:.1f}"


def report(size, rows, rates, ceiling, workers, args):
    lines = [
        f"## Benchmark at {size['papers']:,} papers",
        "",
        f"Corpus: {size['papers']:,} papers, {size['people']:,} people, {size['authorships']:,} authorships, "
        f"{size['venues']:,} venues (`generate_corpus`). Machine: {machine()}. Run {time.strftime('%Y-%m-%d %H:%M')}"
        f" UTC, {args.requests} requests per target, cache cleared before each.",
        "",
        "| target | median ms | p95 ms | SQL ms | server / SQL | queries | req/s uncached | of ceiling "
        "| req/s page cache |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, result in rows:
        if result is None:
            lines.append(f"| {label} | not in this build | | | | | | | |")
            continue
        rate, cached = rates.get((label, False)), rates.get((label, True))
        ratio = f"{result['ratio']:.1f}×" if result["ratio"] else "–"
        lines.append(
            f"| {label} | {ms(result['median'])} | {ms(result['p95'])} | {ms(result['sql'])} | {ratio} | "
            f"{'/'.join(map(str, sorted(result['queries'])))} | {'–' if rate is None else f'{rate:.1f}'} | "
            f"{f'{rate / ceiling:.1%}' if rate is not None and ceiling else '–'} | "
            f"{'–' if cached is None else f'{cached:.1f}'} |"
        )
    if ceiling:
        lines += [
            "",
            f"Ceiling: a trivial Django view on the same gunicorn ({workers} sync workers, wrk -t2 "
            f"-c{args.connections} for {args.load_seconds} s each, all on this machine): {ceiling:.0f} req/s. "
            "*Uncached* runs gunicorn with the page cache off (every request renders: the cost above, under "
            "load); *page cache* with it on, warm after the first request (what anonymous readers get until "
            "the next write). A cache hit can beat the trivial view, which has no cache in front.",
        ]
    return "\n".join(lines) + "\n"


def write_section(section, papers, tag="bench"):
    """Replace this corpus size's `tag` section of docs/PERFORMANCE.md (other sections, e.g. "## Load", stay)."""
    start, end = f"<!-- {tag}:{papers} -->", f"<!-- /{tag}:{papers} -->"
    text = REPORT.read_text() if REPORT.exists() else "# Performance\n"
    block = f"{start}\n{section}{end}\n"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end) + "\n", lambda m: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    REPORT.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="Measured requests per target.")
    parser.add_argument("--load-seconds", type=int, default=10, help="wrk duration per target; 0 skips the load test.")
    parser.add_argument("--connections", type=int, default=8, help="wrk's concurrent connections.")
    parser.add_argument("--no-write", action="store_true", help="Print the table without writing docs/PERFORMANCE.md.")
    args = parser.parse_args()
    setup_django()

    size = corpus()
    if not size["papers"]:
        raise SystemExit("The database has no papers: run manage.py generate_corpus --papers N first.")
    rows = []
    for label, url in targets():
        rows.append((label, measure(url, args.requests) if url else None))
        print(label, url, rows[-1][1], file=sys.stderr)

    rates, ceiling, workers = {}, None, 2 * (os.cpu_count() or 1)
    if args.load_seconds:
        wrk = ensure_wrk()
        for page_cache in (False, True):
            server = serve(workers, page_cache)
            try:
                if not page_cache:
                    ceiling = throughput(wrk, "/bench/trivial/", args.load_seconds, args.connections)
                for label, url in targets():
                    if url:
                        rates[label, page_cache] = throughput(wrk, url, args.load_seconds, args.connections)
            finally:
                server.terminate()
                server.wait()
    section = report(size, rows, rates, ceiling, workers, args)
    print(section)
    if not args.no_write:
        write_section(section, size["papers"])


if __name__ == "__main__":
    main()
