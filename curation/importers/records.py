"""The format-independent shape every reader produces and the writer consumes."""

import re
from dataclasses import dataclass, field

from curation.authors import AuthorEntry
from papers.models import Paper
from researchers.models import Researcher

DOI_IN_TEXT = re.compile(r"(10\.\d{4,9}/\S+)")
# A trailing parenthetical is an acronym ("(EMNLP 2023)") or a track ("(Volume 1: Long Papers)", "(Findings)").
TRAILING_PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)\s*$")
ACRONYM = re.compile(r"^[A-Z][A-Za-z&\-]*[A-Z][A-Za-z&\-]*(?: '?\d{2,4})?$")
ACRONYM_YEAR = re.compile(r"\s*'?\d{2,4}$")
# What a file says instead of a year: no date (BibTeX exports write "n.d." so that styles still format the entry).
# biblatex's pubstate, CSL's status, a RIS note: accepted, not yet published.
FORTHCOMING = re.compile(r"^(forthcoming|in ?press|accepted)\.?$", re.I)
NO_DATE = re.compile(r"^(n\.? ?d\.?|no date|s\.? ?f\.?)$", re.I)
ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv[:/ .]|arxiv\.org/(?:abs|pdf)/)\s*(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})", re.I
)


@dataclass
class Cited:
    """What a source says of a work's citations: the count, the count per year (None: the source gives none),
    its OpenAlex id, and the OpenAlex ids of the works it cites (None: not given)."""

    count: int | None = None
    per_year: dict[int, int] | None = None
    openalex_id: str = ""
    references: list[str] | None = None


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
    source: str = ""  # the service that answered (crossref, arxiv, ...: curation/sources); "" for a file
    # Earlier versions the source tells of, as Paper.versions keeps them (arXiv's v1 and latest version).
    versions: list[dict] = field(default_factory=list)
    published_doi: str = ""  # a preprint's: the DOI of its published version (Crossref's "is-preprint-of")
    # A published version's: the DOIs of its preprints (bioRxiv's, medRxiv's, ...: Crossref's "has-preprint",
    # OpenAlex's submitted-version locations), by which the writer finds a preprint known first.
    preprint_dois: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cited: Cited | None = None  # from a source that counts citations; stored beside the paper once written

    @property
    def where(self) -> str:
        return f"{self.key} (line {self.line})" if self.line else self.key


def clean_doi(text: str | None) -> str:
    """'https://doi.org/10.1/x' or 'doi:10.1/x' -> '10.1/x'; '' when there is none."""
    match = DOI_IN_TEXT.search(text or "")
    return match.group(1).rstrip(".,;") if match else ""


def is_arxiv_doi(doi: str) -> bool:
    """arXiv's own DOIs (10.48550/arXiv.…) name the arXiv record, which pubdb knows by its arXiv id."""
    return doi.lower().startswith("10.48550/")


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


def parse_year(text: object) -> int | None:
    """parse_int, with "n.d." (no date) as None."""
    return None if NO_DATE.match(str(text or "").strip()) else parse_int(text)


def set_venue(record: Record, venue: str) -> None:
    """A container title as bibliographies write it -> the record's venue text, acronym, track and kind.

    "Findings of the ACL (Findings)", "Proceedings of EMNLP (EMNLP 2023)", "Conf (Volume 1: Long Papers)";
    a workshop's proceedings make a workshop paper, a "Demo" track a demo paper. Shared by every reader.
    """
    if record.kind == Paper.Kind.CONFERENCE and "workshop" in venue.lower():
        record.kind = Paper.Kind.WORKSHOP
    trailing = TRAILING_PARENTHETICAL.search(venue)
    if trailing and ACRONYM.match(trailing.group(1)):
        record.venue_acronym = record.venue_acronym or ACRONYM_YEAR.sub("", trailing.group(1))
        venue = venue[: trailing.start()]
    elif trailing:
        record.track, venue = trailing.group(1), venue[: trailing.start()]
    if not record.track and venue.lower().startswith("findings of"):
        record.track = "Findings"
    if record.kind == Paper.Kind.CONFERENCE and "demo" in record.track.lower():
        record.kind = Paper.Kind.DEMO
    record.venue_text = venue.strip()


def slugs_by(identifier: str) -> dict[str, str]:
    """{ORCID iD (or DBLP pid, ...): slug} of the researchers that have one, so readers link the people sources name."""
    return dict(Researcher.objects.exclude(**{identifier: ""}).values_list(identifier, "slug"))


def orcid_of(url: str | None) -> str:
    """'https://orcid.org/0000-0002-1825-0097' -> '0000-0002-1825-0097'."""
    return (url or "").strip().rstrip("/").rsplit("/", 1)[-1]
