"""scripts/load.py's open loop, against a real (one-at-a-time) HTTP server: requests arrive on a schedule, and
each one's latency runs from its scheduled time, so a request held back by the one before it counts its wait
(no coordinated omission). The bounds below are lower bounds set by the server's sleeps: a slow machine only
makes the latencies longer, never the test fail."""

import http.server
import importlib.util
import json
import random
import threading
import time

import pytest

from tests.servers import ROOT

SPEC = importlib.util.spec_from_file_location("load_script", ROOT / "scripts" / "load.py")
load = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(load)

PAUSE = 0.2  # what the server spends on each request


@pytest.fixture
def server(tmp_path):
    """A server that answers one request at a time after PAUSE: GET 200, POST 201; it keeps the request ids and
    logs each request as pubdb's request log does (tmp_path / "log")."""
    seen, log = [], tmp_path / "log"

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self, status):
            started = time.perf_counter()
            seen.append(self.headers["X-Request-ID"])
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            time.sleep(PAUSE)
            event = {"request_id": seen[-1], "method": self.command, "path": self.path, "status": status}
            with log.open("a") as out:
                out.write(json.dumps({**event, "duration_ms": (time.perf_counter() - started) * 1000}) + "\n")
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            self.answer(200)

        def do_POST(self):
            self.answer(201)

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], seen
    httpd.shutdown()
    httpd.server_close()


def page(kind, path="/x/"):
    return (kind, "GET", path, None, {}, 200, None)


def test_latency_runs_from_the_scheduled_time(server):
    port, seen = server
    # Three requests due at once and one sender: the second waits for the first, the third for both.
    result = load.run_open(port, [0.0, 0.0, 0.0], [page("paper")] * 3, "open80", senders=1)
    latencies = sorted(result["latencies"]["paper"])
    assert [round(v / PAUSE, 2) >= k for k, v in enumerate(latencies, start=1)] == [True, True, True]
    assert result["late"] == 2  # the client's own queue is reported, not hidden
    assert sorted(seen) == ["open80.paper.0.0", "open80.paper.0.1", "open80.paper.0.2"]


def test_requests_leave_on_schedule_whatever_the_answers(server):
    port, seen = server
    # Enough senders: each request leaves at its time even though the server is busy with the one before.
    result = load.run_open(port, [0.0, 0.0, 0.0, 0.0], [page("list")] * 4, "open50", senders=8)
    assert result["late"] == 0
    latencies = sorted(result["latencies"]["list"])
    assert [round(v / PAUSE, 2) >= k for k, v in enumerate(latencies, start=1)] == [True] * 4  # the server's queue


def test_the_open_loop_counts_writes_and_errors(server):
    port, _ = server
    write = ("API write", "POST", "/api/v1/papers/", "{}", {}, 201, "Load Paper 1 open50-0")
    refused = ("API write", "POST", "/api/v1/papers/", "{}", {}, 200, "Load Paper 1 open50-1")
    result = load.run_open(port, [0.0, 0.01], [write, refused], "open50", senders=2)
    assert result["acknowledged"] == ["Load Paper 1 open50-0"]
    assert result["failed_writes"] == ["Load Paper 1 open50-1"]
    line, lost = load.writes(result, stored={"Load Paper 1 open50-1"})
    assert lost == ["Load Paper 1 open50-0"]
    assert "1 errors; writes: 1 acknowledged, 1 of them lost, 1 stored but answered with an error" in line


def test_poisson_schedule():
    schedule = load.poisson_schedule(50, 200, random.Random(1))
    assert schedule == sorted(schedule) and schedule[0] > 0 and schedule[-1] < 200
    assert 9_500 < len(schedule) < 10_500  # 50 a second for 200 s, give or take 5 standard deviations
    gaps = [b - a for a, b in zip(schedule, schedule[1:], strict=False)]
    assert 0.0195 < sum(gaps) / len(gaps) < 0.0205  # exponential gaps, mean 1/rate
    assert sum(g > 3 / 50 for g in gaps) / len(gaps) == pytest.approx(0.0498, abs=0.01)  # P(gap > 3/rate) = e^-3
    assert load.poisson_schedule(50, 200, random.Random(1)) == schedule  # the same schedule on every run


def test_the_report_splits_the_wait_into_queue_and_server(server, tmp_path):
    port, _ = server
    picks = [page("paper", "/papers/1/"), page("list", "/venues/v/"), page("list", "/api/v1/papers/?venue=v")]
    run = load.run_open(port, [0.0, 0.0, 0.0], picks, "open50", senders=1)
    # The slowest request waited for two before it: at least two thirds of its wait was the queue.
    assert load.queue_share(run, load.server_side(tmp_path / "log", "open50", "pages")[2]) > 0.6
    durations, _, _ = load.server_side(tmp_path / "log", "open50", "pages")
    assert sorted(durations) == ["API papers by venue", "paper", "venue"]  # the kind "list" split by page
    table = load.latency_table(run, run, load.server_side(tmp_path / "log", "open50", "pages"), "pages")
    assert table[0].startswith("| page | requests |") and len(table) == 2 + 3 + 1  # header, rule, 3 pages, all


def test_every_page_of_the_traffic_is_named():
    pages = {
        ("GET", "/researchers/ann-lee/"): "profile",
        ("GET", "/papers/12/"): "paper",
        ("GET", "/papers/?page=3"): "papers list",
        ("GET", "/venues/acl/"): "venue",
        ("GET", "/api/v1/papers/?venue=acl"): "API papers by venue",
        ("GET", "/api/v1/researchers/"): "API researchers",
        ("GET", "/search/?q=graph%20neural"): "site search",
        ("GET", "/api/v1/papers/?search=graph%20neural"): "API papers search",
        ("POST", "/api/v1/papers/"): "API write",
    }
    assert {key: load.page_of(*key) for key in pages} == pages
