"""An ORCID public record (/v3.0/{orcid}/record, JSON) -> one Record per work.

ORCID groups the versions of a work (a preprint, the article) and lists each group's external ids (doi,
arxiv, eid, …). A work summary names no co-authors: the Record has the record's own person, marked
truncated, so a later import from a fuller source completes the author list.
"""

from curation.authors import AuthorEntry
from papers.models import Paper

from .records import Record, clean_doi, find_arxiv_id, parse_int, set_venue

KINDS = {
    "journal-article": Paper.Kind.JOURNAL,
    "conference-paper": Paper.Kind.CONFERENCE,
    "preprint": Paper.Kind.PREPRINT,
    "working-paper": Paper.Kind.PREPRINT,
    "book-chapter": Paper.Kind.CHAPTER,
    "dissertation-thesis": Paper.Kind.THESIS,
    "dissertation": Paper.Kind.THESIS,
    "report": Paper.Kind.REPORT,
    "book": Paper.Kind.BOOK,
}


def _value(node) -> str:
    return str((node or {}).get("value") or "").strip() if isinstance(node, dict) else ""


def person_name(record: dict) -> str:
    name = (record.get("person") or {}).get("name") or {}
    given, family = _value(name.get("given-names")), _value(name.get("family-name"))
    return _value(name.get("credit-name")) or " ".join(p for p in (given, family) if p)


def work_groups(record: dict) -> list[dict]:
    return ((record.get("activities-summary") or {}).get("works") or {}).get("group") or []


def to_record(group: dict, owner: AuthorEntry) -> Record:
    summary = (group.get("work-summary") or [{}])[0]
    ids: dict[str, str] = {}
    for item in (group.get("external-ids") or {}).get("external-id") or summary.get("external-ids", {}).get(
        "external-id", []
    ):
        kind = (item.get("external-id-type") or "").lower()
        ids.setdefault(kind, _value(item.get("external-id-normalized")) or item.get("external-id-value") or "")
    record = Record(key=f"orcid work {summary.get('put-code', '')}")
    record.kind = KINDS.get(summary.get("type") or "", Paper.Kind.JOURNAL)
    record.title = " ".join(_value((summary.get("title") or {}).get("title")).split())
    if not record.title:
        record.errors.append("ORCID gives it no title")
    date = summary.get("publication-date") or {}
    try:
        record.year, record.month, record.day = (parse_int(_value(date.get(p))) for p in ("year", "month", "day"))
    except ValueError:
        record.errors.append("its publication date is not a date")
    record.authors, record.authors_truncated = [owner], True
    record.doi = clean_doi(ids.get("doi"))
    record.arxiv_id = find_arxiv_id(f"arXiv:{ids['arxiv'].removeprefix('arXiv:')}" if ids.get("arxiv") else "")
    if record.doi.lower().startswith("10.48550/arxiv."):
        record.arxiv_id = record.arxiv_id or find_arxiv_id("arXiv:" + record.doi.split(".", 2)[-1])
        record.doi = ""
    if record.kind == Paper.Kind.PREPRINT:
        record.status = Paper.Status.PREPRINT
    else:
        set_venue(record, _value(summary.get("journal-title")))
    return record
