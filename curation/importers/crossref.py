"""A Crossref work (the REST API's /works/{doi} `message`) -> a Record.

Crossref's odd cases: organisations as authors ({"name": ...}), authors with no given name, dates with only a
year (`date-parts: [[2023]]`), abstracts in JATS XML (`<jats:p>`), and preprints (`posted-content`).
"""

import html
import re

from curation.authors import AuthorEntry
from papers.models import Paper

from .records import Record, clean_doi, find_arxiv_id, is_arxiv_doi, normalise_pages, orcid_of, set_venue

KINDS = {
    "journal-article": Paper.Kind.JOURNAL,
    "proceedings-article": Paper.Kind.CONFERENCE,
    "posted-content": Paper.Kind.PREPRINT,
    "book-chapter": Paper.Kind.CHAPTER,
    "dissertation": Paper.Kind.THESIS,
    "report": Paper.Kind.REPORT,
    "book": Paper.Kind.BOOK,
}
JATS_TITLE = re.compile(r"<jats:title[^>]*>.*?</jats:title>", re.S)
TAG = re.compile(r"<[^>]+>")
DATE_FIELDS = ("published-print", "published-online", "published", "issued", "created")


def strip_jats(text: str) -> str:
    """'<jats:title>Abstract</jats:title><jats:p>We &amp; ...</jats:p>' -> 'We & ...'."""
    return " ".join(html.unescape(TAG.sub(" ", JATS_TITLE.sub("", text or ""))).split())


def first(values) -> str:
    return " ".join(html.unescape(str(values[0])).split()) if isinstance(values, list) and values else ""


def date_parts(work: dict) -> list:
    """The first of Crossref's dates that has a year: [2023], [2023, 7] or [2023, 7, 9]."""
    for name in DATE_FIELDS:
        parts = ((work.get(name) or {}).get("date-parts") or [[]])[0]
        if parts and parts[0]:
            return [int(p) for p in parts[:3] if p]
    return []


def _iso(record: Record) -> str:
    return "-".join(f"{p:02d}" for p in (record.year, record.month, record.day) if p)


def to_record(work: dict, slugs: dict[str, str]) -> Record:
    record = Record(key=f"doi:{work.get('DOI', '')}")
    record.kind = KINDS.get(work.get("type") or "", Paper.Kind.JOURNAL)
    record.title = first(work.get("title"))
    subtitle = first(work.get("subtitle"))
    if subtitle and subtitle.lower() not in record.title.lower():
        record.title = f"{record.title}: {subtitle}"
    if not record.title:
        record.errors.append("Crossref gives it no title")
    record.year, record.month, record.day = (date_parts(work) + [None, None, None])[:3]
    for position, author in enumerate(work.get("author") or [], start=1):
        # An organisation has only a name; a person may have no given name.
        name = author.get("name") or " ".join(p for p in (author.get("given"), author.get("family")) if p)
        orcid = orcid_of(author.get("ORCID"))
        record.authors.append(
            AuthorEntry(name=" ".join(name.split()), position=position, researcher_slug=slugs.get(orcid, ""))
        )
    record.doi = clean_doi(work.get("DOI"))
    relations = work.get("relation") or {}
    preprints = [r.get("id", "") for r in relations.get("has-preprint", []) if r.get("id-type") in ("doi", "arxiv")]
    record.arxiv_id = find_arxiv_id(*[f"arXiv:{p.rsplit('arXiv.', 1)[-1]}" for p in preprints])
    dois = [clean_doi(r.get("id", "")) for r in relations.get("has-preprint", []) if r.get("id-type") == "doi"]
    record.preprint_dois = [doi for doi in dois if doi and not is_arxiv_doi(doi)]
    if record.kind == Paper.Kind.PREPRINT:
        record.status = Paper.Status.PREPRINT
        # A preprint server's DOI that names its published version: the writer joins it to that paper.
        published = [r.get("id", "") for r in relations.get("is-preprint-of", []) if r.get("id-type") == "doi"]
        record.published_doi = clean_doi(published[0]) if published else ""
        server = ((work.get("institution") or [{}])[0]).get("name") or work.get("publisher") or "Preprint"
        record.versions = [{"server": server, "identifier": f"doi:{record.doi}", "date": _iso(record)}]
    else:
        set_venue(record, first(work.get("container-title")) or (work.get("event") or {}).get("name", ""))
    record.pages = normalise_pages(work.get("page"))
    record.volume, record.number = work.get("volume") or "", work.get("issue") or ""
    record.publisher = work.get("publisher") or ""
    record.abstract = strip_jats(work.get("abstract") or "")
    return record
