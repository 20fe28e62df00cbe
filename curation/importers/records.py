"""The format-independent shape every reader produces and the writer consumes."""

import re
from dataclasses import dataclass, field

from curation.authors import AuthorEntry

DOI_IN_TEXT = re.compile(r"(10\.\d{4,9}/\S+)")
ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv[:/ .]|arxiv\.org/(?:abs|pdf)/)\s*(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})", re.I
)


@dataclass
class Record:
    """One paper as a source describes it; `key` and `line` say where, for messages."""

    key: str
    line: int | None = None
    title: str = ""
    kind: str = "conference"
    status: str = "published"
    authors: list[AuthorEntry] = field(default_factory=list)
    authors_truncated: bool = False
    year: int | None = None
    month: int | None = None
    day: int | None = None
    venue_text: str = ""  # booktitle / journal / container title, matched to a Venue
    venue_acronym: str = ""  # a hint such as al-folio's `abbr`
    track: str = ""
    pages: str = ""
    volume: str = ""
    number: str = ""
    publisher: str = ""
    doi: str = ""
    arxiv_id: str = ""
    categories: list[str] = field(default_factory=list)
    abstract: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (LinkKind value, url)
    errors: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.key} (line {self.line})" if self.line else self.key


def clean_doi(text: str | None) -> str:
    """'https://doi.org/10.1/x' or 'doi:10.1/x' -> '10.1/x'; '' when there is none."""
    match = DOI_IN_TEXT.search(text or "")
    return match.group(1).rstrip(".,;") if match else ""


def find_arxiv_id(*texts: str | None) -> str:
    """The arXiv id in 'arXiv:2401.12345', 'arxiv.org/abs/2401.12345v2' or 'arXiv preprint arXiv:2401.12345'."""
    for text in texts:
        match = ARXIV_IN_TEXT.search(text or "")
        if match:
            return match.group(1)
    return ""


def parse_int(text: object) -> int | None:
    """An int from '2025' or ' 2025 '; None for empty; ValueError for anything else."""
    text = str(text).strip() if text is not None else ""
    return int(text) if text else None


def normalise_pages(text: str | None) -> str:
    """'1--10', '1–10', '1 - 10' -> '1-10'."""
    return re.sub(r"\s*[-\u2013\u2014]+\s*", "-", (text or "").strip())
