"""BibTeX as researchers write it -> Records, on bibtexparser 2's middlewares and pylatexenc.

bibtexparser resolves single @string references, strips enclosing braces, turns
month macros into numbers and splits names ("Last, First", "First von Last",
"Last, Jr., First"); pylatexenc decodes LaTeX to Unicode. What bibtexparser
leaves undone is added here: `#` concatenation, `crossref`, and decoding each
name part after splitting (so braces protect corporate names while splitting).
"""

import logging
import re
from functools import lru_cache

import bibtexparser
from bibtexparser.middlewares import MonthIntMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware
from bibtexparser.middlewares.latex_encoding import LatexDecodingMiddleware
from bibtexparser.middlewares.middleware import BlockMiddleware, LibraryMiddleware
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import DuplicateBlockKeyBlock, MiddlewareErrorBlock

from curation.authors import AuthorEntry
from papers.authors import OTHERS, names_in_note
from papers.models import Paper

from .latex import DISTINCT_STRINGS, Decoder
from .records import FORTHCOMING, Record, clean_doi, find_arxiv_id, normalise_pages, parse_year, set_venue

KINDS = {
    "inproceedings": Paper.Kind.CONFERENCE,
    "conference": Paper.Kind.CONFERENCE,
    "article": Paper.Kind.JOURNAL,
    "misc": Paper.Kind.PREPRINT,
    "unpublished": Paper.Kind.PREPRINT,
    "online": Paper.Kind.PREPRINT,
    "phdthesis": Paper.Kind.THESIS,
    "mastersthesis": Paper.Kind.THESIS,
    "techreport": Paper.Kind.REPORT,
    "book": Paper.Kind.BOOK,
    "incollection": Paper.Kind.CHAPTER,
    "inbook": Paper.Kind.CHAPTER,
}
# Volumes that crossref entries point at: their fields are inherited, they are not papers.
CONTAINER_TYPES = {"proceedings", "collection", "journal"}
MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
PREPRINT_SERVERS = re.compile(r"^\s*(arxiv|corr|biorxiv|medrxiv|ssrn)\b", re.I)
# al-folio marks equal contribution with * after the family name; pubdb reads † as corresponding author.
NAME_MARKS = {"*": "equal", "∗": "equal", "†": "corresponding"}
KEY_AT_START = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")

# One decoder for fields and name parts alike; math stays as written ($\alpha$), readable.
DECODER = Decoder(math_mode="verbatim")


def _split_concatenation(value):
    """'acl # " (Volume 1)"' -> ['acl', '" (Volume 1)"']: split on # outside braces and quotes."""
    if "#" not in value:  # most values: read character by character only when they may concatenate
        return [value.strip()]
    parts: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return parts


class ConcatenationMiddleware(LibraryMiddleware):
    """Resolves @string macros and `#` concatenation (bibtexparser resolves lone macros only).

    A lone unknown macro (`month = jul`) is left for the month middleware.
    """

    @classmethod
    def metadata_key(cls):
        return "pubdb_concatenation"

    def transform(self, library):
        strings: dict[str, str] = {}

        def resolve(value):
            parts = _split_concatenation(value)
            if len(parts) == 1 and parts[0].lower() not in strings:
                return value
            pieces = []
            for part in parts:
                if part[:1] in '{"' and part[-1:] in '}"':
                    pieces.append(part[1:-1])
                else:
                    pieces.append(strings.get(part.lower(), part))
            return "{" + "".join(pieces) + "}"

        for string in library.strings:
            string.value = resolve(string.value)
            strings[string.key.lower()] = string.value[1:-1] if string.value[:1] == "{" else string.value.strip('"')
        for entry in library.entries:
            for field in entry.fields:
                if isinstance(field.value, str):
                    field.value = resolve(field.value)
        return library


# An accent command on one letter: \~N, \'{u}, \"o.
BARE_ACCENT = re.compile(r"\\([`'^\"~=.])\s*(\{\w\}|\w)")
NAME_FIELDS = ("author", "editor")


class BracedAccentsInNames(BlockMiddleware):
    """`\\~N` -> `{\\~N}` in names: bibtexparser splits name parts at `~` (BibTeX's tie) otherwise."""

    @classmethod
    def metadata_key(cls):
        return "pubdb_braced_accents"

    def transform_entry(self, entry, library):
        for field in entry.fields:
            if field.key.lower() in NAME_FIELDS and isinstance(field.value, str):
                field.value = BARE_ACCENT.sub(r"{\\\1\2}", field.value)
        return entry


class SplitNamesOnce(SplitNameParts):
    """bibtexparser's SplitNameParts, splitting each distinct name once: a file prints its people again and again.
    The entries that print a name share its NameParts, which nothing changes (the decoding below reads them)."""

    def _transform_field_value(self, name):
        if not isinstance(name, list):
            return super()._transform_field_value(name)  # its error: SeparateCoAuthors did not run
        return [_name_parts(n) for n in name]


@lru_cache(maxsize=DISTINCT_STRINGS)
def _name_parts(name):
    return parse_single_name_into_parts(name)


PARSE_STACK = [
    ConcatenationMiddleware(),
    RemoveEnclosingMiddleware(),
    BracedAccentsInNames(),
    SeparateCoAuthors(),
    SplitNamesOnce(),
    LatexDecodingMiddleware(decoder=DECODER),  # leaves the split names alone; decoded below
    MonthIntMiddleware(),
]


def parse(text):
    """BibTeX text -> list of Records (bad entries carry `errors`), in file order."""
    # bibtexparser also logs each failed block; the Records carry the reason instead.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text, parse_stack=PARSE_STACK)
    by_key = {entry.key.lower(): entry for entry in library.entries}
    failed = {id(block) for block in library.failed_blocks}  # a property that scans every block: read it once
    records = []
    for block in library.blocks:
        if isinstance(block, MiddlewareErrorBlock | DuplicateBlockKeyBlock) or id(block) in failed:
            records.append(_failed(block))
        elif hasattr(block, "entry_type") and block.entry_type.lower() not in CONTAINER_TYPES:
            records.append(to_record(block, by_key))
    return sorted(records, key=lambda r: r.line or 0)


def _failed(block):
    match = KEY_AT_START.search(block.raw or "")
    record = Record(key=match.group(1) if match else "?", line=(block.start_line or 0) + 1)
    if isinstance(block, DuplicateBlockKeyBlock):
        record.errors.append(f'the key "{block.key}" is used twice')
    else:
        error = getattr(block, "error", None)
        reason = getattr(error, "abort_reason", "") or str(error or "")
        record.errors.append(f"it does not parse: {reason.strip()}" if reason.strip() else "it does not parse")
    return record


def _text(fields, name):
    value = fields.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _person(parts):
    """NameParts -> printed name: 'First von Last Jr.', each part decoded from LaTeX."""
    words = [DECODER.latex_to_text(p) for p in parts.first + parts.von + parts.last + parts.jr]
    return " ".join(" ".join(words).split())


def _is_organization(parts):
    """`{Ling Team}`: a name of several words braced whole, BibTeX's way of writing an organisation
    (a braced single word, `{王小明}`, is a one-word person)."""
    (only, *more) = parts.last or [""]
    whole = not (parts.first or parts.von or parts.jr or more)
    return whole and only.startswith("{") and only.endswith("}") and len(only[1:-1].split()) > 1


def _marks(annotation):
    """biblatex `author+an = {1=equal; 2=equal,corresponding}` -> {1: {"equal", "corresponding"}}."""
    marks = {}
    for item in (annotation or "").split(";"):
        position, _, values = item.partition("=")
        if position.strip().isdigit():
            marks[int(position)] = {v.strip() for v in values.split(",")}
    return marks


def to_record(entry, by_key):
    record = Record(key=entry.key, line=(entry.start_line or 0) + 1)
    fields = {f.key.lower(): f.value for f in entry.fields}
    parent_key = _text(fields, "crossref")
    if parent_key:
        parent = by_key.get(parent_key.lower())
        if parent is None:
            record.errors.append(f'crossref "{parent_key}" names no entry in this file')
        else:
            inherited = {f.key.lower(): f.value for f in parent.fields}
            if "title" in inherited and "booktitle" not in inherited:
                inherited["booktitle"] = inherited["title"]
            inherited.pop("title", None)
            fields = {**inherited, **fields}

    entry_type = entry.entry_type.lower()
    record.kind = KINDS.get(entry_type, "")
    if not record.kind:
        record.errors.append(f"@{entry_type} entries are not supported")
    record.title = _text(fields, "title")
    if not record.title:
        record.errors.append("it has no title")
    _set_date(record, fields)

    names = fields.get("author") or []
    marks = _marks(_text(fields, "author+an"))
    for position, parts in enumerate(names, start=1):
        name = _person(parts)
        if name.lower() == OTHERS:
            record.authors_truncated = True
            break
        mark = marks.get(position, set())
        for symbol, meaning in NAME_MARKS.items():  # al-folio: "Zhang*, Chen"
            if symbol in name:
                mark, name = mark | {meaning}, " ".join(name.replace(symbol, "").split())
        record.authors.append(
            AuthorEntry(
                name=name,
                position=position,
                equal_contribution="equal" in mark,
                corresponding="corresponding" in mark,
                organization=_is_organization(parts),
            )
        )

    # pubdb's exports name the authors known beyond a truncated list in a note: they come back without a position.
    record.authors += [AuthorEntry(name=name) for name in names_in_note(_text(fields, "note"))]

    venue = _text(fields, "booktitle") or _text(fields, "journal")
    if record.kind == Paper.Kind.THESIS:
        venue = _text(fields, "school")
    elif record.kind == Paper.Kind.REPORT:
        venue = _text(fields, "institution")
    url = _text(fields, "url")
    record.doi = clean_doi(_text(fields, "doi")) or (clean_doi(url) if "doi.org" in url else "")
    eprint = _text(fields, "eprint")
    prefix = (_text(fields, "archiveprefix") or _text(fields, "eprinttype")).lower()
    # "2401.12345", "arXiv:2401.12345v2"; an eprint of another server (prefix "hal") is not an arXiv id.
    from_eprint = find_arxiv_id("arXiv:" + eprint.removeprefix("arXiv:")) if prefix in ("", "arxiv") else ""
    alfolio = _text(fields, "arxiv")
    record.arxiv_id = from_eprint or find_arxiv_id(alfolio and "arXiv:" + alfolio, venue, url, _text(fields, "note"))
    if _text(fields, "primaryclass"):
        record.categories = [_text(fields, "primaryclass")]
    if PREPRINT_SERVERS.match(venue) or (record.kind == Paper.Kind.PREPRINT and not venue):
        record.kind, record.status, venue = Paper.Kind.PREPRINT, Paper.Status.PREPRINT, ""
    # The acronym: biblatex's short titles (pubdb's exports), al-folio's `abbr`.
    record.venue_acronym = next(
        (_text(fields, name) for name in ("shortjournal", "shortbooktitle", "abbr") if _text(fields, name)), ""
    )
    set_venue(record, venue)
    if FORTHCOMING.match(_text(fields, "pubstate")) and record.kind != Paper.Kind.PREPRINT:
        record.status = Paper.Status.ACCEPTED
    record.pages = normalise_pages(_text(fields, "pages"))
    record.volume, record.number = _text(fields, "volume"), _text(fields, "number")
    record.publisher = _text(fields, "publisher")
    record.abstract = (fields.get("abstract") or "").strip()
    # `pdf` before `url`: pubdb's export writes a PDF that is the only link as both.
    for kind, name in [("pdf", "pdf"), ("paper", "url"), ("code", "code")]:
        link = _text(fields, name)
        if link.startswith(("http://", "https://")) and "doi.org/" not in link and "arxiv.org/abs" not in link:
            record.links.append((kind, link))
    return record


def _set_date(record, fields):
    try:
        record.year = parse_year(_text(fields, "year"))
    except ValueError:
        record.errors.append(f'the year "{_text(fields, "year")}" is not a number')
    month = fields.get("month")
    if isinstance(month, int) or (isinstance(month, str) and month.strip().isdigit()):
        record.month = int(month)
    elif isinstance(month, str) and month.strip()[:3].lower() in MONTH_NAMES:
        record.month = MONTH_NAMES.index(month.strip()[:3].lower()) + 1
    elif month:
        record.errors.append(f'the month "{month}" is not a month')
    if record.month and not 1 <= record.month <= 12:
        record.errors.append(f"the month {record.month} is not between 1 and 12")
