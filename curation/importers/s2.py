"""A Semantic Scholar Graph API paper (/paper/{id}?fields=...) -> a Record."""

from curation.authors import AuthorEntry
from papers.models import Paper

from .records import Record, clean_doi, find_arxiv_id, normalise_pages, parse_int, set_venue

# The fields pubdb asks for: what a Record holds, and the counts refresh_citations reads.
FIELDS = "title,abstract,year,publicationDate,venue,publicationVenue,journal,publicationTypes,externalIds,authors"
VENUE_KINDS = {"conference": Paper.Kind.CONFERENCE, "journal": Paper.Kind.JOURNAL}


def to_record(paper: dict, slugs: dict[str, str]) -> Record:
    record = Record(key=f"s2:{paper.get('paperId', '')}")
    ids = paper.get("externalIds") or {}
    venue = paper.get("publicationVenue") or {}
    journal = paper.get("journal") or {}
    types = paper.get("publicationTypes") or []
    record.kind = VENUE_KINDS.get(venue.get("type") or "", Paper.Kind.JOURNAL if "JournalArticle" in types else "")
    record.title = " ".join(str(paper.get("title") or "").split())
    if not record.title:
        record.errors.append("Semantic Scholar gives it no title")
    try:
        record.year = parse_int(paper.get("year"))
        date = [parse_int(p) for p in (paper.get("publicationDate") or "").split("-")[1:3]]
        record.month, record.day = (date + [None, None])[:2]
    except ValueError:
        record.errors.append(f'the date "{paper.get("publicationDate")}" is not a date')
    record.authors = [
        AuthorEntry(
            name=" ".join(str(a.get("name") or "").split()),
            position=position,
            researcher_slug=slugs.get(str(a.get("authorId")), ""),
        )
        for position, a in enumerate(paper.get("authors") or [], start=1)
    ]
    record.doi = clean_doi(ids.get("DOI"))
    record.arxiv_id = find_arxiv_id(f"arXiv:{ids['ArXiv']}" if ids.get("ArXiv") else "")
    if record.doi.lower().startswith("10.48550/arxiv."):
        record.doi = ""
    name = venue.get("name") or paper.get("venue") or journal.get("name") or ""
    if not record.kind and not name or name.lower() in ("arxiv", "arxiv.org"):
        record.kind, record.status = Paper.Kind.PREPRINT, Paper.Status.PREPRINT
    else:
        record.kind = record.kind or Paper.Kind.CONFERENCE
        set_venue(record, name)
        record.volume, record.pages = (journal.get("volume") or "").strip(), normalise_pages(journal.get("pages"))
    record.abstract = " ".join(str(paper.get("abstract") or "").split())
    return record
