"""Finding the paper or venue a record describes, so imports update rather than duplicate."""

import json
import re
import string
from functools import lru_cache

from django.db import connection
from django.db.models import Q

from papers.models import Paper, Venue
from papers.titles import normalise_title


def iexact_key(text: str) -> str:
    """`text` as the database compares it in `field__iexact`, so a batch can match in Python what a query matches:
    PostgreSQL compares upper(a) = upper(b), a character at a time ("ß" stays "ß"); SQLite's LIKE folds only
    ASCII letters."""
    return _iexact_key(text, _vendor())


@lru_cache(maxsize=1)
def _vendor() -> str:
    """The default database's vendor, fixed by the settings: reading `connection.vendor` goes through a
    thread-local proxy, which costs more than the rest of iexact_key on the names of a big import."""
    return connection.vendor


@lru_cache(maxsize=65536)  # a file's names are looked up several times each
def _iexact_key(text: str, vendor: str) -> str:
    if vendor == "sqlite":
        return text.translate(ASCII_UPPER)
    if text.isascii():
        return text.upper()
    return "".join(upper if len(upper := ch.upper()) == 1 else ch for ch in text)


ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def find_paper(*, doi: str = "", arxiv_id: str = "", title: str = "", year: int | None = None) -> Paper | None:
    """The existing paper with the same DOI, arXiv id, or normalised title (and year, when both know it); 1 query."""
    wanted = normalise_title(title)
    query = Q()
    if doi:
        query |= Q(doi__iexact=doi)
    if arxiv_id:
        query |= Q(arxiv_id=arxiv_id)
    if wanted:
        query |= Q(title_key=wanted)
    if not query:
        return None
    return pick_paper(Paper.objects.filter(query), doi=doi, arxiv_id=arxiv_id, title=title, year=year)


def find_paper_by_version(identifier: str) -> Paper | None:
    """The paper that lists `identifier` ("doi:10.1101/…") among its earlier versions; 1 query. Asked only for a
    fetched preprint that no DOI, arXiv id or title finds. PostgreSQL: JSON containment, served by the GIN index
    paper_versions (papers 0018); SQLite: the versions' text, read for every paper (small embedded databases)."""
    if _vendor() == "postgresql":
        wanted = {identifier, identifier.lower()}  # DOIs are case-insensitive; sources mostly give them lowercase
        query = Q()
        for value in wanted:
            query |= Q(versions__contains=[{"identifier": value}])
    else:
        query = Q(versions__icontains=json.dumps(identifier))  # quoted: not a longer identifier that starts alike
    return Paper.objects.filter(query).order_by("pk").first()


def pick_paper(candidates, *, doi="", arxiv_id="", title="", year=None) -> Paper | None:
    """find_paper's rule over `candidates`, the papers that share an identifier or the title key (from one query,
    or from a batch's): the DOI or arXiv id wins; else the normalised title with the same year or none. Among
    several, the first in the papers' order (newest first, then by title), as a query's .first() gives it."""
    doi_key = iexact_key(doi) if doi else None
    by_id = [p for p in candidates if iexact_key(p.doi) == doi_key or (arxiv_id and p.arxiv_id == arxiv_id)]
    if not by_id and (wanted := normalise_title(title)):
        by_id = [p for p in candidates if p.title_key == wanted and (not year or p.year in (year, None))]
    # -year: PostgreSQL puts NULL first in a descending order, SQLite last.
    nulls = -1 if _vendor() == "postgresql" else 1
    return min(by_id, key=lambda p: (nulls if p.year is None else 0, -(p.year or 0), p.title, p.pk or 0), default=None)


ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
    "fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth"
)
# Words that vary between a venue's name and its proceedings' titles (and the publisher some citations
# prefix: "ACM Transactions on Information Systems"); dropped before comparing.
VENUE_NOISE = re.compile(
    rf"\b(proceedings|of|the|annual|advances|in|international|conference|on|joint|volume|acm|ieee|"
    rf"((twenty|thirty|forty|fifty|sixty) ?)?({ORDINAL_WORDS})|\d+(st|nd|rd|th)?)\b"
)
ACRONYM_YEAR = re.compile(r"^\s*([A-Za-z][\w\- ]*?)\s*(?:'?\d{2,4})?\s*$")


@lru_cache(maxsize=4096)  # every record of an import compares its venue with every venue's name and acronym
def venue_key(text: str) -> str:
    """ "Proceedings of the 63rd Annual Meeting of the ACL" and "Annual Meeting of the ACL" -> the same key."""
    return " ".join(VENUE_NOISE.sub(" ", normalise_title(text)).split())


def find_venue(text: str | None, venues: list[Venue] | None = None, *, acronym: str = "") -> Venue | None:
    """A venue by acronym, slug, name or proceedings title, case-insensitively; an `acronym` a record
    gives on its own (BibTeX `shortbooktitle`, RIS `J2`, CSL `container-title-short`) is tried first.

    "ACL", "acl", "Annual Meeting of the Association for Computational Linguistics",
    "Proceedings of the 63rd Annual Meeting of the Association for Computational Linguistics"
    and "Findings of the Association for Computational Linguistics: ACL 2025" all find ACL.
    `venues` lets a caller matching many records load the (small) venue table once.
    """
    text = (text or "").strip()
    if not text and not acronym:
        return None
    venues = list(Venue.objects.all()) if venues is None else venues
    if acronym and (venue := find_venue(acronym, venues)):
        return venue
    if not text:
        return None
    # The acronym itself, or one after a colon or in parentheses: "...: ACL 2025", "... (EMNLP 2023)".
    candidates = [text] + re.findall(r":\s*([^:()]+)$", text) + re.findall(r"\(([^()]+)\)", text)
    acronyms = {m.group(1).strip().casefold() for c in candidates if (m := ACRONYM_YEAR.match(c))}
    for venue in venues:
        if venue.acronym.casefold() in acronyms or venue.slug.casefold() in acronyms:
            return venue
    key = venue_key(text)
    if not key:
        return None
    return next((v for v in venues if key in (venue_key(v.name), venue_key(v.acronym))), None)
