"""EXPLAIN every SQL query of every public page and API endpoint on the configured database (DATABASE_URL).

    DATABASE_URL=postgres://.../pubdb_corpus python benchmarks/explain.py [--only TEXT] [--plans] [--no-write]

Each target (a URL with parameters taken from the corpus: the most prolific and a median person, a
median venue, its busiest year, ...) is requested in-process with the test client, DEBUG off and the
page cache off, as benchmarks/bench.py does. Every query it runs is captured and run again under
EXPLAIN (ANALYZE, BUFFERS). The report gives per target the query count, the scans each table got,
every sequential scan of a table of more than BIG_TABLE rows with its time, and every query that
reads far more rows of such tables than it returns. PostgreSQL only. Without --no-write it replaces
the "Index use" section of this corpus size in docs/PERFORMANCE.md.
"""

import argparse
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench  # noqa: E402

BIG_TABLE = 5_000  # rows: below this a sequential scan is as cheap as an index
OVERREAD_ROWS = 10_000  # a query reading this many rows of big tables ...
OVERREAD_FACTOR = 20  # ... and this many times the rows it returns is reported
SLOW_MS = 20  # and so is any query taking this long
SEARCH = bench.SEARCH


def targets():
    """(label, url) for every public page and API endpoint, with parameters chosen from the corpus."""
    from django.db.models import Count
    from django.urls import reverse

    from papers.models import Authorship, Award, Paper, Topic, Venue
    from researchers.models import Organization, Researcher

    def url(view, *args, **query):
        path = reverse(view, args=args)
        return f"{path}?{urlencode(query)}" if query else path

    per_person = Authorship.objects.values("researcher").annotate(n=Count("id")).order_by("-n", "researcher")
    top = per_person.first()
    median = per_person[per_person.count() // 2]
    person = Researcher.objects.get(pk=top["researcher"])
    median_person = Researcher.objects.get(pk=median["researcher"])
    paper = Paper.objects.order_by("pk")[Paper.objects.count() // 2]
    with_doi = Paper.objects.exclude(doi="").order_by("pk").first()
    venues = Venue.objects.annotate(n=Count("papers")).order_by("n", "pk")
    venue = venues[venues.count() // 2]
    year = venue.papers.values("year").annotate(n=Count("id")).order_by("-n", "year").first()["year"]
    topic = Topic.objects.order_by("pk").first()
    award = Award.objects.filter(paper__isnull=False).order_by("pk").first()
    honour = Award.objects.filter(recipients__isnull=False).order_by("pk").first()
    organization = Organization.objects.order_by("pk").first()
    surname = person.name.split()[-1]
    half = Paper.objects.count() // 40  # cursor pages of 20 halfway into the table
    _, paper_cursor = bench.deep_cursor(Paper, pages=half)
    _, person_cursor = bench.deep_cursor(Researcher, pages=Researcher.objects.count() // 40)
    profile = f"{top['n']} papers"
    found = [
        ("home", url("home")),
        ("paper list", url("papers:list")),
        ("paper list, page 100", url("papers:list", page=100)),
        (f"paper list, year {year}", url("papers:list", year=year)),
        ("paper list, venue", url("papers:list", venue=venue.slug)),
        ("paper list, topic", url("papers:list", topic=topic.slug)),
        ("paper list, preprints", url("papers:list", status="preprint")),
        ("paper list, awarded", url("papers:list", awarded="on")),
        ("paper page", url("papers:detail", paper.pk)),
        ("paper .bib", url("papers:bibtex", paper.pk)),
        ("paper .ris", url("papers:ris", paper.pk)),
        ("paper .json", url("papers:csl_json", paper.pk)),
        ("venue list", url("papers:venue_list")),
        (f"venue page ({venue.n} papers)", url("papers:venue_detail", venue.slug)),
        ("awards", url("papers:awards")),
        ("site feed", url("papers:feed")),
        ("directory", url("researchers:list")),
        ("directory, page 100", url("researchers:list", page=100)),
        ("directory, name filter", url("researchers:list", q=surname)),
        (f"profile ({profile})", url("researchers:detail", person.slug)),
        (f"profile (median, {median['n']} papers)", url("researchers:detail", median_person.slug)),
        (f"profile filtered ({profile})", url("researchers:detail", person.slug, start=2015, first="on")),
        (f"embed ({profile})", url("researchers:embed", person.slug)),
        (f"fragment ({profile})", url("researchers:fragment", person.slug)),
        (f"profile .bib ({profile})", url("researchers:bibtex", person.slug)),
        (f"profile .ris ({profile})", url("researchers:ris", person.slug)),
        (f"profile .json ({profile})", url("researchers:csl_json", person.slug)),
        (f"profile feed ({profile})", url("researchers:feed", person.slug)),
        ("search, topic words", url("search", q=SEARCH)),
        ("search, a surname", url("search", q=surname)),
        ("search, page 2", url("search", q=SEARCH, page=2)),
        ("autocomplete", url("researcher_autocomplete", q=person.name[:6])),
        ("sitemap", url("sitemap")),
        ("API papers", url("api:paper-list")),
        ("API papers, page 100", url("api:paper-list", page=100)),
        ("API papers, venue + year", url("api:paper-list", venue=venue.slug, year=year)),
        ("API papers, venue acronym", url("api:paper-list", venue=venue.acronym.lower())),
        ("API papers, year range", url("api:paper-list", year_min=year - 1, year_max=year)),
        ("API papers, author", url("api:paper-list", author=person.slug)),
        ("API papers, topic", url("api:paper-list", topic=topic.slug)),
        ("API papers, status + kind", url("api:paper-list", status="preprint", kind="preprint")),
        ("API papers, awarded", url("api:paper-list", awarded="true")),
        ("API papers, not awarded", url("api:paper-list", awarded="false")),
        ("API papers, DOI", url("api:paper-list", doi=with_doi.doi.upper())),
        ("API papers, arXiv id", url("api:paper-list", arxiv="2406.06484")),
        ("API papers, by citations", url("api:paper-list", ordering="-citations")),
        ("API papers, by title", url("api:paper-list", ordering="title")),
        ("API papers, search", url("api:paper-list", search=SEARCH)),
        ("API papers, cursor page 1", url("api:paper-list", cursor="")),
        (f"API papers, cursor page {half:,}", url("api:paper-list", cursor=paper_cursor)),
        ("API papers, BibTeX", url("api:paper-list", format="bibtex")),
        ("API papers, RIS", url("api:paper-list", format="ris")),
        ("API papers, CSL-JSON", url("api:paper-list", format="csl-json")),
        ("API paper", url("api:paper-detail", paper.pk)),
        ("API paper, BibTeX", url("api:paper-detail", paper.pk, format="bibtex")),
        (f"API researcher papers ({profile})", url("api:researcher-papers", person.slug)),
        (f"API researcher papers, RIS ({profile})", url("api:researcher-papers", person.slug, format="ris")),
        ("API researchers", url("api:researcher-list")),
        ("API researchers, name", url("api:researcher-list", name=surname)),
        ("API researchers, affiliation", url("api:researcher-list", affiliation="university")),
        ("API researchers, search", url("api:researcher-list", search=surname)),
        ("API researchers, cursor page 1", url("api:researcher-list", cursor="")),
        ("API researchers, deep cursor", url("api:researcher-list", cursor=person_cursor)),
        (f"API researcher ({profile})", url("api:researcher-detail", person.slug)),
        ("API venues", url("api:venue-list")),
        ("API venues, kind", url("api:venue-list", kind="journal")),
        ("API venues, search", url("api:venue-list", search=venue.acronym)),
        ("API venue", url("api:venue-detail", venue.slug)),
        ("API awards", url("api:award-list")),
        ("API awards, filters", url("api:award-list", year=award.year, kind="paper", venue=award.venue.slug)),
        ("API awards, paper", url("api:award-list", paper=award.paper_id)),
        ("API awards, search", url("api:award-list", search=award.name.split()[0])),
        ("API award", url("api:award-detail", award.pk)),
        ("API topics", url("api:topic-list")),
        ("API topics, search", url("api:topic-list", search=topic.name.split()[0])),
        ("API topic", url("api:topic-detail", topic.slug)),
        ("API organizations", url("api:organization-list")),
        ("API organizations, search", url("api:organization-list", search="university")),
    ]
    if honour:
        found.append(("API awards, recipient", url("api:award-list", recipient=honour.recipients.first().slug)))
    if organization:
        found.append(("API organization", url("api:organization-detail", organization.pk)))
    return found


@dataclass
class Query:
    sql: str
    plan: dict = None  # EXPLAIN's JSON root node; None for a statement that is not a SELECT
    ms: float = 0.0
    buffers: int = 0
    seq_scans: list = field(default_factory=list)  # (table, rows in table, ms)
    rows_read: int = 0  # rows of big tables the plan's scans read (kept or filtered out)
    rows_returned: int = 0

    @property
    def overread(self):
        return self.rows_read >= OVERREAD_ROWS and self.rows_read > OVERREAD_FACTOR * max(self.rows_returned, 1)


@dataclass
class Target:
    label: str
    url: str
    status: int = 0
    queries: list = field(default_factory=list)
    scans: Counter = field(default_factory=Counter)


def nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


def table_sizes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        return dict(cursor.fetchall())


def explain(sql, sizes):
    """Run `sql` under EXPLAIN (ANALYZE, BUFFERS) in a transaction rolled back afterwards."""
    from django.db import connection, transaction

    query = Query(sql)
    if not sql.lstrip().upper().startswith(("SELECT", "WITH", "(SELECT")):
        return query
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        result = cursor.fetchone()[0]
        transaction.set_rollback(True)
    result = json.loads(result) if isinstance(result, str) else result
    query.plan, query.ms = result[0]["Plan"], result[0]["Execution Time"]
    query.buffers = query.plan.get("Shared Hit Blocks", 0) + query.plan.get("Shared Read Blocks", 0)
    query.rows_returned = query.plan["Actual Rows"] * query.plan["Actual Loops"]
    for node in nodes(query.plan):
        table = node.get("Relation Name")
        if not table or sizes.get(table, 0) <= BIG_TABLE:
            continue
        loops = node["Actual Loops"]
        removed = node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
        query.rows_read += round((node["Actual Rows"] + removed) * loops)
        if node["Node Type"] == "Seq Scan":
            query.seq_scans.append((table, sizes[table], node["Actual Total Time"] * loops))
    return query


def scan_label(node):
    where = node.get("Relation Name") or ""
    index = node.get("Index Name")
    return f"{node['Node Type']} {where}{f' ({index})' if index else ''}".replace("  ", " ")


def run(label, url, sizes):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(url)  # warm up: connection, templates, PostgreSQL's buffers
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    target = Target(label, url, response.status_code)
    for captured_query in captured.captured_queries:
        query = explain(captured_query["sql"], sizes)
        target.queries.append(query)
        if query.plan:
            target.scans.update(scan_label(n) for n in nodes(query.plan) if "Scan" in n["Node Type"])
    return target


def short(sql, width=160):
    sql = " ".join(sql.split())
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def print_target(target, show_plans):
    sql_ms = sum(q.ms for q in target.queries)
    print(f"\n{target.label}: GET {target.url}")
    print(f"  {target.status}, {len(target.queries)} queries, {sql_ms:.1f} ms under EXPLAIN ANALYZE")
    print("  scans: " + ", ".join(f"{label} ×{n}" if n > 1 else label for label, n in sorted(target.scans.items())))
    for number, query in enumerate(target.queries, start=1):
        flags = [f"Seq Scan {table} ({rows:,} rows) {ms:.1f} ms" for table, rows, ms in query.seq_scans]
        if query.overread:
            flags.append(f"reads {query.rows_read:,} rows for {query.rows_returned:,}")
        if query.ms >= SLOW_MS:
            flags.append(f"{query.ms:.1f} ms")
        if flags:
            print(f"  ! query {number}: {'; '.join(flags)}\n      {short(query.sql)}")
            if show_plans:
                from django.db import connection

                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN {query.sql}")
                    print("\n".join("      " + row[0] for row in cursor.fetchall()))


def summary(size, results):
    lines = [
        f"## Index use at {size['papers']:,} papers",
        "",
        f"`benchmarks/explain.py`, run {time.strftime('%Y-%m-%d %H:%M')} UTC on {bench.machine()}: every "
        f"query of each request under EXPLAIN (ANALYZE, BUFFERS). *Large sequential scans* lists each Seq Scan "
        f"of a table of more than {BIG_TABLE:,} rows; *over-reads* each query reading at least "
        f"{OVERREAD_ROWS:,} rows of such tables and {OVERREAD_FACTOR}× the rows it returns.",
        "",
        "| target | queries | SQL ms | buffers | large sequential scans | over-reads |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for target in results:
        seq = [f"{table} {ms:.0f} ms" for q in target.queries for table, _, ms in q.seq_scans]
        over = [f"{q.rows_read:,} for {q.rows_returned:,}" for q in target.queries if q.overread]
        lines.append(
            f"| {target.label} | {len(target.queries)} | {sum(q.ms for q in target.queries):.1f} | "
            f"{sum(q.buffers for q in target.queries):,} | {', '.join(seq) or '–'} | {', '.join(over) or '–'} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="Only the targets whose label contains this text.")
    parser.add_argument("--plans", action="store_true", help="Print the plan of every reported query.")
    parser.add_argument("--no-write", action="store_true", help="Print without writing docs/PERFORMANCE.md.")
    args = parser.parse_args()
    os.environ["PUBDB_PAGE_CACHE"] = "0"  # every request runs its queries
    bench.setup_django()  # with the settings bench.py measures with: DEBUG off
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN (ANALYZE, BUFFERS) plans need PostgreSQL: set DATABASE_URL.")
    size = bench.corpus()
    if not size["papers"]:
        raise SystemExit("The database has no papers: run manage.py generate_corpus --papers N first.")
    sizes = table_sizes()
    results = []
    for label, url in targets():
        if args.only and args.only.lower() not in label.lower():
            continue
        results.append(run(label, url, sizes))
        print_target(results[-1], args.plans)
    failed = [t for t in results if t.status != 200]
    section = summary(size, results)
    print("\n" + section)
    if failed:
        raise SystemExit("Not 200: " + ", ".join(f"{t.label} ({t.status})" for t in failed))
    if not args.no_write and not args.only:
        bench.write_section(section, size["papers"], tag="explain")


if __name__ == "__main__":
    main()
