"""Papers and people from the world's bibliographic sources, by identifier, through the one writer.

    report = import_identifiers(["doi:10.1/x", "arxiv:2401.12345"], user=request.user, dry_run=True)

is what the `fetch` command, the admin's "Add by identifier" page and POST /api/v1/papers/fetch/ all call.
An identifier that cannot be fetched becomes an invalid entry naming it and the source, so the report lists
it like a bad entry of a file, and nothing is written unless skip_invalid says to write the rest.

Thin readers (curation/importers/<source>.py, 50-80 lines each) over one httpx client (client.py) rather than
habanero, pyalex, arxiv or semanticscholar: each of those brings its own HTTP stack and retry policy (requests,
feedparser, aiohttp), while pubdb needs one place for the base URLs, the polite pool, rate limits, Retry-After,
the size limit and the messages; and what pubdb reads of each answer is a few fields into a Record.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from curation.importers.records import Record
from curation.importers.writer import ImportReport, import_records

from .citations import store_fetched
from .client import SourceError
from .fetch import records_for
from .identifiers import Identifier, parse_identifier, split_identifiers

FORMAT = "fetch"
MAX_IDENTIFIERS = 100  # in one admin or API request: each is at least one request to a source


def fetch_records(identifiers: list[str], fetched: Callable[[int, int, str], None] | None = None) -> list[Record]:
    """The records of each identifier; `fetched(done, total, identifier)` hears of each (a job's progress)."""
    records: list[Record] = []
    for done, text in enumerate(identifiers, start=1):
        try:
            records += records_for(parse_identifier(text))
        except (ValueError, SourceError) as error:
            records.append(Record(key=text, errors=[str(error)]))
        if fetched:
            fetched(done, len(identifiers), text)
    return records


def import_identifiers(identifiers: list[str], *, fetched=None, **options) -> ImportReport:
    """Fetch and write; the import batch is named after the identifiers, so its history says where papers came from.
    The citations OpenAlex gave with its works (counts, per year, references) are stored beside the papers."""
    identifiers = list(dict.fromkeys(identifiers))  # the same identifier pasted twice is fetched once
    name = "fetch " + " ".join(identifiers)
    report = import_records(fetch_records(identifiers, fetched), file_name=name[:255], format=FORMAT, **options)
    if report.written:
        store_fetched(report.results, timezone.localdate())
    return report


def needs_a_job(identifiers: list[str]) -> bool:
    """Too long for a web request: a person's works (hundreds of papers, pages of answers), or many identifiers."""
    if len(identifiers) > settings.PUBDB_FETCH_IN_REQUEST_MAX_IDENTIFIERS:
        return True
    for text in identifiers:
        try:
            if parse_identifier(text).is_person:
                return True
        except ValueError:
            pass  # the fetch reports it
    return False


__all__ = [
    "FORMAT",
    "MAX_IDENTIFIERS",
    "Identifier",
    "SourceError",
    "fetch_records",
    "import_identifiers",
    "needs_a_job",
    "parse_identifier",
    "split_identifiers",
]
