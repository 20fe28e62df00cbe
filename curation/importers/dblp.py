"""A DBLP person record (https://dblp.org/pid/<pid>.xml, saved to disk) -> Records.

DBLP numbers homonyms ("Chen Zhang 0012"): the number is dropped from the
printed name, and the record's own person is linked through their DBLP pid
when a researcher has it, so homonyms are never confused.
"""

import re

import defusedxml.ElementTree as ET
from defusedxml import DefusedXmlException

from curation.authors import AuthorEntry
from papers.models import Paper
from researchers.models import Researcher

from .records import Record, clean_doi, find_arxiv_id, normalise_pages, orcid_of, parse_int

KINDS = {
    "inproceedings": Paper.Kind.CONFERENCE,
    "article": Paper.Kind.JOURNAL,
    "phdthesis": Paper.Kind.THESIS,
    "book": Paper.Kind.BOOK,
    "incollection": Paper.Kind.CHAPTER,
}
HOMONYM_NUMBER = re.compile(r"\s+\d{4}$")


def parse(text):
    try:
        # defusedxml: a file that declares entities could expand to gigabytes ("billion laughs") or read local files.
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise ValueError(str(error)) from error
    except DefusedXmlException as error:
        raise ValueError(f"it declares XML entities, which are refused ({type(error).__name__})") from error
    if root.tag != "dblpperson":
        raise ValueError(f"the root element is <{root.tag}>, not <dblpperson>")
    slugs = dict(Researcher.objects.exclude(dblp="").values_list("dblp", "slug"))
    owner = root.get("pid", "")
    if owner and owner not in slugs:  # the person's DBLP page lists their ORCID iD: the researcher holding it
        orcids = [orcid_of(url.text) for url in root.iterfind("person/url") if "orcid.org/" in (url.text or "")]
        holder = Researcher.objects.filter(orcid__in=orcids).values_list("slug", flat=True).first()
        if holder:
            slugs[owner] = holder
    return [to_record(element, slugs, owner) for r in root.iter("r") for element in r]


def _text(element, tag):
    child = element.find(tag)
    return " ".join("".join(child.itertext()).split()) if child is not None else ""


def to_record(element, slugs, owner=""):
    """`owner`: the pid of the person the file is about; their entries carry it, for the writer to record."""
    record = Record(key=element.get("key") or element.tag)
    record.kind = KINDS.get(element.tag, "")
    if not record.kind:
        record.errors.append(f"<{element.tag}> records are not supported")
    record.title = _text(element, "title").rstrip(".")
    try:
        record.year = parse_int(_text(element, "year"))
    except ValueError:
        record.errors.append(f'the year "{_text(element, "year")}" is not a number')
    for position, author in enumerate(element.findall("author"), start=1):
        name = HOMONYM_NUMBER.sub("", " ".join("".join(author.itertext()).split()))
        pid = author.get("pid") or ""
        record.authors.append(
            AuthorEntry(
                name=name,
                position=position,
                researcher_slug=slugs.get(pid, ""),
                identifiers={"dblp": pid} if owner and pid == owner else {},
            )
        )
    links = [" ".join((ee.text or "").split()) for ee in element.findall("ee")]
    record.doi = next((clean_doi(link) for link in links if "doi.org/" in link and "arXiv" not in link), "")
    volume = _text(element, "volume")
    record.arxiv_id = find_arxiv_id(*links, "arXiv:" + volume.removeprefix("abs/") if volume.startswith("abs/") else "")
    venue = _text(element, "booktitle") or _text(element, "journal") or _text(element, "school")
    if element.get("publtype") == "informal" or venue in ("CoRR", "arXiv"):
        record.kind, record.status, venue, volume = Paper.Kind.PREPRINT, Paper.Status.PREPRINT, "", ""
    record.venue_text, record.volume = venue, volume
    record.number, record.pages = _text(element, "number"), normalise_pages(_text(element, "pages"))
    record.publisher = _text(element, "publisher")
    record.links = [("paper", link) for link in links if "doi.org/" not in link and "arxiv.org" not in link][:1]
    return record
