"""`make audit` (run by `make test`): bandit on the project code and scripts/audit.py on the pinned requirements,
which fails on a known-vulnerable pin and lists what it could not check as NOT audited, never passing silently.

The index is a local HTTP server answering as PyPI's JSON API does (recorded answers); one test asks the real one.
"""

import http.server
import json
import os
import subprocess
import sys
import threading
import urllib.request

import pytest

from tests.servers import ROOT, free_port

# PyPI's answer for pycrypto (recorded 2026-12-03, trimmed to two advisories): its latest release is vulnerable.
PYCRYPTO = {
    "info": {"name": "pycrypto", "version": "2.6.1"},
    "releases": {"2.6": [], "2.6.1": []},
    "vulnerabilities": [
        {
            "aliases": ["CVE-2013-7459", "GHSA-cq27-v7xp-c356"],
            "details": "Heap-based buffer overflow in the ALGnew function in block_templace.c in Python "
            "Cryptography Toolkit (aka pycrypto) allows remote attackers to execute arbitrary code.",
            "fixed_in": [],
            "id": "PYSEC-2017-94",
            "link": "https://osv.dev/vulnerability/PYSEC-2017-94",
            "source": "osv",
            "summary": None,
            "withdrawn": None,
        },
        {"aliases": [], "details": "withdrawn advisory", "fixed_in": [], "id": "PYSEC-0000-0", "withdrawn": "2020"},
    ],
}
# A release document of an old Django, in PyPI's format.
DJANGO_3_2 = {
    "info": {"name": "Django", "version": "3.2"},
    "vulnerabilities": [
        {
            "aliases": ["CVE-2021-33203"],
            "details": "Potential directory traversal via admindocs.",
            "fixed_in": ["2.2.24", "3.1.12", "3.2.4"],
            "id": "PYSEC-2021-98",
            "summary": "Potential directory traversal via admindocs",
            "withdrawn": None,
        }
    ],
}
DJANGO_PROJECT = {"info": {"name": "Django", "version": "6.1.3"}, "releases": {"3.2": [], "5.2.19": [], "6.1.3": []}}
SAFE_RELEASE = {"info": {"name": "rispy", "version": "0.10.0"}, "vulnerabilities": []}


@pytest.fixture
def index():
    """A local stand-in for PyPI's JSON API: paths (lower-cased, as PyPI normalises names) -> documents."""
    documents = {}

    class Api(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            document = documents.get(self.path.lower())
            self.send_response(200 if document else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(document or {"message": "Not Found"}).encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", documents
    finally:
        server.shutdown()
        server.server_close()


def audit(tmp_path, requirements, *args, includes=None):
    for name, text in (includes or {}).items():
        (tmp_path / name).write_text(text)
    (tmp_path / "requirements.txt").write_text(requirements)
    return subprocess.run(
        [sys.executable, "scripts/audit.py", str(tmp_path / "requirements.txt"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_old_django_pin_fails_the_audit_naming_the_advisory(tmp_path, index):
    url, documents = index
    documents["/pypi/django/3.2/json"] = DJANGO_3_2
    documents["/pypi/rispy/0.10.0/json"] = SAFE_RELEASE
    requirements = "# app\nrispy==0.10.0\n-r dev.txt\n"
    run = audit(tmp_path, requirements, "--index-url", url, includes={"dev.txt": "Django==3.2\n"})
    assert run.returncode == 1, run.stdout
    assert (
        "VULNERABLE Django==3.2: PYSEC-2021-98 (CVE-2021-33203), fixed in 2.2.24, 3.1.12, 3.2.4: "
        "Potential directory traversal via admindocs" in run.stdout
    )
    assert "rispy" not in run.stdout.replace("2 pins", "")
    assert "audit: 2 of 2 pins audited" in run.stdout and "1 with known vulnerabilities" in run.stdout


def test_where_only_the_project_document_is_served_its_latest_release_is_still_audited(tmp_path, index):
    url, documents = index
    documents["/pypi/pycrypto/json"] = PYCRYPTO  # no release document: as this machine's PyPI mirror answers
    run = audit(tmp_path, "pycrypto==2.6.1\n", "--index-url", url)
    assert run.returncode == 1
    assert "VULNERABLE pycrypto==2.6.1: PYSEC-2017-94 (CVE-2013-7459, GHSA-cq27-v7xp-c356)" in run.stdout
    assert "PYSEC-0000-0" not in run.stdout  # withdrawn


def test_pins_it_cannot_check_are_listed_as_not_audited_and_fail_under_strict(tmp_path, index):
    url, documents = index
    documents["/pypi/django/json"] = DJANGO_PROJECT
    requirements = "Django==5.2.19\nwhitenoise>=6\n"
    run = audit(tmp_path, requirements, "--index-url", url)
    assert run.returncode == 0
    assert "NOT audited Django==5.2.19: the release's document answered 404; the project's covers only 6.1.3" in (
        run.stdout
    )
    assert "NOT audited whitenoise>=6: not pinned with ==" in run.stdout
    assert "audit: 0 of 2 pins audited" in run.stdout and "2 NOT audited" in run.stdout
    assert audit(tmp_path, requirements, "--index-url", url, "--strict").returncode == 1


def test_an_unreachable_index_audits_nothing_and_says_so(tmp_path):
    closed = f"http://127.0.0.1:{free_port()}"
    run = audit(tmp_path, "Django==5.2.19\n", "--index-url", closed)
    assert "NOT audited Django==5.2.19: PyPI answered URLError for the release, URLError for the project" in run.stdout
    assert audit(tmp_path, "Django==5.2.19\n", "--index-url", closed, "--strict").returncode == 1


def test_the_real_index_knows_a_vulnerable_release(tmp_path):
    try:
        urllib.request.urlopen("https://pypi.org/pypi/pycrypto/json", timeout=10).close()  # noqa: S310
    except OSError as error:
        pytest.skip(f"PyPI is not reachable from here: {error}")
    run = audit(tmp_path, "pycrypto==2.6.1\n")
    assert run.returncode == 1 and "VULNERABLE pycrypto==2.6.1: PYSEC-2017-94" in run.stdout


def test_make_test_runs_bandit_and_the_audit(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "bin/bandit" in plan.stdout and "scripts/audit.py" in plan.stdout
