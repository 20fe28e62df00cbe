"""Identifier -> Records: which source answers for which identifier, through the one client.

A DOI is asked of Crossref, then of DataCite (which registers arXiv's, Zenodo's and repositories' DOIs);
a person's identifier (orcid:, dblp:, openalex:A…) brings all their works.
"""

import urllib.parse

from curation.authors import AuthorEntry
from curation.importers import arxiv, crossref, datacite, dblp, openalex, orcid, s2
from curation.importers.records import Record, slugs_by

from .client import NotKnown, SourceError, get_json, get_xml, request
from .identifiers import Identifier

MAX_PAGES = 50  # an OpenAlex author's works, 200 a page: 10,000 works, more than any one person has


def quote(value: str) -> str:
    return urllib.parse.quote(value, safe="/:")


def records_for(identifier: Identifier) -> list[Record]:
    """The Records a source gives for `identifier`; SourceError when it cannot."""
    fetcher = {
        "doi": _doi,
        "arxiv": _arxiv,
        "openalex": _openalex,
        "s2": _s2,
        "orcid": _orcid,
        "dblp": _dblp,
    }[identifier.scheme]
    records = fetcher(identifier)
    if not records:
        raise SourceError(f"{identifier}: the source lists no works for it.")
    return records


def _from(source: str, records: list[Record]) -> list[Record]:
    """The records, marked as `source`'s: the writer stamps their values with it (curation/provenance.py)."""
    for record in records:
        record.source = source
    return records


def _doi(identifier: Identifier) -> list[Record]:
    what = str(identifier)
    if not identifier.value.lower().startswith("10.48550/"):  # arXiv's DOIs are DataCite's alone
        try:
            work = get_json("crossref", f"/works/{quote(identifier.value)}", what=what).get("message")
        except NotKnown:
            pass  # then DataCite's, perhaps
        else:
            if not isinstance(work, dict):
                raise SourceError(f"{what} from Crossref: the answer has no work in it.")
            return _from("crossref", [crossref.to_record(work, slugs_by("orcid"))])
    try:
        data = get_json("datacite", f"/dois/{quote(identifier.value)}", what=what).get("data")
    except NotKnown:
        raise SourceError(f"{what}: neither Crossref nor DataCite knows this DOI.") from None
    if not isinstance(data, dict) or not isinstance(data.get("attributes"), dict):
        raise SourceError(f"{what} from DataCite: the answer has no DOI record in it.")
    return _from("datacite", [datacite.to_record(data["attributes"], slugs_by("orcid"))])


def _arxiv(identifier: Identifier) -> list[Record]:
    feed = get_xml("arxiv", "/query", what=str(identifier), params={"id_list": identifier.value, "max_results": "1"})
    if feed.tag != f"{{{arxiv.NS['atom']}}}feed":
        raise SourceError(f"{identifier} from arXiv: the answer is not an Atom feed.")
    found = arxiv.entries(feed)
    if not found:
        raise SourceError(f"{identifier} from arXiv: arXiv does not know {identifier}.")
    return _from("arxiv", [arxiv.to_record(found[0])])


def _openalex(identifier: Identifier) -> list[Record]:
    what, slugs = str(identifier), slugs_by("orcid")
    if identifier.value.startswith("W"):
        return _from(
            "openalex", [openalex.to_record(get_json("openalex", f"/works/{identifier.value}", what=what), 1, slugs)]
        )
    get_json("openalex", f"/authors/{identifier.value}", what=what)  # a 404 names the author, not a works filter
    works: list[dict] = []
    cursor: str | None = "*"
    for _page in range(MAX_PAGES):
        params = {"filter": f"author.id:{identifier.value}", "per-page": "200", "cursor": cursor}
        page = get_json("openalex", "/works", what=what, params=params)
        works += page.get("results") or []
        cursor = (page.get("meta") or {}).get("next_cursor")
        if not cursor or not page.get("results"):
            break
    return _from("openalex", [openalex.to_record(w, n, slugs, owner=identifier.value) for n, w in enumerate(works, 1)])


def _s2(identifier: Identifier) -> list[Record]:
    paper = get_json("s2", f"/paper/{quote(identifier.value)}", what=str(identifier), params={"fields": s2.FIELDS})
    return _from("s2", [s2.to_record(paper, slugs_by("semantic_scholar"))])


def _orcid(identifier: Identifier) -> list[Record]:
    data = get_json("orcid", f"/{identifier.value}/record", what=str(identifier))
    name = orcid.person_name(data)
    if not name:
        raise SourceError(f"{identifier} from ORCID: the record shows no name (it may be private).")
    slug = slugs_by("orcid").get(identifier.value, "")
    owner = AuthorEntry(name=name, researcher_slug=slug, identifiers={"orcid": identifier.value})
    return _from("orcid", [orcid.to_record(group, owner) for group in orcid.work_groups(data)])


def _dblp(identifier: Identifier) -> list[Record]:
    body = request("dblp", f"/pid/{identifier.value}.xml", what=str(identifier), accept="application/xml")
    try:
        return _from("dblp", dblp.parse(body.decode("utf-8")))
    except (ValueError, UnicodeDecodeError) as error:
        raise SourceError(f"{identifier} from DBLP: the answer is not a DBLP person record ({error}).") from None
