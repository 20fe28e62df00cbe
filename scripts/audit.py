#!/usr/bin/env python3
"""Vulnerability audit of the pinned requirements against PyPI's advisories (the data pip-audit reads).

    python scripts/audit.py [requirements.txt requirements-dev.txt] [--index-url https://pypi.org] [--strict]

For each `name==version` pin (following `-r` includes) it asks PyPI's JSON API for that release, whose
`vulnerabilities` field lists the advisories (OSV / PyPA) that affect it, and prints each one with the versions
that fix it. Exit status 1 when any pinned release has a known vulnerability.

A pin it could not check (not an exact pin, PyPI unreachable, or only the project's document reachable and the
pin is not its latest release, the one that document covers) is listed as NOT audited; it never passes
silently. --strict makes any NOT audited pin a failure too.
"""

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([A-Za-z0-9.+!_-]+)\s*(?:;.*)?$")
TIMEOUT = 15


def requirements(path, seen=None):
    """(name, version or None, line) for every requirement of the file and the files it includes with -r."""
    seen = seen if seen is not None else set()
    path = Path(path).resolve()
    if path in seen:
        return []
    seen.add(path)
    found = []
    for raw in path.read_text().splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            found += requirements(path.parent / line.split(None, 1)[1], seen)
            continue
        match = PIN.match(line)
        found.append((match.group(1), match.group(2), line) if match else (line, None, line))
    return found


def fetch_json(url):
    """(status, document): status is an HTTP code, or the name of the network error with document None."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "pubdb-audit"})
    try:
        # The index URL is the operator's own --index-url (http or https), never input from elsewhere.
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # nosec B310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, None
    except (OSError, ValueError) as error:
        return type(error).__name__, None


def advisories(index, name, version):
    """(vulnerabilities, None) for the release name==version, or (None, why it could not be checked)."""
    status, release = fetch_json(f"{index}/pypi/{name}/{version}/json")
    if status == 200 and release is not None:
        return release.get("vulnerabilities", []), None
    # Some mirrors serve only the project's document; its `vulnerabilities` are those of its latest release.
    project_status, project = fetch_json(f"{index}/pypi/{name}/json")
    if project_status == 200 and project is not None:
        latest = project.get("info", {}).get("version", "")
        if latest == version:
            return project.get("vulnerabilities", []), None
        if version not in project.get("releases", {}):
            return None, f"PyPI knows no release {version}"
        return None, f"the release's document answered {status}; the project's covers only {latest}"
    return None, f"PyPI answered {status} for the release, {project_status} for the project"


def audit(pins, index):
    exact = [(name, version) for name, version, _ in pins if version]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda pin: advisories(index, *pin), exact))
    vulnerable, unchecked = [], [(line, "not pinned with ==") for _, version, line in pins if not version]
    for (name, version), (found, why) in zip(exact, answers, strict=True):
        if found is None:
            unchecked.append((f"{name}=={version}", why))
        for advisory in found or []:
            if not advisory.get("withdrawn"):
                vulnerable.append((f"{name}=={version}", advisory))
    return len(exact), vulnerable, unchecked


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=[ROOT / "requirements.txt", ROOT / "requirements-dev.txt"])
    parser.add_argument("--index-url", default=os.environ.get("PUBDB_AUDIT_INDEX_URL", "https://pypi.org"))
    parser.add_argument("--strict", action="store_true", help="a pin that could not be audited fails too")
    args = parser.parse_args(argv)
    seen = set()
    pins = [pin for path in args.files for pin in requirements(path, seen)]
    count, vulnerable, unchecked = audit(pins, args.index_url.rstrip("/"))
    for pin, advisory in vulnerable:
        aliases = ", ".join(advisory.get("aliases") or [])
        fixed = ", ".join(advisory.get("fixed_in") or []) or "no fixed release"
        summary = " ".join((advisory.get("summary") or advisory.get("details") or "").split())[:160]
        named = f"{advisory.get('id')} ({aliases})" if aliases else advisory.get("id")
        print(f"VULNERABLE {pin}: {named}, fixed in {fixed}: {summary}")
    for pin, why in unchecked:
        print(f"NOT audited {pin}: {why}")
    audited = count - sum(1 for pin, _ in unchecked if "==" in pin)
    print(
        f"audit: {audited} of {len(pins)} pins audited against {args.index_url}, "
        f"{len({pin for pin, _ in vulnerable})} with known vulnerabilities ({len(vulnerable)} advisories), "
        f"{len(unchecked)} NOT audited"
    )
    return 1 if vulnerable or (args.strict and unchecked) else 0


if __name__ == "__main__":
    sys.exit(main())
