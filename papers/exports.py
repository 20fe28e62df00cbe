"""BibTeX, RIS and CSL-JSON for papers: the one export code the pages, the API and the importers share.

Every function takes papers loaded with `Paper.objects.with_listing()` so that
exporting a list costs the listing's fixed number of queries. What an export
writes, pubdb's importers read back whole (tests/test_round_trip.py): the venue's
acronym travels beside its name (BibTeX `shortjournal`/`shortbooktitle`, RIS `J2`,
CSL `container-title-short`), and the authors known beyond a truncated list in a
note (papers/authors.py).
"""

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import bibtexparser
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import UnicodeToLatexEncoder

from .authors import OTHERS, beyond_note
from .models import Paper

# Every replacement in braces ({\~N}, {\"U}): BibTeX reads `~` as a tie between name parts otherwise.
_latex = UnicodeToLatexEncoder(
    unknown_char_policy="keep", unknown_char_warning=False, replacement_latex_protection="braces-all"
)
# Inline math ($x^2$) is written as it is; a lone $ is text.
MATH = re.compile(r"(?<!\\)\$[^$]+(?<!\\)\$")
# A word with a capital after its first letter (LongLLaVA, ChatGPT, BERT): braced so styles keep its case.
CASED_WORD = re.compile(r"[^\W_]+")
# biblatex's pubstate and CSL's status for accepted, not yet published work (a note in RIS)
FORTHCOMING = "forthcoming"
NO_YEAR = "n.d."  # what a BibTeX entry without a date says, so that styles needing a year still format it

BIBTEX_TYPES = {
    Paper.Kind.CONFERENCE: "inproceedings",
    Paper.Kind.WORKSHOP: "inproceedings",
    Paper.Kind.DEMO: "inproceedings",
    Paper.Kind.JOURNAL: "article",
    Paper.Kind.PREPRINT: "misc",
    Paper.Kind.THESIS: "phdthesis",
    Paper.Kind.REPORT: "techreport",
    Paper.Kind.CHAPTER: "incollection",
    Paper.Kind.BOOK: "book",
}
RIS_TYPES = {
    Paper.Kind.CONFERENCE: "CPAPER",
    Paper.Kind.WORKSHOP: "CPAPER",
    Paper.Kind.DEMO: "CPAPER",
    Paper.Kind.JOURNAL: "JOUR",
    Paper.Kind.PREPRINT: "UNPB",
    Paper.Kind.THESIS: "THES",
    Paper.Kind.REPORT: "RPRT",
    Paper.Kind.CHAPTER: "CHAP",
    Paper.Kind.BOOK: "BOOK",
}
CSL_TYPES = {
    Paper.Kind.CONFERENCE: "paper-conference",
    Paper.Kind.WORKSHOP: "paper-conference",
    Paper.Kind.DEMO: "paper-conference",
    Paper.Kind.JOURNAL: "article-journal",
    Paper.Kind.PREPRINT: "article",
    Paper.Kind.THESIS: "thesis",
    Paper.Kind.REPORT: "report",
    Paper.Kind.CHAPTER: "chapter",
    Paper.Kind.BOOK: "book",
}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def name_parts(name):
    """'Chen Zhang' -> ('Chen', '', 'Zhang'); 'Zoë Ñúñez de la Peña' -> ('Zoë Ñúñez', 'de la', 'Peña').

    BibTeX's reading of "First von Last": the last word is the family name, lower-case words before it
    are the particle ("von" part); a single word (王小明) is a family name alone.
    """
    words = name.split()
    lower = [i for i, word in enumerate(words[1:-1], start=1) if word[:1].islower()]
    if not lower:
        return " ".join(words[:-1]), "", " ".join(words[-1:])
    return " ".join(words[: lower[0]]), " ".join(words[lower[0] : lower[-1] + 1]), " ".join(words[lower[-1] + 1 :])


def csl_name(authorship):
    """A CSL name object: an organisation or a one-word name is a literal, a particle is CSL's non-dropping
    particle."""
    given, particle, family = name_parts(authorship.display_name)
    if authorship.is_organization:
        return {"literal": authorship.display_name}
    if not given:
        return {"literal": family}
    return {"family": family, "given": given} | ({"non-dropping-particle": particle} if particle else {})


def ris_name(authorship):
    """RIS's 'Last, First': 'de la Peña, Zoë Ñúñez'; an organisation or a one-word name as it is."""
    given, particle, family = name_parts(authorship.display_name)
    if authorship.is_organization or not given:
        return authorship.display_name
    return f"{' '.join(filter(None, (particle, family)))}, {given}"


def container_title(paper):
    if not paper.venue:
        return ""
    name = paper.venue.name or paper.venue.acronym
    return f"{name} ({paper.track})" if paper.track else name


# Kinds published in a conference's (or workshop's) proceedings: the book their container is.
IN_PROCEEDINGS = {Paper.Kind.CONFERENCE, Paper.Kind.WORKSHOP, Paper.Kind.DEMO}


def proceedings_title(paper):
    """'Proceedings of the Annual Meeting of the ACL (Volume 1: Long Papers)': the book a conference paper is
    in, as reference styles and schema.org name it; '' for other kinds. A venue named for its proceedings
    ("Proceedings of the AAAI Conference ...") keeps its name."""
    title = container_title(paper) if paper.kind in IN_PROCEEDINGS else ""
    if not title or title.casefold().startswith("proceedings"):
        return title
    return f"Proceedings of the {title.removeprefix('The ')}"


def date_parts(paper):
    """The date as precisely as it is known: [2024], [2024, 7] or [2024, 7, 5]; [] without a year."""
    return [p for p in (paper.year, paper.month, paper.day) if p]


def date_text(paper, sep="-"):
    """'2024', '2024-07' or '2024-07-05' (ISO 8601, for JSON-LD); with sep="/" as Highwire meta tags want it."""
    year, *rest = date_parts(paper) or [""]
    return sep.join([str(year), *(f"{p:02d}" for p in rest)])


def page_range(paper):
    """'1-10' (or '1--10', '1 – 10') -> ('1', '10'); a single page 'e1234' -> ('e1234', '')."""
    first, _, last = re.sub(r"\s*[-\u2013\u2014]+\s*", "-", paper.pages.strip()).partition("-")
    return first, last


def citation_key(paper):
    """The stored key, else DBLP-like: first author's family name, year, first title word."""
    if paper.bibtex_key:
        return paper.bibtex_key
    printed = paper.author_list.printed
    family = name_parts(printed[0].display_name)[2] if printed else "anon"
    word = next((w for w in re.findall(r"[^\W_]+", paper.title) if len(w) > 3), "paper")
    raw = f"{family}{paper.year or ''}{word}".lower()
    ascii_key = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    return f"{ascii_key or 'paper'}-{paper.pk}" if not paper.year else ascii_key


def author_marks(paper):
    """biblatex data annotations for the marks BibTeX has no field for: '1=equal; 3=corresponding'.

    Ignored by BibTeX styles, read back by pubdb's importer, so equal contribution survives a round trip.
    """
    items = []
    for authorship in paper.author_list.printed:
        marks = [
            m for m, on in (("equal", authorship.equal_contribution), ("corresponding", authorship.corresponding)) if on
        ]
        if marks:
            items.append(f"{authorship.position}={','.join(marks)}")
    return "; ".join(items)


def bibtex_name(authorship):
    """A name of a BibTeX author list; an organisation braced whole ({Ling Team}), so that BibTeX does not
    read "Team" as a family name and "L." as an initial."""
    name = latex_text(authorship.display_name)
    return f"{{{name}}}" if authorship.is_organization else name


def latex_text(text):
    """Unicode -> LaTeX, inline math kept as written: `$x^2$` stays math, `100%` becomes `100{\\%}`."""
    return _outside_math(text, _latex.unicode_to_latex)


def bibtex_title(title):
    """The title in LaTeX with each word that has a capital after its first letter braced: {LongLLaVA}."""
    return _outside_math(title, _protected)


def _outside_math(text, encode):
    pieces, end = [], 0
    for math in MATH.finditer(text):
        pieces += [encode(text[end : math.start()]), math.group()]
        end = math.end()
    return "".join(pieces + [encode(text[end:])])


def _protected(text):
    encode = _latex.unicode_to_latex
    pieces, end = [], 0
    for word in CASED_WORD.finditer(text):
        if any(ch.isupper() for ch in word.group()[1:]):
            pieces += [encode(text[end : word.start()]), f"{{{encode(word.group())}}}"]
            end = word.end()
    return "".join(pieces + [encode(text[end:])])


def bibtex_entry(paper, *, abstract=False):
    fields = {
        "title": bibtex_title(paper.title),
        "author": " and ".join(paper.author_list.byline(bibtex_name)),
        "author+an": author_marks(paper),
        "year": str(paper.year or NO_YEAR),
        "month": MONTHS[paper.month - 1] if paper.month else "",
        "pages": (paper.pages or "").replace("-", "--").replace("----", "--"),
        "volume": paper.volume,
        "number": paper.number,
        "publisher": latex_text(paper.publisher or (paper.venue.publisher if paper.venue else "")),
        "doi": paper.doi,
        "abstract": latex_text(paper.abstract) if abstract else "",
        "pubstate": FORTHCOMING if paper.status == Paper.Status.ACCEPTED else "",
        "note": latex_text(beyond_note(paper.author_list)),
    }
    venue = latex_text(container_title(paper))
    acronym = latex_text(paper.venue.acronym) if paper.venue else ""
    kind = BIBTEX_TYPES[paper.kind]
    if kind == "article":
        fields.update(journal=venue, shortjournal=acronym)
    elif kind in ("inproceedings", "incollection"):
        fields.update(booktitle=venue, shortbooktitle=acronym)
    elif kind in ("phdthesis", "techreport"):
        fields["school" if kind == "phdthesis" else "institution"] = venue
    if paper.arxiv_id:
        fields.update(eprint=paper.arxiv_id, archiveprefix="arXiv")
        if paper.categories:
            fields["primaryclass"] = paper.categories[0]
    # `url` is what styles print; `pdf` and `code` (al-folio's names) say which link is which.
    pdf = main_link(paper, "pdf")
    fields.update(url=main_link(paper, "paper") or pdf, pdf=pdf, code=main_link(paper, "code"))
    # The month as the macro, unquoted (`month = jun`): styles print it in their own language.
    enclosing = {"month": "no-enclosing"}
    return Entry(kind, citation_key(paper), [Field(k, v, enclosing=enclosing.get(k)) for k, v in fields.items() if v])


def main_link(paper, kind):
    """The paper's first link of `kind` ("paper": the publisher's page, "pdf"), or ''."""
    return next((link.url for link in paper.links.all() if link.kind == kind), "")


def to_bibtex(papers, *, abstract=False):
    entries, seen = [], set()
    for paper in papers:
        entry = bibtex_entry(paper, abstract=abstract)
        key, suffix = entry.key, ord("b")
        while entry.key in seen:  # two papers with the same key: yang2024parallelizing, ...b, ...c
            entry.key, suffix = f"{key}{chr(suffix)}", suffix + 1
        seen.add(entry.key)
        entries.append(entry)
    return bibtexparser.write_string(bibtexparser.Library(entries))


def ris_record(paper, *, abstract=True):
    lines = [("TY", RIS_TYPES[paper.kind]), ("ID", citation_key(paper)), ("TI", paper.title)]
    lines += [("AU", name) for name in paper.author_list.byline(ris_name)]
    if paper.year:  # RIS dates have four slots: 2024/07//
        lines += [("PY", str(paper.year)), ("DA", date_text(paper, "/") + "/" * (4 - len(date_parts(paper))))]
    first_page, last_page = page_range(paper)
    for tag, value in [
        ("T2", container_title(paper)),
        ("J2", paper.venue.acronym if paper.venue else ""),  # RIS's abbreviated title
        ("SP", first_page),
        ("EP", last_page),
        ("VL", paper.volume),
        ("IS", paper.number),
        ("PB", paper.publisher),
        ("DO", paper.doi),
        ("AB", paper.abstract.replace("\n", " ") if abstract else ""),
        ("N1", beyond_note(paper.author_list)),
        ("N1", FORTHCOMING if paper.status == Paper.Status.ACCEPTED else ""),  # RIS has no status tag
        ("UR", f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else ""),
        ("UR", main_link(paper, "paper")),
        ("L1", main_link(paper, "pdf")),  # RIS's link to the PDF
    ]:
        if value:
            lines.append((tag, value))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines)


def to_ris(papers, *, abstract=True):
    return "\n\n".join(ris_record(p, abstract=abstract) for p in papers) + "\n"


def csl_item(paper, *, abstract=True):
    item = {
        "id": citation_key(paper),
        "type": CSL_TYPES[paper.kind],
        "title": paper.title,
        "author": paper.author_list.byline(csl_name, others={"literal": OTHERS}),
    }
    if paper.year:
        item["issued"] = {"date-parts": [date_parts(paper)]}
    # CSL-JSON has one URL: the paper's own page or PDF, else its arXiv page.
    link = main_link(paper, "paper") or main_link(paper, "pdf")
    # Zotero's place for what CSL has no variable for: the arXiv id of a paper with a URL of its own.
    arxiv_note = f"arXiv:{paper.arxiv_id}" if link and paper.arxiv_id else ""
    optional = {
        "container-title": container_title(paper),
        "container-title-short": paper.venue.acronym if paper.venue else "",
        "page": paper.pages,
        "volume": paper.volume,
        "issue": paper.number,
        "publisher": paper.publisher or (paper.venue.publisher if paper.venue else ""),
        "DOI": paper.doi,
        "abstract": paper.abstract if abstract else "",
        "note": "\n".join(filter(None, [beyond_note(paper.author_list), arxiv_note])),
        "status": FORTHCOMING if paper.status == Paper.Status.ACCEPTED else "",
        "URL": link or (f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else ""),
        "number": f"arXiv:{paper.arxiv_id}" if paper.arxiv_id and paper.kind == Paper.Kind.PREPRINT else "",
    }
    item.update({k: v for k, v in optional.items() if v})
    return item


def to_csl_json(papers, *, abstract=True):
    return json.dumps([csl_item(p, abstract=abstract) for p in papers], ensure_ascii=False, indent=2)


def export_options(query):
    """What a request's query asks of an export: `abstract=1` adds abstracts to BibTeX, `abstract=0` leaves
    them out of RIS and CSL-JSON (each format's default otherwise). ValueError says what a bad value should be."""
    value = query.get("abstract")
    if value is None:
        return {}
    if value not in ("0", "1"):
        raise ValueError("abstract is 1 (with the abstracts) or 0 (without them).")
    return {"abstract": value == "1"}


@dataclass(frozen=True)
class ExportFormat:
    render: Callable  # papers loaded with_listing(), abstract=... -> text
    media_type: str
    extension: str  # of the files beside the pages: /papers/1.bib
    aliases: tuple[str, ...] = ()  # other media types clients ask for it by (API content negotiation)


# Format name (the API's ?format=) -> how to write it: the pages' exports and the API's renderers.
EXPORT_FORMATS = {
    "bibtex": ExportFormat(to_bibtex, "application/x-bibtex", "bib", ("text/x-bibtex",)),
    "ris": ExportFormat(to_ris, "application/x-research-info-systems", "ris"),
    "csl-json": ExportFormat(to_csl_json, "application/vnd.citationstyles.csl+json", "json"),
}
