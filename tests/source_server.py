"""A local HTTP server that answers as the bibliographic sources do, from the recorded bodies in
tests/fixtures/sources/ (see the README there): the real HTTP path of curation/sources, on 127.0.0.1."""

import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
SOURCES = ("crossref", "datacite", "arxiv", "openalex", "s2", "orcid", "dblp")
ALEX_CURSOR_2 = "IlsxNzAxODI0MDAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzQzODU1NzAwMDEnXSI="
ALEX_CURSOR_3 = "IlsxNzA2MDAwMDAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzQzOTEwMDAwMDInXSI="
# (path, the query parameters it must have, fixture file)
RECORDED = [
    ("/crossref/works/10.18653/v1/2023.acl-long.101", {}, "crossref-proceedings-article.json"),
    ("/crossref/works/10.1016/j.ipm.2019.02.004", {}, "crossref-journal-article-organisation.json"),
    ("/datacite/dois/10.48550/arxiv.2402.00001", {}, "datacite-arxiv-doi.json"),
    ("/arxiv/query", {"id_list": "2401.12345v3"}, "arxiv-2401.12345v3.xml"),
    ("/arxiv/query", {"id_list": "2401.12345"}, "arxiv-2401.12345v3.xml"),
    ("/arxiv/query", {"id_list": "2499.99999"}, "arxiv-error.xml"),
    # a preprint and its published version (tests/test_versions.py): arXiv's entries of works OpenAlex and S2 know
    ("/arxiv/query", {"id_list": "2310.01234"}, "arxiv-2310.01234v1.xml"),
    ("/arxiv/query", {"id_list": "2403.01111"}, "arxiv-2403.01111v2.xml"),
    ("/crossref/works/10.21203/rs.2.1234/v1", {}, "crossref-posted-content-preprint.json"),
    ("/openalex/works/w4385570001", {}, "openalex-work.json"),
    # bioRxiv's and medRxiv's preprints (DOIs 10.1101/…) and their published versions, in either order
    ("/crossref/works/10.1101/2023.05.10.540123", {}, "crossref-posted-content-biorxiv.json"),
    ("/crossref/works/10.1038/s41593-024-01580-1", {}, "crossref-journal-article-has-preprint.json"),
    ("/crossref/works/10.1101/2022.11.02.22281834", {}, "crossref-posted-content-medrxiv.json"),
    ("/openalex/works/w4389000042", {}, "openalex-work-medrxiv-published.json"),
    ("/openalex/authors/a5023888391", {}, "openalex-author.json"),
    ("/openalex/works", {"filter": "author.id:A5023888391", "cursor": "*"}, "openalex-author-works-1.json"),
    ("/openalex/works", {"filter": "author.id:A5023888391", "cursor": ALEX_CURSOR_2}, "openalex-author-works-2.json"),
    ("/openalex/works", {"filter": "author.id:A5023888391", "cursor": ALEX_CURSOR_3}, "openalex-author-works-3.json"),
    ("/s2/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776", {}, "s2-paper.json"),
    ("/orcid/0000-0002-1825-0097/record", {}, "orcid-record.json"),
    ("/dblp/pid/12/3456.xml", {}, "dblp-person.xml"),
    # refresh_citations: the papers of tests/test_refresh_citations.py, asked in a batch
    (
        "/openalex/works",
        {"filter": "doi:10.18653/v1/2023.acl-long.101|10.48550/arxiv.2405.06789|10.5555/unknown"},
        "openalex-cited-by-count.json",
    ),
    ("/s2/paper/batch", {"fields": "citationCount"}, "s2-paper-batch.json"),
    (
        "/crossref/works",
        {"filter": "doi:10.18653/v1/2023.acl-long.101,doi:10.5555/unknown"},
        "crossref-works-cited.json",
    ),
]
TYPES = {".json": "application/json", ".xml": "application/atom+xml"}


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering: a source that times out
    times: int | None = None  # answered this many times, then the route before it answers again
    gate: threading.Event | None = None  # held until the test sets it: a job caught mid-fetch


def recorded(name: str) -> Answer:
    path = FIXTURES / name
    return Answer(body=path.read_bytes(), headers={"Content-Type": TYPES[path.suffix]})


class SourceServer:
    """Serves RECORDED; a test changes what a path answers with `answer(path, Answer(...))`."""

    def __init__(self):
        self.routes: list[tuple[str, dict, Answer]] = [(p.lower(), q, recorded(f)) for p, q, f in RECORDED]
        self.requests: list[tuple[str, dict, dict]] = []  # (path, query, headers) of every request
        self.request_times: list[float] = []  # time.monotonic() of each, in the same order
        self.bodies: list[bytes] = []  # of the POST requests
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # headers and body in one go, not 40 ms apart (delayed ACK)

            def do_POST(self):
                server.bodies.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                self.do_GET()

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                path = urllib.parse.unquote(url.path)
                with server.lock:
                    server.requests.append((path, query, dict(self.headers)))
                    server.request_times.append(time.monotonic())
                    answer = server.find(path, query)
                time.sleep(answer.delay)
                if answer.gate is not None:
                    answer.gate.wait(30)
                try:
                    self.send_response(answer.status)
                    for name, value in {"Content-Length": str(len(answer.body)), **answer.headers}.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def find(self, path: str, query: dict) -> Answer:
        for route, wanted, answer in reversed(self.routes):  # the last added wins
            if route == path.lower() and all(query.get(k) == v for k, v in wanted.items()) and answer.times != 0:
                if answer.times is not None:
                    answer.times -= 1
                return answer
        return Answer(404, b'{"message": "not found"}', {"Content-Type": "application/json"})

    def answer(self, path: str, answer: Answer, **query) -> None:
        self.routes.append((path.lower(), query, answer))

    def paths(self, prefix: str = "") -> list[str]:
        return [path for path, _, _ in self.requests if path.startswith(prefix)]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
