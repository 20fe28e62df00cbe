"""A researcher's publication list in the formats academic homepages are built from.

- al-folio (Jekyll): `_bibliography/papers.bib`, BibTeX plus al-folio's fields `abbr`, `selected`,
  `award`/`award_name`, `pdf`, `code`, `arxiv`, `html`, `slides`, `poster`, `video`, `blog`;
  equal contribution is al-folio's `*` after the family name, corresponding author `†`, explained in
  `annotation`; `author+an` carries the same marks for pubdb's importer.
- Hugo Blox (Hugo, ex-Wowchemy): one `content/publication/<key>/index.md` per paper, with the
  publication front matter (`authors` with `me` for the owner, `author_notes`, `publication_types`
  as CSL types, `featured` for selected papers, `url_*` links) and a `cite.bib` beside it.

Both take papers loaded with `Paper.objects.with_listing()` (fixed queries) and build on exports.py.
"""

import bibtexparser
import yaml
from bibtexparser.model import Field

from papers.exports import CSL_TYPES, _latex, bibtex_entry, citation_key, container_title, to_bibtex

ALFOLIO_LINKS = {"pdf": "pdf", "code": "code", "paper": "html", "slides": "slides", "poster": "poster"}
ALFOLIO_LINKS |= {"video": "video", "blog": "blog", "project": "website"}
HUGO_LINKS = {"pdf": "url_pdf", "code": "url_code", "data": "url_dataset", "poster": "url_poster"}
HUGO_LINKS |= {"project": "url_project", "slides": "url_slides", "video": "url_video", "paper": "url_source"}


def _own_authorship(paper, researcher):
    return next((a for a in paper.authorships.all() if a.researcher_id == researcher.pk), None)


def _marked_name(authorship):
    """'Chen Zhang' -> 'Chen Zhang*' (al-folio shows the symbols after the family name as superscripts)."""
    return (
        authorship.display_name
        + ("*" if authorship.equal_contribution else "")
        + ("†" if authorship.corresponding else "")
    )


def alfolio_entry(paper, researcher):
    entry = bibtex_entry(paper, abstract=True)  # al-folio shows an "Abs" button from it
    authorships = paper.author_list.printed
    names = paper.author_list.byline(lambda a: _latex.unicode_to_latex(_marked_name(a)))
    entry.set_field(Field("author", " and ".join(names)))
    notes = [
        text
        for symbol, text, on in (
            ("*", "* Equal contribution", any(a.equal_contribution for a in authorships)),
            ("†", "† Corresponding author", any(a.corresponding for a in authorships)),
        )
        if on
    ]
    own = _own_authorship(paper, researcher)
    awards = [award.name for award in paper.awards.all()]
    fields = {
        "abbr": paper.venue.acronym if paper.venue else ("arXiv" if paper.arxiv_id else ""),
        "selected": "true" if own and own.selected else "",
        "award": _latex.unicode_to_latex("; ".join(awards)),
        "award_name": _latex.unicode_to_latex(awards[0]) if awards else "",
        "arxiv": paper.arxiv_id,
        "annotation": ", ".join(notes),
        "bibtex_show": "true",
    }
    for link in paper.links.all():
        name = ALFOLIO_LINKS.get(link.kind)
        if name and name not in fields:
            fields[name] = link.url
    for name, value in fields.items():
        if value:
            entry.set_field(Field(name, value))
    return entry


def to_alfolio_bibtex(papers, researcher):
    """The researcher's `_bibliography/papers.bib` for al-folio."""
    entries = [alfolio_entry(paper, researcher) for paper in papers]
    return bibtexparser.write_string(bibtexparser.Library(entries))


def hugo_blox_front_matter(paper, researcher, owner="me"):
    """The `index.md` of a Hugo Blox publication page: YAML front matter and the abstract as body."""
    authors = paper.author_list
    notes = [
        ", ".join(
            n
            for n, on in (("Equal contribution", a.equal_contribution), ("Corresponding author", a.corresponding))
            if on
        )
        for a in authors.printed
    ]
    own = _own_authorship(paper, researcher)
    # Hugo needs a full date; a paper known only to the year or month is dated on its first day.
    date = f"{paper.year:04d}-{paper.month or 1:02d}-{paper.day or 1:02d}T00:00:00Z" if paper.year else None
    data = {
        "title": paper.title,
        "authors": authors.byline(lambda a: owner if a.researcher_id == researcher.pk else a.display_name, "et al."),
        "author_notes": notes if any(notes) else None,
        "date": date,
        "publishDate": date,
        "publication_types": [CSL_TYPES[paper.kind]],
        "publication": f"*{container_title(paper)}*" if paper.venue else "",
        "publication_short": f"*{paper.venue_display}*",
        "doi": paper.doi,
        "abstract": paper.abstract,
        "tags": [topic.name for topic in paper.topics.all()],
        "featured": bool(own and own.selected),
        "links": [{"name": "arXiv", "url": f"https://arxiv.org/abs/{paper.arxiv_id}"}] if paper.arxiv_id else None,
    }
    for link in paper.links.all():
        name = HUGO_LINKS.get(link.kind)
        if name and name not in data:
            data[name] = link.url
    data = {k: v for k, v in data.items() if v not in (None, "", [])}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def hugo_blox_bundle(papers, researcher, owner="me"):
    """{folder name: {file name: text}}: `content/publication/<key>/index.md` and `cite.bib` for each paper."""
    bundle = {}
    for paper in papers:
        key = citation_key(paper)
        bundle[key] = {"index.md": hugo_blox_front_matter(paper, researcher, owner), "cite.bib": to_bibtex([paper])}
    return bundle
