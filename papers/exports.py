"""BibTeX, RIS and CSL-JSON for papers: the one export code the pages, the API and the importers share.

Every function takes papers loaded with `Paper.objects.with_listing()` so that
exporting a list costs the listing's fixed number of queries.
"""

import json
import re
import unicodedata

import bibtexparser
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import UnicodeToLatexEncoder

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


def author_names(paper):
    """Printed names of the listed authors, in order (authors outside a truncated list are not printed)."""
    return [a.display_name for a in paper.authorships.all() if a.position is not None]


def split_name(name):
    """'Chen Zhang' -> ('Chen', 'Zhang'); a single word is a family name."""
    given, _, family = name.strip().rpartition(" ")
    return given, family


def container_title(paper):
    if not paper.venue:
        return ""
    name = paper.venue.name or paper.venue.acronym
    return f"{name} ({paper.track})" if paper.track else name


def citation_key(paper):
    """The stored key, else DBLP-like: first author's family name, year, first title word."""
    if paper.bibtex_key:
        return paper.bibtex_key
    names = author_names(paper)
    family = split_name(names[0])[1] if names else "anon"
    word = next((w for w in re.findall(r"[^\W_]+", paper.title) if len(w) > 3), "paper")
    raw = f"{family}{paper.year or ''}{word}".lower()
    ascii_key = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    return f"{ascii_key or 'paper'}-{paper.pk}" if not paper.year else ascii_key


def author_marks(paper):
    """biblatex data annotations for the marks BibTeX has no field for: '1=equal; 3=corresponding'.

    Ignored by BibTeX styles, read back by pubdb's importer, so equal contribution survives a round trip.
    """
    items = []
    for authorship in paper.authorships.all():
        marks = [
            m for m, on in (("equal", authorship.equal_contribution), ("corresponding", authorship.corresponding)) if on
        ]
        if marks and authorship.position is not None:
            items.append(f"{authorship.position}={','.join(marks)}")
    return "; ".join(items)


def bibtex_entry(paper):
    names = author_names(paper) + (["others"] if paper.authors_truncated else [])
    fields = {
        "title": _latex.unicode_to_latex(paper.title),
        "author": " and ".join(_latex.unicode_to_latex(n) for n in names),
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
    lines += [("AU", name) for name in author_names(paper)]
    if paper.year:
        date = "/".join(
            [str(paper.year), f"{paper.month:02d}" if paper.month else "", f"{paper.day:02d}" if paper.day else "", ""]
        )
        lines += [("PY", str(paper.year)), ("DA", date)]
    if container_title(paper):
        lines.append(("T2", container_title(paper)))
    for tag, value in [
        ("SP", paper.pages.split("-")[0] if paper.pages else ""),
        ("EP", paper.pages.split("-")[-1].lstrip("-") if "-" in paper.pages else ""),
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
        "author": [dict(zip(("given", "family"), split_name(name), strict=True)) for name in author_names(paper)],
    }
    if paper.year:
        item["issued"] = {"date-parts": [[p for p in (paper.year, paper.month, paper.day) if p]]}
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
