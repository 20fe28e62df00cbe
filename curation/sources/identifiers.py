"""The identifiers `fetch` takes (doi:, arxiv:, openalex:, s2:, orcid:, dblp:), read from what curators paste.

A bare DOI, arXiv id, ORCID iD or OpenAlex id, or their URLs, are recognised too, so a list of DOIs copied
from a reference manager works as it is.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from researchers.validators import validate_orcid

PATTERNS = {
    "doi": re.compile(r"^10\.\d{4,9}/\S+$"),
    "arxiv": re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?$"),
    "openalex": re.compile(r"^[WA]\d{4,12}$"),
    # A Semantic Scholar paper id (40 hex digits), or one of the external ids its Graph API takes.
    "s2": re.compile(r"^([0-9a-f]{40}|(CorpusId|DOI|ARXIV|MAG|ACL|PMID|PMCID|DBLP):\S+)$"),
    "orcid": re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"),
    "dblp": re.compile(r"^[0-9a-z]+/[0-9A-Za-z\-]+$"),
}
EXAMPLES = (
    "doi:10.18653/v1/2023.acl-long.1, arxiv:2401.12345, openalex:W2741809807, s2:<paper id>, "
    "orcid:0000-0002-1825-0097, dblp:123/4567"
)
URL_PREFIXES = (
    (re.compile(r"^https?://(dx\.)?doi\.org/", re.I), "doi"),
    (re.compile(r"^https?://arxiv\.org/(abs|pdf)/", re.I), "arxiv"),
    (re.compile(r"^https?://(api\.)?openalex\.org/(works/|authors/)?", re.I), "openalex"),
    (re.compile(r"^https?://orcid\.org/", re.I), "orcid"),
    (re.compile(r"^https?://dblp\.org/pid/", re.I), "dblp"),
)
BARE = [("doi", PATTERNS["doi"]), ("arxiv", PATTERNS["arxiv"]), ("orcid", PATTERNS["orcid"])]


@dataclass(frozen=True)
class Identifier:
    scheme: str
    value: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"

    @property
    def is_person(self) -> bool:
        """A person's works (ORCID, DBLP, an OpenAlex author), rather than one paper."""
        return self.scheme in ("orcid", "dblp") or (self.scheme == "openalex" and self.value.startswith("A"))


def parse_identifier(text: str) -> Identifier:
    """'doi:10.1/x', 'https://doi.org/10.1/x', '2401.12345v3', ... -> Identifier; ValueError saying what is wrong."""
    text = text.strip()
    scheme, colon, value = text.partition(":")
    scheme = scheme.lower()
    if not colon or scheme not in PATTERNS:
        scheme, value = _guess(text)
    value = value.strip()
    if scheme == "arxiv":
        value = re.sub(r"^arxiv:|\.pdf$", "", value, flags=re.I)
    if scheme == "dblp":
        value = value.removesuffix(".xml").removesuffix(".html")
    if scheme == "openalex":
        value = value.upper()
    if not PATTERNS[scheme].match(value):
        raise ValueError(f'"{text}" is not a valid {scheme} identifier (e.g. {_example(scheme)}).')
    if scheme == "orcid":
        try:
            validate_orcid(value)
        except ValidationError:
            raise ValueError(f'"{text}" is not a valid ORCID iD: its check digit is wrong.') from None
    return Identifier(scheme, value)


def _guess(text: str) -> tuple[str, str]:
    for prefix, scheme in URL_PREFIXES:
        if prefix.match(text):
            return scheme, prefix.sub("", text).rstrip("/")
    for scheme, pattern in BARE:
        if pattern.match(text):
            return scheme, text
    if PATTERNS["openalex"].match(text.upper()):
        return "openalex", text
    raise ValueError(f'"{text}" is not an identifier pubdb can fetch; write one of: {EXAMPLES}.')


def _example(scheme: str) -> str:
    return next(e for e in EXAMPLES.split(", ") if e.startswith(scheme + ":"))


def split_identifiers(text: str) -> list[str]:
    """A pasted list: one identifier per line, or separated by spaces or commas."""
    return [item.rstrip(",;.") for item in re.split(r"[\s,;]+(?=\S)", text.strip()) if item.strip(",; ")]
