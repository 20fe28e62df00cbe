"""RIS (Zotero, EndNote, Mendeley, publishers' "download citation", pubdb's own export) -> Records, on rispy."""

import re

import rispy

from curation.authors import AuthorEntry
from papers.authors import OTHERS, names_in_note
from papers.models import Paper

from .records import FORTHCOMING, Record, clean_doi, find_arxiv_id, normalise_pages, parse_int, parse_year, set_venue

KINDS = {
    "CPAPER": Paper.Kind.CONFERENCE,
    "CONF": Paper.Kind.CONFERENCE,
    "JOUR": Paper.Kind.JOURNAL,
    "EJOUR": Paper.Kind.JOURNAL,
    "UNPB": Paper.Kind.PREPRINT,
    "THES": Paper.Kind.THESIS,
    "RPRT": Paper.Kind.REPORT,
    "CHAP": Paper.Kind.CHAPTER,
    "BOOK": Paper.Kind.BOOK,
}


RECORD_START = re.compile(r"^TY  - ", re.M)


def parse(text):
    """RIS text -> Records; a file with no record, or a record without its `ER  -` line, is refused
    (rispy would drop it silently)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    entries = rispy.loads(text)
    started = len(RECORD_START.findall(text))
    if not started:
        raise ValueError('no record starts with "TY  - "')
    if started != len(entries):
        raise ValueError(f'{started - len(entries)} of {started} records do not end with "ER  - "')
    return [to_record(entry, number) for number, entry in enumerate(entries, start=1)]


def _name(name):
    """'Peña, Zoë Ñúñez de la' is not RIS; 'de la Peña, Zoë Ñúñez' -> 'Zoë Ñúñez de la Peña'; 'Zhang, Chen, Jr.'."""
    family, _, rest = name.partition(",")
    given, _, suffix = rest.partition(",")
    return " ".join(" ".join((given, family, suffix)).split())


def _first(entry, *keys):
    return next((" ".join(str(entry[key]).split()) for key in keys if entry.get(key)), "")


def to_record(entry, number):
    record = Record(key=_first(entry, "id") or f"record {number}")
    kind = entry.get("type_of_reference") or ""
    record.kind = KINDS.get(kind, "")
    if not record.kind:
        record.errors.append(f'the RIS type "{kind}" is not supported')
    record.title = _first(entry, "title", "primary_title")
    if not record.title:
        record.errors.append("it has no title")
    year = _first(entry, "year", "publication_year")
    date = (entry.get("date") or "").split("/")  # 2024/07/05/ or 2024/07//
    try:
        record.year = parse_year(year.split("/")[0]) or parse_year(date[0])
        record.month, record.day = (parse_int(p) for p in (date[1:] + ["", ""])[:2])
    except ValueError:
        record.errors.append(f'the date "{year or entry.get("date")}" is not a date')

    names = [_name(n) for n in (entry.get("authors") or entry.get("first_authors") or [])]
    if names and names[-1].lower() == OTHERS:  # pubdb's own export of a truncated list
        names, record.authors_truncated = names[:-1], True
    record.authors = [AuthorEntry(name=name, position=position) for position, name in enumerate(names, start=1)]
    notes = entry.get("notes") or []
    record.authors += [AuthorEntry(name=name) for note in notes for name in names_in_note(note)]
    if any(FORTHCOMING.match(note.strip()) for note in notes) and record.kind != Paper.Kind.PREPRINT:
        record.status = Paper.Status.ACCEPTED

    urls = entry.get("urls") or []
    record.doi = clean_doi(_first(entry, "doi"))
    record.arxiv_id = find_arxiv_id(*urls)
    record.venue_acronym = _first(entry, "alternate_title1", "alternate_title2")
    set_venue(record, _first(entry, "secondary_title", "journal_name", "alternate_title3"))
    if record.kind == Paper.Kind.PREPRINT:
        record.status, record.venue_text, record.venue_acronym = Paper.Status.PREPRINT, "", ""
    first, last = _first(entry, "start_page"), _first(entry, "end_page")
    record.pages = normalise_pages(f"{first}-{last}" if first and last else first)
    record.volume, record.number = _first(entry, "volume"), _first(entry, "number")
    record.publisher, record.abstract = _first(entry, "publisher"), (entry.get("abstract") or "").strip()
    pdfs = entry.get("file_attachments1") or []
    record.links += [("pdf", url) for url in ([pdfs] if isinstance(pdfs, str) else pdfs) if url.startswith("http")]
    record.links += [
        ("paper", url) for url in urls if url.startswith("http") and "arxiv.org" not in url and "doi.org" not in url
    ]
    return record
