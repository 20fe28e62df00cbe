"""A local fake of ORCID's OAuth endpoints and public API on 127.0.0.1, for the sign-in tests.

/oauth/authorize sends the browser straight back to the redirect_uri with a code (as ORCID does once the person
has signed in and agreed), /oauth/token trades that code for ORCID's token answer, which names the iD, and
/v3.0/<iD>/record answers with the recorded record of tests/fixtures/sources/orcid-record.json.
"""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORD = (Path(__file__).parent / "fixtures" / "sources" / "orcid-record.json").read_bytes()
ORCID_ID = "0000-0002-1825-0097"  # the record's iD
CLIENT_ID = "APP-PUBDBTEST0000001"
SECRET = "test-secret-not-real"  # nosec B105: the fake's own


class FakeOrcid:
    def __init__(self):
        self.codes: dict[str, str] = {}  # code -> redirect_uri it was issued for
        self.token_requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/oauth/authorize" and query.get("client_id") == CLIENT_ID:
                    code = f"code-{len(fake.codes) + 1}"
                    fake.codes[code] = query["redirect_uri"]
                    back = f"{query['redirect_uri']}?{urllib.parse.urlencode({'code': code, 'state': query['state']})}"
                    self._answer(302, b"", {"Location": back})
                elif url.path == f"/v3.0/{ORCID_ID}/record":
                    self._answer(200, RECORD, {"Content-Type": "application/orcid+json"})
                else:
                    self._answer(404, b"{}", {"Content-Type": "application/json"})

            def do_POST(self):
                form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
                fake.token_requests.append(form)
                known = fake.codes.pop(form.get("code", ""), None)
                if self.path != "/oauth/token" or known is None or form.get("redirect_uri") != known:
                    self._answer(400, b'{"error": "invalid_grant"}', {"Content-Type": "application/json"})
                    return
                token = {
                    "access_token": "fake-access-token",
                    "token_type": "bearer",
                    "refresh_token": "fake-refresh-token",
                    "expires_in": 631138518,
                    "scope": "/authenticate",
                    "name": "Ada Lovelace",
                    "orcid": ORCID_ID,
                }
                self._answer(200, json.dumps(token).encode(), {"Content-Type": "application/json"})

            def _answer(self, status, body, headers):
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
