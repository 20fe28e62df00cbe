"""Finding the paper or venue a record describes, so imports update rather than duplicate."""

import re
import unicodedata

from django.db.models import Q

from papers.models import Paper, Venue


def normalise_title(title: str | None) -> str:
    """Case, accents, punctuation and spacing folded away: titles as a curator would compare them."""
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def find_paper(*, doi: str = "", arxiv_id: str = "", title: str = "", year: int | None = None) -> Paper | None:
    """The existing paper with the same DOI, arXiv id, or normalised title (and year, when both know it)."""
    identifiers = Q()
    if doi:
        identifiers |= Q(doi__iexact=doi)
    if arxiv_id:
        identifiers |= Q(arxiv_id=arxiv_id)
    if identifiers:
        found = Paper.objects.filter(identifiers).first()
        if found:
            return found
    if not title:
        return None
    wanted = normalise_title(title)
    # Narrow in the database by the title's longest word (punctuation and case differ between sources),
    # then compare normalised titles in Python.
    longest = max(re.findall(r"[^\W_]+", title), key=len, default=title.strip())
    candidates = Paper.objects.filter(title__icontains=longest)
    if year:
        candidates = candidates.filter(Q(year=year) | Q(year__isnull=True))
    for paper in candidates:
        if normalise_title(paper.title) == wanted:
            return paper
    return None


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
