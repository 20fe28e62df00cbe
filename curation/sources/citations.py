"""Citations from OpenAlex, Semantic Scholar or Crossref, many papers a request, and where they are stored.

A paper is asked for by its DOI, or an arXiv preprint by arXiv's DOI (10.48550/arXiv.<id>), which OpenAlex
and Semantic Scholar both know. The answer leaves out the papers a source does not know.

Each source gives a count. OpenAlex also gives the count per year (`counts_by_year`), the work's id and the
ids of the works it cites (`referenced_works`), which become the references between papers in pubdb.
Semantic Scholar's Graph API has no per-year counts (only the citing papers, one page at a time), nor has
Crossref's; their refreshes leave the per-year rows and references as they were.

`refresh_batch` is one batch of `manage.py refresh_citations`; `store_citations` is also what a fetch from
OpenAlex calls for the papers it wrote (curation/sources/__init__.py).
"""

import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery

from curation.importers import openalex
from curation.importers.records import Cited
from papers.models import CitationYear, Paper, Reference
from pubdb.cache import data_changed

from .client import NAMES, SourceError, get_json, post_json_list

SOURCES = ("openalex", "s2", "crossref")
# Papers a request: OpenAlex's `doi:a|b` filter takes 50 values (and 50 a page); S2's batch 500;
# Crossref's OR'ed `doi:` filters are kept to 50 so the URL stays short.
BATCH = {"openalex": 50, "s2": 500, "crossref": 50}
OPENALEX_FIELDS = "id,doi,cited_by_count,counts_by_year,referenced_works"
IDS_A_QUERY = 900  # OpenAlex ids in one IN (...): a survey cites hundreds, and SQLite caps a statement's values


def doi_of(paper: Paper) -> str:
    """The DOI a source knows the paper by, lower case; '' for a paper with neither a DOI nor an arXiv id."""
    if paper.doi:
        return paper.doi.lower()
    return f"10.48550/arxiv.{paper.arxiv_id.lower()}" if paper.arxiv_id else ""


def citations(source: str, papers: list[Paper]) -> dict[int, Cited]:
    """{paper pk: what `source` says of its citations} for the papers it knows and counts; SourceError naming
    the batch if it fails."""
    by_doi = {doi_of(p): p.pk for p in papers if doi_of(p)}
    if not by_doi:
        return {}
    what = f"citation counts of {len(by_doi)} papers ({next(iter(by_doi))} …)"
    found = {"openalex": _openalex, "s2": _s2, "crossref": _crossref}[source](list(by_doi), what)
    return {by_doi[doi]: c for doi, c in found.items() if doi in by_doi and c.count is not None}


def _openalex(dois: list[str], what: str) -> dict[str, Cited]:
    params = {"filter": "doi:" + "|".join(dois), "per-page": str(len(dois)), "select": OPENALEX_FIELDS}
    works = get_json("openalex", "/works", what=what, params=params).get("results") or []
    works = [w for w in works if isinstance(w, dict)]
    return {(w.get("doi") or "").lower().removeprefix("https://doi.org/"): openalex.cited(w) for w in works}


def _s2(dois: list[str], what: str) -> dict[str, Cited]:
    ids = [f"DOI:{doi}" for doi in dois]
    answers = post_json_list(
        "s2", "/paper/batch", what=what, params={"fields": "citationCount"}, json_body={"ids": ids}
    )
    if len(answers) != len(ids):
        raise SourceError(f"{what} from {NAMES['s2']}: {len(answers)} answers for {len(ids)} papers.")
    return {doi: _count(a.get("citationCount")) for doi, a in zip(dois, answers, strict=True) if isinstance(a, dict)}


def _crossref(dois: list[str], what: str) -> dict[str, Cited]:
    dois = [doi for doi in dois if not doi.startswith("10.48550/")]  # arXiv's DOIs are DataCite's
    if not dois:
        return {}
    params = {
        "filter": ",".join(f"doi:{doi}" for doi in dois),
        "rows": str(len(dois)),
        "select": "DOI,is-referenced-by-count",
    }
    items = (get_json("crossref", "/works", what=what, params=params).get("message") or {}).get("items") or []
    return {(i.get("DOI") or "").lower(): _count(i.get("is-referenced-by-count")) for i in items}


def _count(value) -> Cited:
    return Cited(count=value if isinstance(value, int) and value >= 0 else None)


def refresh_batch(source: str, batch: list[Paper], today: datetime.date) -> list[Paper]:
    """Ask `source` about `batch` and store its answer; the papers it counted. SourceError writes nothing."""
    return store_citations(source, batch, citations(source, batch), today)


def store_citations(source: str, papers: list[Paper], found: dict[int, Cited], today: datetime.date) -> list[Paper]:
    """Store what `source` said of `papers` (`found`, by pk) in one transaction: each count with its source
    and date, the per-year counts and references where the source gave them, and the OpenAlex ids that link
    references to papers in pubdb. The papers it counted."""
    name = NAMES[source]
    known = [p for p in papers if p.pk in found]
    if not known:
        return []
    for paper in known:
        paper.citation_count, paper.citation_source, paper.citation_as_of = found[paper.pk].count, name, today
    with transaction.atomic():  # a batch lands together, and the pages' cache moves on once
        Paper.objects.bulk_update(known, ["citation_count", "citation_source", "citation_as_of"])
        _store_years(name, known, found, today)
        _store_openalex_ids(known, found)
        _store_references(name, known, found, today)
        data_changed()
    return known


def _store_years(name, known, found, today):
    given = [p.pk for p in known if found[p.pk].per_year is not None]
    CitationYear.objects.filter(paper_id__in=given).delete()
    CitationYear.objects.bulk_create(
        CitationYear(paper_id=pk, year=year, count=count, source=name, as_of=today)
        for pk in given
        for year, count in sorted((found[pk].per_year or {}).items())
    )


def _store_openalex_ids(known, found):
    """Give each paper its OpenAlex id, unless another paper holds it (a preprint and its published version
    that OpenAlex counts as one work: the first keeps it); then link the references waiting for those ids."""
    wanted = {p.pk: found[p.pk].openalex_id for p in known if found[p.pk].openalex_id}
    held = dict(Paper.objects.filter(openalex_id__in=set(wanted.values())).values_list("openalex_id", "pk"))
    changed = []
    for pk, work in wanted.items():
        if held.setdefault(work, pk) == pk:
            changed.append(Paper(pk=pk, openalex_id=work))
    Paper.objects.bulk_update(changed, ["openalex_id"])
    matched = Paper.objects.filter(openalex_id=OuterRef("openalex_id")).values("pk")[:1]
    Reference.objects.filter(cited=None, openalex_id__in=[p.openalex_id for p in changed]).update(
        cited=Subquery(matched)
    )


def _store_references(name, known, found, today):
    given = {p.pk: found[p.pk].references or [] for p in known if found[p.pk].references is not None}
    works = sorted({work for refs in given.values() for work in refs})
    in_pubdb: dict[str, int] = {}
    for start in range(0, len(works), IDS_A_QUERY):
        chunk = works[start : start + IDS_A_QUERY]
        in_pubdb.update(Paper.objects.filter(openalex_id__in=chunk).values_list("openalex_id", "pk"))
    Reference.objects.filter(citing_id__in=list(given)).delete()
    Reference.objects.bulk_create(
        Reference(citing_id=pk, cited_id=in_pubdb.get(work), openalex_id=work, source=name, as_of=today)
        for pk, refs in given.items()
        for work in refs
        if in_pubdb.get(work) != pk  # a work listed among its own references
    )


def store_fetched(results, today: datetime.date) -> None:
    """After a fetch wrote its papers: what OpenAlex said of their citations (the records' `cited`)."""
    written = [r for r in results if r.paper is not None and r.paper.pk and r.record.cited is not None]
    found = {r.paper.pk: r.record.cited for r in written if r.record.cited.count is not None}
    store_citations("openalex", [r.paper for r in written], found, today)
