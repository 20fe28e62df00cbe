"""Finding the paper or venue a record describes, so imports update rather than duplicate."""

import re
import unicodedata

from django.db.models import Q

from .models import Paper, Venue


def normalise_title(title):
    """Case, accents, punctuation and spacing folded away: titles as a curator would compare them."""
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def find_paper(*, doi="", arxiv_id="", title="", year=None):
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
    # Narrow in the database by a cheap prefix, then compare normalised titles in Python.
    candidates = Paper.objects.filter(title__istartswith=title.strip()[:12])
    if year:
        candidates = candidates.filter(Q(year=year) | Q(year__isnull=True))
    for paper in candidates:
        if normalise_title(paper.title) == wanted:
            return paper
    return None


def find_venue(text):
    """A venue by acronym or slug, case-insensitively."""
    if not text:
        return None
    return Venue.objects.filter(Q(acronym__iexact=text) | Q(slug__iexact=text)).first()
