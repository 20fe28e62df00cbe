"""The one HTTP client every source reader goes through (httpx).

It adds what each public service asks of a well-behaved client: a User-Agent with a contact address
(and `mailto=` for Crossref's and OpenAlex's polite pools), a timeout, a per-source rate limit, bounded
retries with backoff on 429 and 5xx that honour `Retry-After`, and a size limit on answers. Every failure
becomes a SourceError whose message names the source and what was asked for, for the curator to read.
"""

import email.utils
import json
import threading
import time

# The Element type only: answers are parsed by defusedxml (SafeET below).
import xml.etree.ElementTree as ET  # nosec B405

import defusedxml.ElementTree as SafeET
import httpx
from django.conf import settings

from curation.source_names import NAMES

POLITE_POOLS = ("crossref", "openalex")  # they take the contact address as a `mailto` parameter too
BACKOFF_SECONDS = 0.5  # first retry's wait when the source gives no Retry-After; doubled each time


class SourceError(Exception):
    """A source could not give what was asked; the message says which source and which identifier."""


class NotKnown(SourceError):
    """The source answered 404 or 410: it has no such record (another source may have it)."""


_turns: dict[str, float] = {}  # source -> the earliest time of its next request (rate limit, per process)
_turns_lock = threading.Lock()
_clients: dict[tuple, httpx.Client] = {}


def _client() -> httpx.Client:
    """One pooled client per configuration (tests change the settings), so connections are reused."""
    contact = settings.PUBDB_CONTACT_EMAIL
    key = (settings.PUBDB_SOURCE_TIMEOUT_SECONDS, contact)
    if key not in _clients:
        agent = "pubdb/1.0 (https://github.com/pubdb; " + (f"mailto:{contact})" if contact else "no contact set)")
        _clients[key] = httpx.Client(
            timeout=settings.PUBDB_SOURCE_TIMEOUT_SECONDS, headers={"User-Agent": agent}, follow_redirects=True
        )
    return _clients[key]


def _wait_for_turn(source: str) -> None:
    rate = settings.PUBDB_SOURCE_RATES.get(source, 0)
    if rate <= 0:
        return
    with _turns_lock:
        now = time.monotonic()
        start = max(now, _turns.get(source, 0.0))
        _turns[source] = start + 1 / rate
    if start > now:
        time.sleep(start - now)


def _retry_after(response: httpx.Response, attempt: int) -> float:
    """Seconds to wait: the source's Retry-After (seconds or an HTTP date), else exponential backoff."""
    header = response.headers.get("Retry-After", "").strip()
    if header.isdigit():
        return float(header)
    if header:
        try:
            return max(0.0, email.utils.parsedate_to_datetime(header).timestamp() - time.time())
        except (TypeError, ValueError):
            pass
    return BACKOFF_SECONDS * 2**attempt


def _read(response: httpx.Response, label: str) -> bytes:
    limit = settings.PUBDB_SOURCE_MAX_BYTES
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise SourceError(f"{label}: the answer is {int(declared):,} bytes, more than the {limit:,} allowed.")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise SourceError(f"{label}: the answer is larger than the {limit:,} bytes allowed.")
    return bytes(body)


def request(
    source: str, path: str, *, what: str, params: dict | None = None, accept: str = "", json_body: object = None
) -> bytes:
    """GET `path` from `source`'s base URL (POST `json_body` if given); the body, or SourceError.
    `what` names the identifier asked for, for the messages."""
    name = NAMES[source]
    label = f"{what} from {name}"
    url = settings.PUBDB_SOURCE_URLS[source].rstrip("/") + path
    params = dict(params or {})
    if source in POLITE_POOLS and settings.PUBDB_CONTACT_EMAIL:
        params["mailto"] = settings.PUBDB_CONTACT_EMAIL
    headers = {"Accept": accept} if accept else {}
    retries, max_wait = settings.PUBDB_SOURCE_RETRIES, settings.PUBDB_SOURCE_MAX_WAIT_SECONDS
    for attempt in range(retries + 1):
        _wait_for_turn(source)
        try:
            method = "GET" if json_body is None else "POST"
            with _client().stream(method, url, params=params, headers=headers, json=json_body) as response:
                status = response.status_code
                if status == 429 or status >= 500:
                    wait = _retry_after(response, attempt)
                    if attempt == retries or wait > max_wait:
                        times = "once" if attempt == 0 else f"{attempt + 1} times"
                        raise SourceError(
                            f"{label}: {name} answered {status} {times}"
                            f"{f' and asks to wait {wait:.0f} s' if wait > max_wait else ''}; try again later."
                        )
                    time.sleep(wait)
                    continue
                if status in (404, 410):
                    raise NotKnown(f"{label}: {name} does not know {what}.")
                if status >= 400:
                    raise SourceError(f"{label}: {name} refused the request ({status}).")
                return _read(response, label)
        except httpx.TimeoutException:
            if attempt == retries:
                timeout = settings.PUBDB_SOURCE_TIMEOUT_SECONDS
                raise SourceError(f"{label}: {name} did not answer within {timeout:g} s.") from None
        except httpx.TransportError as error:
            if attempt == retries:
                raise SourceError(f"{label}: cannot reach {name} ({error}).") from None
        time.sleep(BACKOFF_SECONDS * 2**attempt)
    raise AssertionError("unreachable: the loop returns or raises")


def get_json(source: str, path: str, *, what: str, params: dict | None = None, json_body: object = None) -> dict:
    """The JSON object at `path`; with `json_body`, the answer to POSTing it (a JSON array is refused)."""
    data = _json(source, path, what=what, params=params, json_body=json_body)
    if not isinstance(data, dict):
        raise SourceError(f"{what} from {NAMES[source]}: the answer is not a JSON object.")
    return data


def post_json_list(source: str, path: str, *, what: str, params: dict | None = None, json_body: object) -> list:
    """The JSON array a batch endpoint answers a POST with (Semantic Scholar's /paper/batch)."""
    data = _json(source, path, what=what, params=params, json_body=json_body)
    if not isinstance(data, list):
        raise SourceError(f"{what} from {NAMES[source]}: the answer is not a JSON list.")
    return data


def _json(source, path, *, what, params, json_body):
    body = request(source, path, what=what, params=params, accept="application/json", json_body=json_body)
    try:
        return json.loads(body)
    except ValueError:
        raise SourceError(f"{what} from {NAMES[source]}: the answer is not JSON ({_start(body)}).") from None


def get_xml(source: str, path: str, *, what: str, params: dict | None = None) -> ET.Element:
    body = request(source, path, what=what, params=params, accept="application/xml")
    try:
        return SafeET.fromstring(body)
    except (SafeET.ParseError, ValueError):  # defusedxml refuses entity declarations with a ValueError
        raise SourceError(f"{what} from {NAMES[source]}: the answer is not XML ({_start(body)}).") from None


def _start(body: bytes) -> str:
    """The first characters of an unreadable answer, so the message shows an HTML error page for what it is."""
    text = " ".join(body[:60].decode("utf-8", "replace").split())
    return f"it begins “{text}”" if text else "it is empty"
