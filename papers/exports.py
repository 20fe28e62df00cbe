"""BibTeX, RIS and CSL-JSON for papers: the one export code the pages, the API and the importers share.

Every function takes papers loaded with `Paper.objects.with_listing()` so that
exporting a list costs the listing's fixed number of queries.
"""

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import bibtexparser
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import UnicodeToLatexEncoder

from .authors import OTHERS
from .models import Paper

_latex = UnicodeToLatexEncoder(unknown_char_policy="keep", unknown_char_warning=False)

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


def split_name(name):
    """'Chen Zhang' -> ('Chen', 'Zhang'); a single word is a family name."""
    given, _, family = name.strip().rpartition(" ")
    return given, family


def csl_name(authorship):
    given, family = split_name(authorship.display_name)
    return {"given": given, "family": family}


def container_title(paper):
    if not paper.venue:
        return ""
    name = paper.venue.name or paper.venue.acronym
    return f"{name} ({paper.track})" if paper.track else name


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
    family = split_name(printed[0].display_name)[1] if printed else "anon"
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


def bibtex_entry(paper):
    fields = {
        "title": _latex.unicode_to_latex(paper.title),
        "author": " and ".join(paper.author_list.byline(lambda a: _latex.unicode_to_latex(a.display_name))),
        "author+an": author_marks(paper),
        "year": str(paper.year or ""),
        "month": MONTHS[paper.month - 1] if paper.month else "",
        "pages": (paper.pages or "").replace("-", "--").replace("----", "--"),
        "volume": paper.volume,
        "number": paper.number,
        "publisher": _latex.unicode_to_latex(paper.publisher or (paper.venue.publisher if paper.venue else "")),
        "doi": paper.doi,
        "abstract": _latex.unicode_to_latex(paper.abstract),
        # biblatex's field for accepted, not yet published work
        "pubstate": "forthcoming" if paper.status == Paper.Status.ACCEPTED else "",
    }
    venue = _latex.unicode_to_latex(container_title(paper))
    kind = BIBTEX_TYPES[paper.kind]
    if kind == "article":
        fields["journal"] = venue
    elif kind in ("inproceedings", "incollection"):
        fields["booktitle"] = venue
    elif kind in ("phdthesis", "techreport"):
        fields["school" if kind == "phdthesis" else "institution"] = venue
    if paper.arxiv_id:
        fields.update(eprint=paper.arxiv_id, archiveprefix="arXiv")
        if paper.categories:
            fields["primaryclass"] = paper.categories[0]
    url = next((link.url for link in paper.links.all() if link.kind in ("paper", "pdf")), "")
    if url:
        fields["url"] = url
    return Entry(kind, citation_key(paper), [Field(k, v) for k, v in fields.items() if v])


def to_bibtex(papers):
    entries, seen = [], set()
    for paper in papers:
        entry = bibtex_entry(paper)
        key, suffix = entry.key, ord("b")
        while entry.key in seen:  # two papers with the same key: yang2024parallelizing, ...b, ...c
            entry.key, suffix = f"{key}{chr(suffix)}", suffix + 1
        seen.add(entry.key)
        entries.append(entry)
    return bibtexparser.write_string(bibtexparser.Library(entries))


def ris_record(paper):
    lines = [("TY", RIS_TYPES[paper.kind]), ("TI", paper.title)]
    lines += [("AU", name) for name in paper.author_list.byline()]
    if paper.year:  # RIS dates have four slots: 2024/07//
        lines += [("PY", str(paper.year)), ("DA", date_text(paper, "/") + "/" * (4 - len(date_parts(paper))))]
    if container_title(paper):
        lines.append(("T2", container_title(paper)))
    first_page, last_page = page_range(paper)
    for tag, value in [
        ("SP", first_page),
        ("EP", last_page),
        ("VL", paper.volume),
        ("IS", paper.number),
        ("PB", paper.publisher),
        ("DO", paper.doi),
        ("AB", paper.abstract.replace("\n", " ")),
    ]:
        if value:
            lines.append((tag, value))
    if paper.arxiv_id:
        lines.append(("UR", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    lines += [("UR", link.url) for link in paper.links.all() if link.kind in ("paper", "pdf")]
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines)


def to_ris(papers):
    return "\n\n".join(ris_record(p) for p in papers) + "\n"


def csl_item(paper):
    item = {
        "id": citation_key(paper),
        "type": CSL_TYPES[paper.kind],
        "title": paper.title,
        "author": paper.author_list.byline(csl_name, others={"literal": OTHERS}),
    }
    if paper.year:
        item["issued"] = {"date-parts": [date_parts(paper)]}
    optional = {
        "container-title": container_title(paper),
        "container-title-short": paper.venue.acronym if paper.venue else "",
        "page": paper.pages,
        "volume": paper.volume,
        "issue": paper.number,
        "publisher": paper.publisher or (paper.venue.publisher if paper.venue else ""),
        "DOI": paper.doi,
        "abstract": paper.abstract,
        "URL": f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else "",
        "number": f"arXiv:{paper.arxiv_id}" if paper.arxiv_id and paper.kind == Paper.Kind.PREPRINT else "",
    }
    item.update({k: v for k, v in optional.items() if v})
    return item


def to_csl_json(papers):
    return json.dumps([csl_item(p) for p in papers], ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class ExportFormat:
    render: Callable  # papers loaded with_listing() -> text
    media_type: str
    extension: str  # of the files beside the pages: /papers/1.bib


# Format name (the API's ?format=) -> how to write it: the pages' exports and the API's renderers.
EXPORT_FORMATS = {
    "bibtex": ExportFormat(to_bibtex, "application/x-bibtex", "bib"),
    "ris": ExportFormat(to_ris, "application/x-research-info-systems", "ris"),
    "csl-json": ExportFormat(to_csl_json, "application/vnd.citationstyles.csl+json", "json"),
}
