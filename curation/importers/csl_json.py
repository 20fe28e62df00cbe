"""CSL-JSON (what Zotero, citeproc and pubdb's own export write) -> Records."""

import json

from curation.authors import AuthorEntry
from papers.authors import OTHERS, names_in_note
from papers.models import Paper

from .records import FORTHCOMING, Record, clean_doi, find_arxiv_id, normalise_pages, parse_int, set_venue

KINDS = {
    "paper-conference": Paper.Kind.CONFERENCE,
    "article-journal": Paper.Kind.JOURNAL,
    "article": Paper.Kind.PREPRINT,
    "thesis": Paper.Kind.THESIS,
    "report": Paper.Kind.REPORT,
    "chapter": Paper.Kind.CHAPTER,
    "book": Paper.Kind.BOOK,
}


def parse(text):
    data = json.loads(text)
    items = data if isinstance(data, list) else [data]
    return [to_record(item, number) for number, item in enumerate(items, start=1)]


def _name(person):
    """A CSL name object -> the name as printed: 'Zoë Ñúñez de la Peña' from given, particle and family."""
    if not isinstance(person, dict):
        return " ".join(str(person).split())
    if literal := person.get("literal") or person.get("name"):
        return " ".join(str(literal).split())
    parts = [person.get(k, "") for k in ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")]
    return " ".join(" ".join(parts).split())


def _is_organization(person):
    """An organisation: a name-only author (Crossref's `name`) or a literal of several words ({"literal":
    "OpenAI Team"}); a one-word literal is a one-word person's name (pubdb's export of 王小明)."""
    if not isinstance(person, dict) or any(person.get(k) for k in ("given", "family")):
        return False
    return bool(person.get("name")) or len(str(person.get("literal") or "").split()) > 1


def to_record(item, number):
    if not isinstance(item, dict):
        return Record(key=f"item {number}", errors=["it is not a CSL-JSON object"])
    record = Record(key=str(item.get("id") or f"item {number}"))
    record.kind = KINDS.get(item.get("type") or "", "")
    if not record.kind:
        record.errors.append(f'the CSL type "{item.get("type")}" is not supported')
    record.title = " ".join(str(item.get("title") or "").split())
    if not record.title:
        record.errors.append("it has no title")
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    try:
        record.year, record.month, record.day = (parse_int(p) for p in (list(parts) + [None] * 3)[:3])
    except (TypeError, ValueError):
        record.errors.append(f"the date {parts} is not a date")
    names = [_name(person) for person in item.get("author") or []]
    if names and names[-1].lower() == OTHERS:  # pubdb's own export of a truncated list
        names, record.authors_truncated = names[:-1], True
    record.authors = [
        AuthorEntry(name=name, position=position, organization=_is_organization(person))
        for position, (name, person) in enumerate(zip(names, item.get("author") or [], strict=False), start=1)
    ]
    record.authors += [AuthorEntry(name=name) for name in names_in_note(item.get("note"))]
    record.doi = clean_doi(item.get("DOI") or "")
    record.arxiv_id = find_arxiv_id(*(str(item.get(name) or "") for name in ("number", "URL", "note")))
    record.venue_acronym = item.get("container-title-short") or ""
    set_venue(record, item.get("container-title") or "")
    if FORTHCOMING.match(str(item.get("status") or "")) and record.kind != Paper.Kind.PREPRINT:
        record.status = Paper.Status.ACCEPTED
    if record.kind == Paper.Kind.PREPRINT:
        record.status, record.venue_text, record.venue_acronym = Paper.Status.PREPRINT, "", ""
    record.pages = normalise_pages(item.get("page") or "")
    record.volume, record.number = str(item.get("volume") or ""), str(item.get("issue") or "")
    record.publisher, record.abstract = item.get("publisher") or "", item.get("abstract") or ""
    url = item.get("URL") or ""
    if url.startswith("http") and "arxiv.org" not in url and "doi.org" not in url:
        record.links.append(("paper", url))
    return record
