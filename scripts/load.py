#!/usr/bin/env python3
"""Load test: N concurrent clients against gunicorn + PostgreSQL (+ Redis) on loopback, for a fixed time.

    .venv/bin/python scripts/load.py [--clients 50] [--seconds 60] [--workers 4] [--port 8480]
        [--threads 1] [--database pubdb_load | --existing pubdb_corpus] [--redis redis://127.0.0.1:6379/0]
        [--page-cache on|off] [--write-share 0.05] [--warm-pages 200] [--warm-seconds 30]
        [--open-loop 0.5,0.8] [--open-seconds 60] [--open-senders 200] [--gunicorn-config deploy/gunicorn.conf.py]

Without --existing it (re)creates the database --database on the local PostgreSQL and loads the demo data;
--existing uses a database as it is (a corpus from `generate_corpus`), only migrating it. Either way it makes
a curator with an API token, starts gunicorn with deploy/gunicorn.conf.py and production settings (DEBUG off,
the trivial view of benchmarks/urls.py added) and runs three phases on the same server:

1. ceiling: every client requests the trivial view (routing, middleware, no database): the server's own ceiling;
2. idle: one client, the traffic below (writes too): each kind's median cost on an otherwise idle server;
3. load: every client, the traffic below, for --seconds;
4. warm (page cache on; --warm-seconds 0 skips it): the ceiling again, then the --warm-pages read pages the traffic
   asks for most, each requested once (untimed, so that each is cached), then every client on those pages only,
   with the same popularity, for --warm-seconds: what cached pages cost, as a share of the ceiling beside it;
5. open loop (--open-loop, fractions of the rate the load phase sustained; "" skips it): the same traffic, writes
   included, arriving at a fixed rate (Poisson arrivals, scheduled in advance) instead of each client asking again
   the instant it is answered. The closed loop measures capacity, but its wait is clients ÷ throughput whatever a
   page costs; the open loop measures the tail at a stated load. Each request's latency runs from its scheduled
   send time, not from when a sender was free to send it (no coordinated omission).

The traffic, by weight, each item drawn with a Zipf-like popularity (a few pages are asked for far more often):
a profile page (30 %), a paper page (20 %), a list (20 %: the papers list, a venue page, the papers or
researchers API), a search (25 %: the site's or the API's), and an API write (5 %: a new paper, with the
curator's token). Afterwards the papers the API acknowledged (201) are counted in the database: a lost write is
one acknowledged but not stored, and one stored but answered with an error is counted too. It prints requests
per second (and as a share of the ceiling), p50/p95/p99 per kind, errors and writes. Each request carries its
phase, kind and number as X-Request-ID, so the server's JSON request log gives, per kind, what the server spent on
it (the page's cost; the rest of the client's wait is the queue for a free worker) and whether the page cache
answered (hits of the pages it keeps). The load average is sampled every 10 s during each phase (the machine
may be shared) and printed beside it. Exit status 1 on any error or lost write.
"""

import argparse
import http.client
import json
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
SEARCHES = [
    "language model",
    "sentiment",
    "retrieval",
    "reasoning",
    "graph neural",
    "dialogue",
    "efficient",
    "contrastive pretraining",
    "reinforcement learning",
    "translation",
]
TRIVIAL = "/bench/trivial/"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--ceiling-seconds", type=float, default=15, help="0 skips the trivial-view phase")
    parser.add_argument("--idle-seconds", type=float, default=20, help="0 skips the one-client phase")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (more than 1: gthread workers)")
    parser.add_argument("--port", type=int, default=8480)
    parser.add_argument("--database", default="pubdb_load", help="(re)created with the demo data")
    parser.add_argument("--existing", metavar="DATABASE", help="use this database as it is (only migrated)")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server (no database)")
    parser.add_argument("--redis", default="", help="REDIS_URL of the shared cache; none: per-process memory")
    parser.add_argument("--page-cache", choices=["on", "off"], default="on")
    parser.add_argument("--write-share", type=float, default=0.05)
    parser.add_argument("--warm-pages", type=int, default=200, help="the warm phase's pages: the most asked for")
    parser.add_argument("--warm-seconds", type=float, default=30, help="0 skips the warm phase (page cache on)")
    parser.add_argument("--gunicorn-config", default="deploy/gunicorn.conf.py", help="to compare settings")
    parser.add_argument("--open-loop", default="0.5,0.8", help="open-loop rates, fractions of the load phase's")
    parser.add_argument("--open-seconds", type=float, default=60)
    parser.add_argument("--open-senders", type=int, default=200, help="open loop: at most this many requests at once")
    args = parser.parse_args()
    try:
        args.open_loop = [float(f) for f in args.open_loop.split(",") if f.strip()]
    except ValueError:
        parser.error("--open-loop: comma-separated fractions, such as 0.5,0.8")
    if not all(0 < f <= 2 for f in args.open_loop) or not 0 < args.open_seconds <= 600:
        parser.error("keep it bounded: open-loop fractions in (0, 2], at most 600 seconds")
    if not 1 <= args.clients <= 256 or not 0 < args.seconds <= 600:
        parser.error("keep it bounded: 1-256 clients, at most 600 seconds")
    return args


def server_env(args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PUBDB_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",  # the project's, plus the trivial view
        DJANGO_SECRET_KEY="load-test-only-" + "x" * 50,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DATABASE_URL=f"{args.pg}/{args.existing or args.database}",
        PUBDB_API_ANON_RATE="",  # every client here shares 127.0.0.1: measure capacity, not the throttle
        PUBDB_PAGE_CACHE="1" if args.page_cache == "on" else "0",
        PUBDB_BIND=f"127.0.0.1:{args.port}",
        WEB_CONCURRENCY=str(args.workers),
        PUBDB_THREADS=str(args.threads),
        DJANGO_STATIC_ROOT=str(Path(tempfile.gettempdir()) / "pubdb-load-static"),
    )
    if args.redis:
        env["REDIS_URL"] = args.redis
    return env


def prepare_database(args, env):
    """The curator's API token, after making the database ready."""
    manage = [sys.executable, "manage.py"]
    commands = [["migrate", "--noinput"], ["collectstatic", "--noinput"]]
    if not args.existing:
        psql = ["psql", f"{args.pg}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c"]
        subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'], check=True)
        subprocess.run([*psql, f'CREATE DATABASE "{args.database}"'], check=True)
        commands.insert(1, ["load_demo"])
    for command in commands:
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    made = subprocess.run(
        [*manage, "create_curator", "loadcurator"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return made.stdout.strip()


def database_rows(env, sql):
    out = subprocess.run(["psql", env["DATABASE_URL"], "-Atc", sql], check=True, capture_output=True, text=True)
    return out.stdout.split("\n") if out.stdout.strip() else []


def request(port, method, path, body=None, headers=None):
    """(status, body) of one request on its own connection (gunicorn's sync workers close after each)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Traffic:
    """What the clients ask for: the pools of items drawn from the database, each with Zipf-like popularity."""

    def __init__(self, env, token, run_id):
        self.token, self.run_id = token, run_id
        # Fixed, spread-out samples (the same on every run): ordered by a hash of the id, not by the id.
        self.slugs = database_rows(env, "SELECT slug FROM researchers_researcher ORDER BY md5(id::text) LIMIT 2000")
        self.papers = database_rows(env, "SELECT id FROM papers_paper ORDER BY md5(id::text) LIMIT 5000")
        self.venues = database_rows(env, "SELECT slug FROM papers_venue ORDER BY md5(id::text) LIMIT 300")
        self.page_count = max(1, int(database_rows(env, "SELECT count(*) FROM papers_paper")[0]) // 20)

    @staticmethod
    def popular(rng, items):
        # Zipf-like: the item at rank r is asked for in proportion to 1/r.
        rank = min(len(items) - 1, int(len(items) ** rng.random()) - 1)
        return items[rank]

    def pick(self, rng, write_share, number, sequence):
        """(kind, method, path, body, headers, expected status, written title or None)."""
        roll = rng.random()
        if roll < write_share:
            title = f"Load Paper {self.run_id} {number}-{sequence}"
            body = json.dumps(
                {"title": title, "year": 2026, "kind": "preprint", "status": "preprint", "authors": [{"name": "Lo Ad"}]}
            )
            headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
            return "API write", "POST", "/api/v1/papers/", body, headers, 201, title
        roll = (roll - write_share) / (1 - write_share)
        if roll < 0.30:
            return "profile", "GET", f"/researchers/{self.popular(rng, self.slugs)}/", None, {}, 200, None
        if roll < 0.50:
            return "paper", "GET", f"/papers/{self.popular(rng, self.papers)}/", None, {}, 200, None
        if roll < 0.70:
            path = rng.choice(
                [
                    f"/papers/?page={self.popular(rng, range(1, min(self.page_count, 500) + 1))}",
                    f"/venues/{self.popular(rng, self.venues)}/",
                    f"/api/v1/papers/?venue={self.popular(rng, self.venues)}",
                    "/api/v1/researchers/",
                ]
            )
            return "list", "GET", path, None, {}, 200, None
        query = urllib.parse.quote(self.popular(rng, SEARCHES))
        path = rng.choice([f"/search/?q={query}", f"/api/v1/papers/?search={query}"])
        return "search", "GET", path, None, {}, 200, None

    def most_asked(self, count):
        """The `count` read requests the traffic asks for most (the warm phase's pages), most asked first."""
        rng, asked = random.Random(0), defaultdict(int)
        picks = {}
        for sequence in range(count * 20):
            pick = self.pick(rng, 0, 0, sequence)
            asked[pick[2]] += 1
            picks[pick[2]] = pick
        return [picks[path] for path in sorted(asked, key=asked.get, reverse=True)[:count]]


def new_figures(phase):
    return {"elapsed": 0.0, "latencies": defaultdict(list), "pages": defaultdict(list), "requests": [],
            "errors": defaultdict(int), "acknowledged": [], "failed_writes": [], "phase": phase}  # fmt: skip


def page_of(method, path):
    """Which page a request asks for (the kinds "list" and "search" hold pages of different costs)."""
    if method == "POST":
        return "API write"
    path, _, query = path.partition("?")
    if path.startswith("/api/v1/"):
        what = " search" if "search=" in query else " by venue" if "venue=" in query else ""
        return f"API {path.split('/')[3]}{what}"
    if path.startswith("/papers/"):
        return "papers list" if path == "/papers/" else "paper"
    return {"researchers": "profile", "venues": "venue", "search": "site search"}.get(path.split("/")[1], path)


def send(port, chosen, request_id, figures, lock, started, sender=request):  # noqa: PLR0913
    """Send one chosen request and record its latency from `started` (perf_counter) into `figures`."""
    kind, method, path, body, headers, expected, title = chosen
    try:
        status, _ = sender(port, method, path, body, {**headers, "X-Request-ID": request_id})
    except OSError as exc:
        status = type(exc).__name__
    elapsed = time.perf_counter() - started
    with lock:
        figures["latencies"][kind].append(elapsed)
        figures["pages"][page_of(method, path)].append(elapsed)
        figures["requests"].append((request_id, elapsed))
        if status != expected:
            figures["errors"][f"{kind} {method} {path.split('?')[0]}: {status}"] += 1
            if title:
                figures["failed_writes"].append(title)
        elif title:
            figures["acknowledged"].append(title)


def request_id(phase, kind, client, sequence):
    return f"{phase}.{kind.replace(' ', '_')}.{client}.{sequence}"


def run_clients(port, clients, seconds, choose, phase):
    """Run `clients` threads for `seconds`, each asking again as soon as it is answered (a closed loop);
    choose(rng, number, sequence) gives each request (None: this client is done). Each request's X-Request-ID is
    "<phase>.<kind>.<client>.<sequence>". Returns the figures."""
    deadline = [0.0]
    ready = threading.Barrier(clients, action=lambda: deadline.__setitem__(0, time.monotonic() + seconds))
    lock, figures = threading.Lock(), new_figures(phase)

    def client_main(number):
        rng = random.Random(number)
        ready.wait()
        sequence = 0
        while time.monotonic() < deadline[0]:
            sequence += 1
            chosen = choose(rng, number, sequence)
            if chosen is None:
                break
            send(port, chosen, request_id(phase, chosen[0], number, sequence), figures, lock, time.perf_counter())

    with LoadAverage(figures):
        threads = [threading.Thread(target=client_main, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    figures["elapsed"] = time.monotonic() - (deadline[0] - seconds)
    return figures


def poisson_schedule(rate, seconds, rng):
    """Send times (seconds from the start) of Poisson arrivals at `rate` a second for `seconds`."""
    times, at = [], rng.expovariate(rate)
    while at < seconds:
        times.append(at)
        at += rng.expovariate(rate)
    return times


def run_open(port, schedule, picks, phase, senders, sender=request):
    """An open loop: request i (picks[i]) is due at schedule[i] seconds from the start, whether or not the earlier
    ones were answered. Its latency runs from that time, not from when one of the `senders` threads was free to
    send it, so time spent waiting for the server (or for this client) is counted (no coordinated omission).
    figures["late"] counts the requests sent over 10 ms after their time: the client's own queue, beside the
    server's."""
    lock, figures = threading.Lock(), new_figures(phase)
    figures["late"], figures["offered"] = 0, len(schedule) / max(schedule[-1], 1e-9) if schedule else 0.0
    upcoming = iter(enumerate(schedule))
    start = time.perf_counter() + 0.1

    def sender_main(number):
        while True:
            with lock:
                index, due = next(upcoming, (None, 0.0))
            if index is None:
                return
            due += start
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            elif pause < -0.01:
                with lock:
                    figures["late"] += 1
            chosen = picks[index]
            send(port, chosen, request_id(phase, chosen[0], number, index), figures, lock, due, sender)

    with LoadAverage(figures):
        threads = [threading.Thread(target=sender_main, args=(n,)) for n in range(min(senders, len(schedule)) or 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    figures["elapsed"] = time.perf_counter() - start
    return figures


class LoadAverage:
    """The 1-minute load average, sampled every 10 s while the block runs, into figures["load average"]."""

    def __init__(self, figures):
        self.figures, self.done = figures, threading.Event()

    def sample(self):
        samples = [os.getloadavg()[0]]
        while not self.done.wait(10):
            samples.append(os.getloadavg()[0])
        samples.append(os.getloadavg()[0])
        self.figures["load average"] = (min(samples), max(samples))

    def __enter__(self):
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def __exit__(self, *_):
        self.done.set()
        self.thread.join()


def server_side(log, phase, by="latencies"):
    """From the server's JSON request log, per kind (by="latencies") or page (by="pages") of `phase`: the server's
    durations (s) and the page cache's hits and misses; and each request's duration by its id."""
    durations, cache, by_id = defaultdict(list), defaultdict(lambda: defaultdict(int)), {}
    for line in log.read_text().splitlines():
        if '"duration_ms"' not in line:
            continue
        try:
            event = json.loads(line)
        except ValueError:
            continue
        run, _, rest = event.get("request_id", "").partition(".")
        if run != phase:
            continue
        kind = rest.split(".")[0].replace("_", " ") if by == "latencies" else page_of(event["method"], event["path"])
        durations[kind].append(event["duration_ms"] / 1000)
        by_id[event["request_id"]] = event["duration_ms"] / 1000
        if "cache" in event:
            cache[kind][event["cache"]] += 1
    return durations, cache, by_id


def queue_share(result, by_id, fraction=0.01):
    """Of the slowest `fraction` of the requests, the share of their wait that was not the server's own time (the
    queue for a free worker, and the connection)."""
    count = max(1, int(len(result["requests"]) * fraction))
    slowest = sorted(result["requests"], key=lambda r: r[1], reverse=True)[:count]
    waited = sum(elapsed for _, elapsed in slowest)
    served = sum(min(by_id.get(request_id, 0.0), elapsed) for request_id, elapsed in slowest)
    return 1 - served / waited if waited else 0.0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000 if ordered else 0.0


def rate(result):
    return sum(map(len, result["latencies"].values())) / result["elapsed"]


def latency_table(result, idle, server, by="latencies"):
    """p50/p95/p99 per kind (or page, by="pages") as the clients saw them, over the idle median, the server's own
    p50/p99 (the page's cost under load: the rest is the queue) and the page cache's hits."""
    durations, cache, _ = server
    lines = [
        f"| {'kind' if by == 'latencies' else 'page'} | requests | idle p50 ms | p50 ms | p95 ms | p99 ms "
        "| p99 / idle p50 | server p50 ms | server p99 ms "
        "| server p99 / idle p50 | cache hits |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    everything = [v for values in result[by].values() for v in values]
    idle_all = [v for values in idle[by].values() for v in values] if idle else []
    server_all = [v for values in durations.values() for v in values]
    for kind, values in [*sorted(result[by].items()), ("all", everything)]:
        idle_values = (idle[by].get(kind, []) if kind != "all" else idle_all) if idle else []
        median = percentile(idle_values, 0.5)
        p99 = percentile(values, 0.99)
        on_server = durations.get(kind, []) if kind != "all" else server_all
        server_p99 = percentile(on_server, 0.99)
        counts = cache.get(kind, {}) if kind != "all" else {
            outcome: sum(c.get(outcome, 0) for c in cache.values()) for outcome in ("hit", "miss")
        }  # fmt: skip
        hits, looked_up = counts.get("hit", 0), counts.get("hit", 0) + counts.get("miss", 0)
        ratio, server_ratio = (f"{p99 / median:.1f}×", f"{server_p99 / median:.1f}×") if median else ("–", "–")
        lines.append(
            f"| {kind} | {len(values)} | {f'{median:.1f}' if median else '–'} | {percentile(values, 0.5):.1f} | "
            f"{percentile(values, 0.95):.1f} | {p99:.1f} | {ratio} | "
            f"{percentile(on_server, 0.5):.1f} | {server_p99:.1f} | {server_ratio} | "
            f"{f'{hits} of {looked_up}' if looked_up else '–'} |"
        )
    return lines


def load_average(result):
    low, high = result.get("load average", (0.0, 0.0))
    return f"load average {low:.1f}-{high:.1f}"


def writes(result, stored):
    """The line on a phase's writes, and its lost ones (acknowledged, not stored)."""
    lost = sorted(set(result["acknowledged"]) - stored)
    stored_but_failed = sorted(set(result["failed_writes"]) & stored)
    line = (
        f"{sum(result['errors'].values())} errors; writes: {len(result['acknowledged'])} acknowledged, "
        f"{len(lost)} of them lost, {len(stored_but_failed)} stored but answered with an error"
    )
    return line, lost


def report(args, ceiling, idle, load, stored, log, warm=None, open_runs=()):
    total = sum(map(len, load["latencies"].values()))
    of_ceiling = f", {rate(load) / rate(ceiling):.0%} of the ceiling" if ceiling else ""
    line, lost = writes(load, stored)
    lines = [
        f"page cache {args.page_cache}, {'Redis' if args.redis else 'memory cache'}, {args.clients} clients, "
        f"{args.workers} gunicorn workers × {args.threads} thread{'s' if args.threads > 1 else ''}",
        f"ceiling (trivial view, {args.clients} clients): {rate(ceiling):.1f} req/s, {load_average(ceiling)}"
        if ceiling else "ceiling: skipped",
        f"load (closed loop): {load['elapsed']:.1f} s, {total} requests, {rate(load):.1f} req/s{of_ceiling}, "
        f"{load_average(load)}, {line}",
        "",
        *latency_table(load, idle, server_side(log, load["phase"])),
        "",
        f"the slowest 1 % of its requests: {queue_share(load, server_side(log, 'load')[2]):.0%} of their wait was "
        "the queue",
    ]  # fmt: skip
    for fraction, run in open_runs:
        line, lost_here = writes(run, stored)
        lost += lost_here
        by_page = server_side(log, run["phase"], "pages")
        lines += [
            "",
            f"open loop at {fraction:.0%} of the closed loop's rate: {run['offered']:.1f} req/s offered (Poisson), "
            f"{rate(run):.1f} answered, {sum(map(len, run['latencies'].values()))} requests in {run['elapsed']:.1f} s, "
            f"{run['late']} sent over 10 ms late (the client's own queue), {load_average(run)}, {line}",
            "",
            *latency_table(run, idle, server_side(log, run["phase"])),
            "",
            *latency_table(run, idle, by_page, "pages"),
            "",
            f"the slowest 1 % of its requests: {queue_share(run, by_page[2]):.0%} of their wait was the queue",
        ]
        load["errors"].update({f"{run['phase']}: {error}": count for error, count in run["errors"].items()})
    if warm:
        warm_ceiling, warm_run = warm
        lines += [
            "",
            f"warm: ceiling again {rate(warm_ceiling):.1f} req/s; {args.warm_pages} cached pages, "
            f"{args.clients} clients: {rate(warm_run):.1f} req/s, "
            f"{rate(warm_run) / rate(warm_ceiling):.0%} of that ceiling, {sum(warm_run['errors'].values())} errors, "
            f"{load_average(warm_run)}",
            "",
            *latency_table(warm_run, None, server_side(log, warm_run["phase"])),
        ]
        load["errors"].update({f"warm: {error}": count for error, count in warm_run["errors"].items()})
    for error, count in sorted(load["errors"].items()):
        lines.append(f"error {error}: {count}")
    for title in lost:
        lines.append(f"lost write: {title}")
    print("\n".join(lines), flush=True)
    return bool(load["errors"] or lost)


def run_open_phases(args, traffic, closed_rate):
    """The open-loop phases: the traffic (writes included) at each fraction of the rate the closed loop sustained."""
    runs = []
    for fraction in args.open_loop:
        phase = f"open{round(fraction * 100)}"
        rng = random.Random(phase)  # the same schedule and picks on every run at this rate
        schedule = poisson_schedule(fraction * closed_rate, args.open_seconds, rng)
        picks = [traffic.pick(rng, args.write_share, phase, index) for index in range(len(schedule))]
        print(f"{phase}: {fraction * closed_rate:.1f} req/s (Poisson) for {args.open_seconds:.0f} s ...", flush=True)
        runs.append((fraction, run_open(args.port, schedule, picks, phase, args.open_senders)))
    return runs


def run_warm(args, traffic):
    """(the ceiling again, the warm run): the most asked-for read pages, each cached by one untimed request, then
    every client on them only, drawn with the same popularity."""
    trivial = ("trivial", "GET", TRIVIAL, None, {}, 200, None)
    print(f"warm: the ceiling again for {args.ceiling_seconds or 15:.0f} s", flush=True)
    ceiling = run_clients(args.port, args.clients, args.ceiling_seconds or 15, lambda *_: trivial, "ceiling2")
    pages = traffic.most_asked(args.warm_pages)
    print(f"warm: caching {len(pages)} pages ...", flush=True)
    queue = iter(pages)
    lock = threading.Lock()

    def next_page(*_):
        with lock:
            return next(queue, None)

    run_clients(args.port, args.clients, 600, next_page, "warmup")
    print(f"warm: {args.clients} clients on the cached pages for {args.warm_seconds:.0f} s", flush=True)
    run = run_clients(args.port, args.clients, args.warm_seconds, lambda rng, *_: traffic.popular(rng, pages), "warm")
    return ceiling, run


def main():
    args = parse_args()
    env = server_env(args)
    print(f"preparing database {args.existing or args.database} ...", flush=True)
    token = prepare_database(args, env)
    run_id = f"{int(time.time())}"
    traffic = Traffic(env, token, run_id)
    log = Path(tempfile.gettempdir()) / f"pubdb-load-{args.port}.log"
    gunicorn = [str(BIN / "gunicorn"), "pubdb.wsgi", "--config", args.gunicorn_config]
    with open(log, "w") as output:
        server = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                if request(args.port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        ceiling = idle = None
        if args.ceiling_seconds:
            print(f"ceiling: {args.clients} clients on the trivial view for {args.ceiling_seconds:.0f} s", flush=True)
            trivial = ("trivial", "GET", TRIVIAL, None, {}, 200, None)
            ceiling = run_clients(args.port, args.clients, args.ceiling_seconds, lambda *_: trivial, "ceiling")
        if args.idle_seconds:
            print(f"idle: 1 client for {args.idle_seconds:.0f} s", flush=True)
            # Writes too, at the same share, so that every kind has its median cost; titles apart from the load's.
            pick = lambda rng, n, s: traffic.pick(rng, args.write_share, f"idle{n}", s)  # noqa: E731
            idle = run_clients(args.port, 1, args.idle_seconds, pick, "idle")
        print(f"load: {args.clients} clients (closed loop) for {args.seconds:.0f} s ...", flush=True)
        load = run_clients(
            args.port, args.clients, args.seconds, lambda rng, n, s: traffic.pick(rng, args.write_share, n, s), "load"
        )
        open_runs = run_open_phases(args, traffic, rate(load))
        warm = run_warm(args, traffic) if args.page_cache == "on" and args.warm_seconds else None
    finally:
        server.terminate()
        try:
            server.wait(45)  # gunicorn's graceful_timeout is 30 s: threaded workers finish their requests first
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    # run_id is this run's own number (the clock), nothing from outside.
    stored_sql = f"SELECT title FROM papers_paper WHERE title LIKE 'Load Paper {run_id} %'"  # nosec B608
    stored = set(database_rows(env, stored_sql))
    failed = report(args, ceiling, idle, load, stored, log, warm, open_runs)
    print(f"server log: {log}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
