"""The refresh of N papers' citation counts (`manage.py refresh_citations`) against a local OpenAlex.

    DATABASE_URL=postgres://... DJANGO_DEBUG=1 .venv/bin/python benchmarks/refresh_citations.py [--papers 100000]

On a throw-away test database: N papers with DOIs (one in ten an arXiv preprint without one) are
bulk-created, then the command runs as cron would. A server on 127.0.0.1 in its own process answers
OpenAlex's `GET /works?filter=doi:a|b|…&select=…` for any DOIs with made-up counts, leaving one in twenty
out (unknown to the source). With `--per-year` each work also has five years of `counts_by_year` and 20
`referenced_works` (one the previous work asked for, which is in pubdb; the rest not), so the run stores
the per-year rows and references too; without it the answer has the count alone. The rate limit is off:
pubdb's ceiling. Not a test.
"""

import argparse
import io
import json
import multiprocessing
import os
import sys
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pubdb.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from papers.models import CitationYear, Paper, Reference  # noqa: E402


class OpenAlex(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    per_year = False

    def do_GET(self):
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        dois = query["filter"].removeprefix("doi:").split("|")
        results = [work(doi, dois[n - 1], self.per_year) for n, doi in enumerate(dois) if zlib.crc32(doi.encode()) % 20]
        body = json.dumps({"meta": {"count": len(results)}, "results": results}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def work_id(doi):
    return f"https://openalex.org/W{zlib.crc32(doi.encode())}"


def work(doi, previous, per_year):
    count = zlib.crc32(doi.encode()) % 500
    answer = {"id": work_id(doi), "doi": f"https://doi.org/{doi}", "cited_by_count": count}
    if per_year:
        answer["counts_by_year"] = [{"year": 2025 - n, "cited_by_count": count // 5} for n in range(5)]
        answer["referenced_works"] = [work_id(previous)] + [f"https://openalex.org/W{n}" for n in range(19)]
    return answer


def serve(ports, per_year):
    OpenAlex.per_year = per_year
    server = ThreadingHTTPServer(("127.0.0.1", 0), OpenAlex)
    ports.put(server.server_port)
    server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--per-year", action="store_true", help="Answer with counts_by_year and referenced_works.")
    arguments = parser.parse_args()
    count = arguments.papers
    ports: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(ports, arguments.per_year), daemon=True)
    server.start()
    settings.PUBDB_SOURCE_URLS = {**settings.PUBDB_SOURCE_URLS, "openalex": f"http://127.0.0.1:{ports.get()}"}
    settings.PUBDB_SOURCE_RATES = {}
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        start = time.perf_counter()
        Paper.objects.bulk_create(
            (
                Paper(title=f"Paper {n}", year=2000 + n % 25, arxiv_id=f"24{n // 100000:02d}.{n % 100000:05d}")
                if n % 10 == 0
                else Paper(title=f"Paper {n}", year=2000 + n % 25, doi=f"10.5555/bench.{n}")
                for n in range(count)
            ),
            batch_size=5000,
        )
        print(f"{count} papers bulk-created in {time.perf_counter() - start:.1f} s, database: {connection.vendor}")
        for label in ("first refresh (no counts yet)", "second refresh, --older-than 0 (all again)"):
            out = io.StringIO()
            start = time.perf_counter()
            call_command("refresh_citations", "--older-than", "0", stdout=out)
            seconds = time.perf_counter() - start
            print(f"{label:<44} {seconds:7.1f} s  {count / seconds:7.0f} papers/s  {out.getvalue().strip()}")
        known = Paper.objects.filter(citation_source="OpenAlex").count()
        print(f"{known} papers have an OpenAlex count ({known / count:.0%})")
        if arguments.per_year:
            rows, linked = CitationYear.objects.count(), Reference.objects.exclude(cited=None).count()
            print(f"{rows} per-year rows, {Reference.objects.count()} references ({linked} linked)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
