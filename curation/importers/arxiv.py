"""An arXiv API Atom entry (export.arxiv.org/api/query?id_list=...) -> a Record.

The entry's id carries the version ("…/abs/2401.12345v3"); the Record keeps the bare id (pubdb matches
papers by it) and links the abstract page of that version. A DOI, when the authors gave one, is the published
version's, so the preprint and its journal article meet in the writer's matching.
"""

import re

# The Element type only: curation/sources parses the feed with defusedxml.
import xml.etree.ElementTree as ET  # nosec B405

from curation.authors import AuthorEntry
from papers.models import Paper

from .records import Record, clean_doi, find_arxiv_id

# arXiv's own categories ("cs.CL", "hep-th"), not the ACM or MSC classes authors add ("I.2.7", "68T50").
CATEGORY = re.compile(r"^[a-z\-]+(\.[A-Za-z\-]+)?$")
VERSIONED = re.compile(r"^(?P<id>.+)v(?P<version>\d+)$")
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


def entries(feed: ET.Element) -> list[ET.Element]:
    """The feed's entries, without the error entries arXiv answers malformed ids with."""
    return [e for e in feed.findall("atom:entry", NS) if "/api/errors" not in (e.findtext("atom:id", "", NS))]


def _text(entry: ET.Element, path: str) -> str:
    return " ".join((entry.findtext(path, "", NS) or "").split())


def versions(versioned_id: str, published: str, updated: str) -> list[dict]:
    """The versions an entry dates: v1 on `published` and, when later, its latest on `updated` (the API gives
    no dates between them)."""
    match = VERSIONED.match(versioned_id)
    if not match or len(published) < 10:
        return []
    first = {"server": "arXiv", "identifier": f"{match['id']}v1", "date": published[:10]}
    if int(match["version"]) == 1 or len(updated) < 10:
        return [first]
    return [first, {"server": "arXiv", "identifier": versioned_id, "date": updated[:10]}]


def to_record(entry: ET.Element) -> Record:
    abs_url = _text(entry, "atom:id")
    record = Record(key=f"arxiv:{abs_url.rsplit('/abs/', 1)[-1]}")
    record.kind, record.status = Paper.Kind.PREPRINT, Paper.Status.PREPRINT
    record.arxiv_id = find_arxiv_id(abs_url)
    record.title = _text(entry, "atom:title")
    if not record.title:
        record.errors.append("arXiv gives it no title")
    published = _text(entry, "atom:published")  # the first version's date: "2024-01-22T18:59:59Z"
    year, month, day = (published[:4], published[5:7], published[8:10]) if len(published) >= 10 else ("", "", "")
    record.year, record.month, record.day = (int(year), int(month), int(day)) if year.isdigit() else (None, None, None)
    record.authors = [
        AuthorEntry(name=_text(author, "atom:name"), position=position)
        for position, author in enumerate(entry.findall("atom:author", NS), start=1)
    ]
    record.versions = versions(abs_url.rsplit("/abs/", 1)[-1], published, _text(entry, "atom:updated"))
    record.abstract = _text(entry, "atom:summary")
    record.doi = clean_doi(_text(entry, "arxiv:doi"))
    primary = entry.find("arxiv:primary_category", NS)
    categories = [c.get("term", "") for c in entry.findall("atom:category", NS)]
    first = [primary.get("term", "")] if primary is not None else []
    record.categories = list(dict.fromkeys(c for c in first + categories if CATEGORY.match(c)))
    pdf = next((link.get("href", "") for link in entry.findall("atom:link", NS) if link.get("title") == "pdf"), "")
    record.links = [("pdf", pdf)] if pdf else []
    return record
