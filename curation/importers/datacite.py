"""A DataCite DOI (the REST API's /dois/{doi} `data.attributes`) -> a Record.

DataCite registers arXiv's DOIs (10.48550/arXiv.*), Zenodo's and many repositories': creators may be
organisations (nameType "Organizational"), and a DOI of arXiv's is a preprint known by its arXiv id.
"""

from curation.authors import AuthorEntry
from papers.models import Paper

from .records import Record, clean_doi, find_arxiv_id, normalise_pages, orcid_of, parse_int, set_venue

KINDS = {
    "Preprint": Paper.Kind.PREPRINT,
    "JournalArticle": Paper.Kind.JOURNAL,
    "ConferencePaper": Paper.Kind.CONFERENCE,
    "BookChapter": Paper.Kind.CHAPTER,
    "Dissertation": Paper.Kind.THESIS,
    "Report": Paper.Kind.REPORT,
    "Book": Paper.Kind.BOOK,
}


def _name(creator: dict) -> str:
    if creator.get("nameType") == "Personal" and creator.get("familyName"):
        return " ".join(p for p in (creator.get("givenName"), creator.get("familyName")) if p)
    return creator.get("name") or ""


def to_record(attributes: dict, slugs: dict[str, str]) -> Record:
    record = Record(key=f"doi:{attributes.get('doi', '')}")
    types = attributes.get("types") or {}
    record.kind = KINDS.get(types.get("resourceTypeGeneral") or "", Paper.Kind.REPORT)
    titles = attributes.get("titles") or [{}]
    record.title = " ".join(str(titles[0].get("title") or "").split())
    if not record.title:
        record.errors.append("DataCite gives it no title")
    try:
        record.year = parse_int(attributes.get("publicationYear"))
    except ValueError:
        record.errors.append(f'the year "{attributes.get("publicationYear")}" is not a number')
    for position, creator in enumerate(attributes.get("creators") or [], start=1):
        orcids = [
            orcid_of(i.get("nameIdentifier"))
            for i in creator.get("nameIdentifiers") or []
            if (i.get("nameIdentifierScheme") or "").upper() == "ORCID"
        ]
        slug = next((slugs[o] for o in orcids if o in slugs), "")
        record.authors.append(
            AuthorEntry(name=" ".join(_name(creator).split()), position=position, researcher_slug=slug)
        )
    record.doi = clean_doi(attributes.get("doi"))
    publisher = attributes.get("publisher") or ""
    record.publisher = publisher.get("name", "") if isinstance(publisher, dict) else publisher
    if record.doi.lower().startswith("10.48550/arxiv."):
        record.arxiv_id = find_arxiv_id("arXiv:" + record.doi.split(".", 2)[-1])
        record.doi, record.publisher, record.kind = "", "", Paper.Kind.PREPRINT
    if record.kind == Paper.Kind.PREPRINT:
        record.status = Paper.Status.PREPRINT
    container = attributes.get("container") or {}
    if container.get("title") and record.kind != Paper.Kind.PREPRINT:
        set_venue(record, container["title"])
    record.volume, record.number = container.get("volume") or "", container.get("issue") or ""
    pages = "-".join(p for p in (container.get("firstPage"), container.get("lastPage")) if p)
    record.pages = normalise_pages(pages)
    abstracts = [d for d in attributes.get("descriptions") or [] if d.get("descriptionType") == "Abstract"]
    record.abstract = " ".join(str(abstracts[0].get("description") or "").split()) if abstracts else ""
    return record
