"""OpenAlex works JSON (one work, a list, or an API page with "results"), saved to disk -> Records.

Authors with an ORCID link the researcher holding that ORCID iD.
"""

import json
import re

from curation.authors import AuthorEntry
from papers.models import Paper
from researchers.models import Researcher

from .records import Cited, Record, clean_doi, find_arxiv_id, is_arxiv_doi, normalise_pages, parse_int

KINDS = {
    "preprint": Paper.Kind.PREPRINT,
    "book-chapter": Paper.Kind.CHAPTER,
    "dissertation": Paper.Kind.THESIS,
    "book": Paper.Kind.BOOK,
    "report": Paper.Kind.REPORT,
}
SOURCE_KINDS = {"conference": Paper.Kind.CONFERENCE, "journal": Paper.Kind.JOURNAL, "repository": Paper.Kind.PREPRINT}
PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")  # "medRxiv (Cold Spring Harbor Laboratory)" -> "medRxiv"
WORK_ID = re.compile(r"(?:https://openalex\.org/)?(W\d{1,18})$", re.I)


def parse(text):
    data = json.loads(text)
    works = data.get("results", [data]) if isinstance(data, dict) else data
    slugs = dict(Researcher.objects.exclude(orcid="").values_list("orcid", "slug"))
    return [to_record(work, number, slugs) for number, work in enumerate(works, start=1)]


def _abstract(inverted):
    """OpenAlex ships abstracts as {word: [positions]}."""
    if not inverted:
        return ""
    words = {position: word for word, positions in inverted.items() for position in positions}
    return " ".join(words[p] for p in sorted(words))


def work_id(text) -> str:
    """'https://openalex.org/W4385570001' -> 'W4385570001'; '' when it is not a work's id."""
    match = WORK_ID.match(str(text or "").strip())
    return match.group(1).upper() if match else ""


def cited(work: dict) -> Cited:
    """The work's citation count, `counts_by_year` (the last ten years; years without citations left out) and
    `referenced_works`; a field the answer does not carry (a `select` left it out) is None, not empty."""
    per_year = None
    if isinstance(work.get("counts_by_year"), list):
        rows = [row for row in work["counts_by_year"] if isinstance(row, dict)]
        per_year = {
            row["year"]: row["cited_by_count"]
            for row in rows
            if isinstance(row.get("year"), int)
            and isinstance(row.get("cited_by_count"), int)
            and row["cited_by_count"] >= 0
        }
    references = None
    if isinstance(work.get("referenced_works"), list):
        references = list(dict.fromkeys(filter(None, map(work_id, work["referenced_works"]))))
    count = work.get("cited_by_count")
    return Cited(
        count=count if isinstance(count, int) and count >= 0 else None,
        per_year=per_year,
        openalex_id=work_id(work.get("id")),
        references=references,
    )


def to_record(work, number, slugs, owner=""):
    """`owner`: the OpenAlex author whose works these are; their entries carry their ORCID for the writer."""
    if not isinstance(work, dict):
        return Record(key=f"work {number}", errors=["it is not an OpenAlex work"])
    record = Record(key=str(work.get("id") or f"work {number}").rsplit("/", 1)[-1])
    source = ((work.get("primary_location") or {}).get("source")) or {}
    record.kind = KINDS.get(work.get("type") or "") or SOURCE_KINDS.get(source.get("type") or "", Paper.Kind.JOURNAL)
    record.title = " ".join(str(work.get("title") or work.get("display_name") or "").split())
    if not record.title:
        record.errors.append("it has no title")
    try:
        record.year = parse_int(work.get("publication_year"))
        date = [parse_int(p) for p in (work.get("publication_date") or "").split("-")[1:3]]
        record.month, record.day = (date + [None, None])[:2]
    except ValueError:
        record.errors.append(f'the date "{work.get("publication_date")}" is not a date')
    for position, authorship in enumerate(work.get("authorships") or [], start=1):
        author = authorship.get("author") or {}
        orcid = (author.get("orcid") or "").rsplit("/", 1)[-1]
        record.authors.append(
            AuthorEntry(
                name=authorship.get("raw_author_name") or author.get("display_name") or "",
                position=position,
                corresponding=bool(authorship.get("is_corresponding")),
                researcher_slug=slugs.get(orcid, ""),
                identifiers={"orcid": orcid} if orcid and owner and author.get("id", "").endswith(f"/{owner}") else {},
            )
        )
    locations = [loc.get("landing_page_url") or "" for loc in work.get("locations") or []]
    record.doi = clean_doi(work.get("doi") or "")
    record.arxiv_id = find_arxiv_id((work.get("ids") or {}).get("arxiv") or "", *locations)
    if is_arxiv_doi(record.doi):
        record.doi = ""
    # A submitted version hosted under its own DOI (bioRxiv, medRxiv, Research Square): the work's preprint, by
    # which the writer finds it when it came first, and an (undated) version the paper keeps, by which the
    # preprint finds its paper when it comes later.
    for location in work.get("locations") or []:
        doi = clean_doi(location.get("landing_page_url")) if location.get("version") == "submittedVersion" else ""
        if not doi or doi.lower() == record.doi.lower() or is_arxiv_doi(doi) or doi in record.preprint_dois:
            continue
        record.preprint_dois.append(doi)
        server = PARENTHETICAL.sub("", ((location.get("source") or {}).get("display_name") or "")) or "Preprint server"
        record.versions.append({"server": server, "identifier": f"doi:{doi}", "date": ""})
    if record.kind == Paper.Kind.PREPRINT:
        record.status = Paper.Status.PREPRINT
    else:
        record.venue_text = source.get("display_name") or ""
    biblio = work.get("biblio") or {}
    pages = "-".join(p for p in (biblio.get("first_page"), biblio.get("last_page")) if p)
    record.pages, record.volume, record.number = (
        normalise_pages(pages),
        biblio.get("volume") or "",
        biblio.get("issue") or "",
    )
    record.abstract = _abstract(work.get("abstract_inverted_index"))
    record.cited = cited(work)
    return record
