"""Identifiers fetched per second against a local source server: the ceiling without the network.

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/fetch_sources.py [--identifiers 500]
    DATABASE_URL=postgres://... DJANGO_DEBUG=1 .venv/bin/python benchmarks/fetch_sources.py

A server on 127.0.0.1 (a free port, in its own process so that it does not share the benchmark's GIL)
answers every `GET /crossref/works/10.5555/bench.N` with the recorded Crossref work of tests/fixtures/sources,
made distinct by N. Timed: the bare HTTP round trips through the one client, fetching and reading the Records,
and `import_identifiers` (fetch + write) into an empty throw-away test database, then again (all unchanged).
The rate limit is off: this measures pubdb, not politeness.
Not a test: it reports.
"""

import argparse
import json
import multiprocessing
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pubdb.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from curation.sources import fetch_records, import_identifiers  # noqa: E402
from curation.sources.client import request  # noqa: E402

WORK = json.loads((ROOT / "tests/fixtures/sources/crossref-proceedings-article.json").read_text())


SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "zen", "qua", "bri", "dor"]


def title(number):
    """Real titles differ in their longest word, which matching looks up first: a made-up one per paper."""
    word = "".join(SYLLABLES[(number // 12**k) % 12] for k in range(6))
    return f"Efficient {word} attention for language models"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the public services do
    disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart (delayed ACK)

    def do_GET(self):
        number = self.path.split("?")[0].rsplit(".", 1)[-1]
        message = dict(WORK["message"], DOI=f"10.5555/bench.{number}", title=[title(int(number))])
        message.pop("relation")
        body = json.dumps({**WORK, "message": message}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(ports):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ports.put(server.server_port)
    server.serve_forever()


def timed(label, count, action):
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"{label:<40} {seconds:7.2f} s  {count / seconds:8.0f} identifiers/s")
    return result, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--identifiers", type=int, default=500)
    count = parser.parse_args().identifiers
    ports: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(ports,), daemon=True)
    server.start()
    port = ports.get(timeout=10)
    settings.PUBDB_SOURCE_URLS = {
        **settings.PUBDB_SOURCE_URLS,
        "crossref": f"http://127.0.0.1:{port}/crossref",
    }
    settings.PUBDB_SOURCE_RATES = {}
    identifiers = [f"doi:10.5555/bench.{n}" for n in range(count)]
    print(f"{count} DOIs from a local Crossref, database: {connection.vendor}")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        _, http = timed(
            "HTTP only (the client, no reading)",
            count,
            lambda: [request("crossref", f"/works/{i[4:]}", what=i) for i in identifiers],
        )
        _, read = timed("fetch and read into Records", count, lambda: fetch_records(identifiers))
        report, write = timed("fetch and write (empty database)", count, lambda: import_identifiers(identifiers))
        assert report.counts["new"] == count, report.counts
        again, rewrite = timed("fetch again (all unchanged)", count, lambda: import_identifiers(identifiers))
        assert again.counts["unchanged"] == count, again.counts
        print(
            f"reading = {read / http:.2f} x HTTP; writing = {write / http:.1f} x HTTP; "
            f"unchanged = {rewrite / http:.1f} x HTTP"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
