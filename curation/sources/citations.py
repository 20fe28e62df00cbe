"""Per-paper citation counts from OpenAlex, Semantic Scholar or Crossref, many papers a request.

A paper is asked for by its DOI, or an arXiv preprint by arXiv's DOI (10.48550/arXiv.<id>), which OpenAlex
and Semantic Scholar both know. The answer leaves out the papers a source does not know.
"""

from papers.models import Paper

from .client import NAMES, SourceError, get_json, post_json_list

SOURCES = ("openalex", "s2", "crossref")
# Papers a request: OpenAlex's `doi:a|b` filter takes 50 values (and 50 a page); S2's batch 500;
# Crossref's OR'ed `doi:` filters are kept to 50 so the URL stays short.
BATCH = {"openalex": 50, "s2": 500, "crossref": 50}


def doi_of(paper: Paper) -> str:
    """The DOI a source knows the paper by, lower case; '' for a paper with neither a DOI nor an arXiv id."""
    if paper.doi:
        return paper.doi.lower()
    return f"10.48550/arxiv.{paper.arxiv_id.lower()}" if paper.arxiv_id else ""


def citation_counts(source: str, papers: list[Paper]) -> dict[int, int]:
    """{paper pk: citation count} for the papers `source` knows; SourceError naming the batch if it fails."""
    by_doi = {doi_of(p): p.pk for p in papers if doi_of(p)}
    if not by_doi:
        return {}
    what = f"citation counts of {len(by_doi)} papers ({next(iter(by_doi))} …)"
    counts = {"openalex": _openalex, "s2": _s2, "crossref": _crossref}[source](list(by_doi), what)
    return {by_doi[doi]: count for doi, count in counts.items() if doi in by_doi and isinstance(count, int)}


def _openalex(dois: list[str], what: str) -> dict[str, int | None]:
    params = {"filter": "doi:" + "|".join(dois), "per-page": str(len(dois)), "select": "doi,cited_by_count"}
    works = get_json("openalex", "/works", what=what, params=params).get("results") or []
    return {(w.get("doi") or "").lower().removeprefix("https://doi.org/"): w.get("cited_by_count") for w in works}


def _s2(dois: list[str], what: str) -> dict[str, int | None]:
    ids = [f"DOI:{doi}" for doi in dois]
    answers = post_json_list(
        "s2", "/paper/batch", what=what, params={"fields": "citationCount"}, json_body={"ids": ids}
    )
    if len(answers) != len(ids):
        raise SourceError(f"{what} from {NAMES['s2']}: {len(answers)} answers for {len(ids)} papers.")
    return {doi: (a or {}).get("citationCount") for doi, a in zip(dois, answers, strict=True) if a}


def _crossref(dois: list[str], what: str) -> dict[str, int | None]:
    dois = [doi for doi in dois if not doi.startswith("10.48550/")]  # arXiv's DOIs are DataCite's
    if not dois:
        return {}
    params = {
        "filter": ",".join(f"doi:{doi}" for doi in dois),
        "rows": str(len(dois)),
        "select": "DOI,is-referenced-by-count",
    }
    items = (get_json("crossref", "/works", what=what, params=params).get("message") or {}).get("items") or []
    return {(i.get("DOI") or "").lower(): i.get("is-referenced-by-count") for i in items}
