"""The one validation of an incoming file and of each record, whichever door it comes in by.

The command line, the admin's upload, the API's writes and the source readers all call these, so a
file or an entry the admin refuses is refused by the command too, with the same message:

- a file: at most PUBDB_MAX_BIBTEX_BYTES (checked before it is read), UTF-8 text, no control
  character (reported with its line: a NUL means binary data or a broken export);
- a record: every field within its column's length and printable (pubdb.text), at most
  PUBDB_MAX_AUTHORS_PER_PAPER authors. These are checked before the writer's matching queries run:
  a 100,000-character title must be an entry's error, not a database's ("LIKE pattern too complex").
"""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat

from papers.models import Paper, Venue
from pubdb.text import describe, first_unprintable
from researchers.models import Researcher

from .records import Record


def _length(model, name: str) -> int:
    field = model._meta.get_field(name)
    if not isinstance(field, models.CharField):
        raise TypeError(f"{model.__name__}.{name} is not a text column with a length")
    return field.max_length or 0


# Record attribute -> (what a message calls it, its column's max_length).
LENGTHS = {
    **{name: (name, _length(Paper, name)) for name in ("title", "track", "pages", "volume", "number", "publisher")},
    "doi": ("DOI", _length(Paper, "doi")),
    "arxiv_id": ("arXiv id", _length(Paper, "arxiv_id")),
    "key": ("key", _length(Paper, "bibtex_key")),
    "venue_text": ("venue", _length(Venue, "name")),
    "venue_acronym": ("venue's acronym", _length(Venue, "acronym")),
}
NAME_LENGTH = _length(Researcher, "name")
TEXTS = (*LENGTHS, "abstract")


class UnreadableFile(ValueError):
    """A file pubdb will not import, with the message that says why."""


def check_size(size: int, what: str = "The import file") -> None:
    limit = settings.PUBDB_MAX_BIBTEX_BYTES
    if size > limit:
        raise UnreadableFile(
            f"{what} is {filesizeformat(size)}; the limit is {filesizeformat(limit)} (PUBDB_MAX_BIBTEX_BYTES)."
        )


def check_text(content: bytes | str, what: str = "The import file") -> str:
    """`content` as text: UTF-8 (a byte-order mark is dropped), with no control character."""
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"{what} is not UTF-8 text (byte {error.start}); save it as UTF-8 and import it again."
        ) from None
    if found := first_unprintable(text):
        line, char = found
        raise UnreadableFile(
            f"{what} contains a control character ({describe(char)}) on line {line}: is it binary data? "
            "pubdb imports text; remove the character and import it again."
        )
    return text


def read_file(path: Path) -> str:
    """The text of an import file on disk; its size is checked before it is read."""
    try:
        check_size(path.stat().st_size, f"{path.name}")
        return check_text(path.read_bytes(), f"{path.name}")
    except OSError as error:
        raise UnreadableFile(f"Cannot read {path}: {error.strerror or error}") from None


def author_count_error(count: int) -> str:
    """The message for a paper of `count` authors, "" within PUBDB_MAX_AUTHORS_PER_PAPER."""
    limit = settings.PUBDB_MAX_AUTHORS_PER_PAPER
    if count <= limit:
        return ""
    return (
        f"it has {count:,} authors; pubdb takes at most {limit} authors (PUBDB_MAX_AUTHORS_PER_PAPER): "
        "keep the first ones and end the list with “and others”"
    )


def check_record(record: Record) -> Record:
    """Add to `record.errors` what its fields break (lengths, characters, the number of authors); returns it."""
    for name in TEXTS:
        value = getattr(record, name)
        what, limit = LENGTHS.get(name, (name, None))
        if limit and len(value) > limit:
            record.errors.append(f"the {what} is {len(value):,} characters long; the limit is {limit}")
        elif found := first_unprintable(value):
            record.errors.append(f"the {what} contains a control character ({describe(found[1])})")
    if too_many := author_count_error(len(record.authors)):
        record.errors.append(too_many)
        return record  # thousands of names would each repeat the same few messages
    for entry in record.authors:
        if len(entry.name) > NAME_LENGTH:
            record.errors.append(f"an author's name is {len(entry.name):,} characters long; the limit is {NAME_LENGTH}")
        elif found := first_unprintable(entry.name):
            record.errors.append(f"the author {entry.name!r} contains a control character ({describe(found[1])})")
    for kind, url in record.links:
        if found := first_unprintable(url):
            record.errors.append(f"the {kind} link contains a control character ({describe(found[1])})")
    return record


def too_large_for_a_request(records: list[Record]) -> str:
    """Why `records` cannot be imported inside a web request (gunicorn's timeout), or "": the admin runs such a
    file as a background job (curation/jobs/), without a preview; the command has no such limit."""
    entries, authors = len(records), sum(len(record.authors) for record in records)
    too_many = []
    if entries > settings.PUBDB_ADMIN_IMPORT_MAX_ENTRIES:
        too_many.append(f"{entries:,} entries (the admin takes {settings.PUBDB_ADMIN_IMPORT_MAX_ENTRIES:,})")
    if authors > settings.PUBDB_ADMIN_IMPORT_MAX_AUTHORS:
        too_many.append(f"{authors:,} author names (the admin takes {settings.PUBDB_ADMIN_IMPORT_MAX_AUTHORS:,})")
    return f"This file has {' and '.join(too_many)}: too much to import within one web request." if too_many else ""
