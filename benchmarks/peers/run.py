"""pubdb beside django-publications and django-literature: one corpus, the equivalent pages measured interleaved.

    python benchmarks/peers/run.py --papers 10000 [--seed 1] [--repeat 7] [--database-url URL] [--no-write]

Installs each peer in its own virtualenv (environments.py), gives each app a
fresh database of its own (URL with {app} in it; PostgreSQL by default) and
loads the same corpus into all three (benchmarks/corpus_stream.py through each
app's loader), then renders each page of each app in turn, round-robin, each
page `--repeat` times, with DEBUG off and every cache cleared before each
request, and writes the medians into docs/PERFORMANCE.md ("peers" section).
A peer that cannot be installed (no Python 3.12 for django-literature) is
skipped with the reason printed, and the table says so.
"""

import argparse
import html
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.bench import write_section  # noqa: E402
from benchmarks.corpus_stream import Corpus  # noqa: E402
from benchmarks.peers import environments  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/pubdb_peers_{app}"
SEARCH_WORD = "transformer"
APPS = {
    "pubdb": {"site": "pubdb_site", "label": "pubdb"},
    "publications": {"site": "publications_site", "label": "django-publications 1.2.0"},
    "literature": {"site": "literature_site", "label": "django-literature 0.2.0"},
}
# DEBUG off as deployed, and pubdb's page cache off: what the first visitor, a crawler or the page after a write gets.
# The key signs nothing beyond the benchmark's own test client.
PUBDB_ENV = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "peers-benchmark-only", "PUBDB_PAGE_CACHE": "0"}  # nosec B105
PUBDB_ENV |= {"PUBDB_API_ANON_RATE": "", "DJANGO_ALLOWED_HOSTS": "testserver"}
# Settings of the caller's own pubdb that would change what is measured (a shared cache, replicas).
DROPPED_ENV = ("REDIS_URL", "DATABASE_REPLICA_URLS", "DJANGO_SETTINGS_MODULE")


def log(message):
    print(message, file=sys.stderr, flush=True)


def app_env(app, database_url):
    env = {key: value for key, value in os.environ.items() if key not in DROPPED_ENV}
    env |= {"DATABASE_URL": database_url.format(app=app), "PYTHONPATH": str(ROOT)}
    return env | PUBDB_ENV if app == "pubdb" else env


def fresh_database(url):
    """Drop and create the database (PostgreSQL, through the server's "postgres" database) or remove the file."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        Path(parts.path[1:]).unlink(missing_ok=True)
        return
    import psycopg2

    name = parts.path.lstrip("/")
    server = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()


def load(app, python, args):
    """Load the corpus into the app's fresh database; returns the seconds it took (migrations included)."""
    fresh_database(args.database_url.format(app=app))
    started = time.monotonic()
    command = [str(python), "-m", "benchmarks.peers.app", APPS[app]["site"], "load"]
    subprocess.run(
        [*command, f"--papers={args.papers}", f"--seed={args.seed}"], cwd=ROOT, check=True, env=args.env[app]
    )
    return time.monotonic() - started


def targets(papers, seed, word=SEARCH_WORD):
    """The records every app shows on the measured pages, read off the stream: the top author, a paper, the word."""
    corpus = Corpus(papers, seed)
    per_person, matches, middle = Counter(), 0, papers // 2
    for chunk in corpus.paper_chunks():
        for paper in chunk:
            per_person.update(author.person for author in paper.authors)
            matches += word in paper.title.lower()
            if paper.index == middle:
                title = paper.title
    person, count = min(per_person.items(), key=lambda item: (-item[1], item[0]))
    return {
        "person": person,
        "person_name": corpus.people[person].name,
        "person_family": corpus.people[person].name.rsplit(" ", 1)[-1],
        "person_papers": count,
        "paper": middle,
        "paper_title": title,
        "word": word,
        "word_matches": matches,
    }


class Worker:
    """One app's `app.py serve` process: sends it URLs, reads back one measurement per request."""

    def __init__(self, app, python, env, goal):
        command = [str(python), "-m", "benchmarks.peers.app", APPS[app]["site"], "serve"]
        self.app = app
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.urls = self._ask(goal)

    def _ask(self, message):
        self.process.stdin.write((json.dumps(message) + "\n").encode())
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.app}'s worker stopped (its error is above)")
        return json.loads(line)

    def get(self, url, expect=None):
        answer = self._ask({"url": url, "expect": expect})
        if answer["status"] != 200:
            raise SystemExit(f"{self.app}: {url} answered {answer['status']}")
        if expect and not answer["found"]:
            raise SystemExit(f"{self.app}: {url} does not show {expect!r}: it is not the equivalent page")
        return answer

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def measure(workers, goal, repeat, slow):
    """{app: {page: [answers]}}, round-robin: each round asks every app for every page before the next round.

    A page whose warm-up took over `slow` seconds (django-publications lists every paper on one page) is
    measured once, not `repeat` times, so that a run at 100,000 papers ends; its cell says so.
    """
    pages = [page for page, _ in page_labels(goal)]
    expect = {"author": goal["person_family"], "paper": html.escape(goal["paper_title"])}
    # A page that is another one's URL (a peer's home is its list) is measured once and shown for both.
    same = {
        app: {page: next(p for p in pages if w.urls[p] == w.urls[page]) for page in pages} for app, w in workers.items()
    }
    runs = {app: {} for app in workers}
    for app, worker in workers.items():  # warm up (connections, templates, the database's buffers), check the pages
        for page in pages:
            url = worker.urls[page]
            if url and (same[app][page] == page or page in expect):
                warm = worker.get(url, expect.get(page))
                runs[app].setdefault(same[app][page], 1 if warm["wall"] > slow else repeat)
    results = {app: {page: [] for page in pages} for app in workers}
    for round_ in range(repeat):
        for page in pages:
            for app, worker in workers.items():
                if len(results[app][page]) < runs[app].get(page, 0):
                    results[app][page].append(worker.get(worker.urls[page]))
        log(f"round {round_ + 1} of {repeat} measured")
    return {app: {page: results[app][same[app][page]] for page in pages} for app in workers}


def page_labels(goal):
    return [
        ("author", f"top author's page ({goal.get('person_papers', 0):,} papers)"),
        ("paper", "paper detail"),
        ("list", "paper list, page 1"),
        ("search", f'search, a common word ("{goal.get("word")}", {goal.get("word_matches", 0):,} titles)'),
        ("home", "home page"),
    ]


def summary(answers):
    if not answers:
        return None
    return {
        "wall": statistics.median(a["wall"] for a in answers),
        "sql": statistics.median(a["sql"] for a in answers),
        "queries": sorted({a["queries"] for a in answers}),
        "bytes": answers[-1]["bytes"],
        "runs": len(answers),
    }


def cell(result):
    if result is None:
        return "no such page"
    queries = "/".join(map(str, result["queries"]))
    once = " (1 run)" if result["runs"] == 1 else ""
    size = f"{result['bytes'] / 1024:,.0f} KB"
    return f"{result['wall'] * 1000:,.1f} / {result['sql'] * 1000:,.1f}{once}, {queries} q, {size}"


def ratio(ours, theirs):
    """pubdb ÷ the faster peer, said the way round that reads: "7.7× faster" or "3.6× slower"."""
    if ours is None or not theirs:
        return "–"
    app, best = min(theirs.items(), key=lambda item: item[1]["wall"])
    factor = best["wall"] / ours["wall"]
    said = f"{factor:,.1f}× faster" if factor >= 1 else f"{1 / factor:,.1f}× slower"
    return f"{said} (than {APPS[app]['label'].split()[0]})"


def machine(database_url):
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    database = "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
    return f"{os.cpu_count()} × {cpu}, {database}"


def report(args, goal, results, loads, skipped):
    columns = [app for app in APPS if app in results]
    lines = [
        f"## pubdb and its peers at {args.papers:,} papers",
        "",
        f"One corpus (`benchmarks/corpus_stream.py`, seed {args.seed}) loaded into each app's own database; each page "
        f"rendered {args.repeat}× per app, round-robin across the apps, DEBUG off, page cache off, caches cleared "
        f"before every request (Django's test client in each app's own process). Median wall / SQL ms, queries, "
        f"response size. Machine: {machine(args.database_url)}, run {time.strftime('%Y-%m-%d %H:%M')} UTC "
        f"(`make peers PAPERS={args.papers}`).",
        "",
        "| page | " + " | ".join(APPS[app]["label"] for app in columns) + " | pubdb ÷ faster peer |",
        "| --- | " + " | ".join("---:" for _ in columns) + " | --- |",
    ]
    for page, label in page_labels(goal):
        summaries = {app: summary(results[app][page]) for app in columns}
        peers = {app: result for app, result in summaries.items() if app != "pubdb" and result}
        cells = " | ".join(cell(summaries[app]) for app in columns)
        lines.append(f"| {label} | {cells} | {ratio(summaries.get('pubdb'), peers)} |")
    if loads:  # --skip-load measures what an earlier run loaded: no times to give
        loads_text = ", ".join(f"{APPS[a]['label']} {s:,.0f} s" for a, s in loads.items())
        lines += ["", f"Loading the corpus (migrations included): {loads_text}."]
    lines += [f"Not measured: {APPS[app]['label']}: {reason}." for app, reason in skipped.items()]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7, help="Measured renders of each page per app (median).")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="One database per app: {app} is its name.")
    parser.add_argument("--slow", type=float, default=10, help="Seconds over which a page is measured once.")
    parser.add_argument("--apps", default=",".join(APPS), help="Which apps, comma-separated.")
    parser.add_argument("--skip-load", action="store_true", help="Measure the databases as a previous run left them.")
    parser.add_argument("--no-write", action="store_true", help="Print the table without writing docs/PERFORMANCE.md.")
    parser.add_argument("--report", type=Path, help="Also write the table (Markdown) to this file.")
    args = parser.parse_args()
    if "{app}" not in args.database_url:
        parser.error("--database-url needs {app} in it: each app gets a database of its own.")
    if args.papers < 1:
        parser.error("--papers must be at least 1.")

    pythons, skipped = {"pubdb": Path(sys.executable)}, {}
    for app in [a for a in args.apps.split(",") if a != "pubdb"]:
        if app not in APPS:
            parser.error(f"unknown app {app!r}: choose from {', '.join(APPS)}")
        python, reason = environments.ensure_venv(app, log)
        if python is None:
            log(f"skipping {APPS[app]['label']}: {reason}")
            skipped[app] = reason
        else:
            pythons[app] = python
    args.env = {app: app_env(app, args.database_url) for app in pythons}

    loads = {}
    if not args.skip_load:
        for app, python in pythons.items():
            log(f"loading {args.papers:,} papers into {app}")
            loads[app] = load(app, python, args)
    goal = targets(args.papers, args.seed)
    workers = {app: Worker(app, python, args.env[app], goal) for app, python in pythons.items()}
    try:
        results = measure(workers, goal, args.repeat, args.slow)
    finally:
        for worker in workers.values():
            worker.close()
    section = report(args, goal, results, loads, skipped)
    print(section)
    if args.report:
        args.report.write_text(section)
    if not args.no_write:
        write_section(section, args.papers, tag="peers")


if __name__ == "__main__":
    main()
