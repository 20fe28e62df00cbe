"""What reference managers read off a page about a paper, from one function: the Highwire Press
`citation_*` meta tags of the paper page (Google Scholar, Zotero) and COinS, an OpenURL ContextObject in
a Z3988 span beside every paper of every list (Zotero, Mendeley: "save all" on a profile).

Both take a Paper loaded with_listing() or a list's PaperEntry (front/listing.py): the same attributes.
"""

from urllib.parse import urlencode

from .exports import date_text, main_link, page_range
from .models import Paper

# OpenURL 1.0 (Z39.88-2004) metadata format and genre of each kind of paper
KEV = "info:ofi/fmt:kev:mtx:"
OPENURL_KINDS = {
    Paper.Kind.JOURNAL: ("journal", "article"),
    Paper.Kind.PREPRINT: ("journal", "preprint"),
    Paper.Kind.CONFERENCE: ("book", "proceeding"),
    Paper.Kind.WORKSHOP: ("book", "proceeding"),
    Paper.Kind.DEMO: ("book", "proceeding"),
    Paper.Kind.CHAPTER: ("book", "bookitem"),
    Paper.Kind.BOOK: ("book", "book"),
    Paper.Kind.REPORT: ("book", "report"),
    Paper.Kind.THESIS: ("dissertation", ""),
}
# citation_* tag -> the OpenURL key that says the same (title, authors and date are handled apart)
OPENURL_KEYS = {
    "citation_journal_title": "rft.jtitle",
    "citation_conference_title": "rft.btitle",
    "citation_volume": "rft.volume",
    "citation_firstpage": "rft.spage",
    "citation_lastpage": "rft.epage",
    "citation_publisher": "rft.pub",
}


def citation_meta(paper):
    """[(name, content)] of the paper's citation_* meta tags, in Highwire's order, empty ones left out."""
    first_page, last_page = page_range(paper)
    venue = paper.venue
    container = "citation_journal_title" if paper.kind == Paper.Kind.JOURNAL else "citation_conference_title"
    tags = [
        ("citation_title", paper.title),
        # Scholar reads citation_author: the owner beyond a truncated list is named too, after the printed ones.
        *(("citation_author", a.display_name) for a in paper.author_list.people),
        ("citation_publication_date", date_text(paper, "/")),
        (container, (venue.name or venue.acronym) if venue else ""),
        ("citation_volume", paper.volume),
        ("citation_firstpage", first_page),
        ("citation_lastpage", last_page),
        ("citation_pdf_url", main_link(paper, "pdf")),
        ("citation_doi", paper.doi),
        ("citation_arxiv_id", paper.arxiv_id),
        ("citation_publisher", paper.publisher or (venue.publisher if venue else "")),
    ]
    return [(name, content) for name, content in tags if content]


def context_object(paper):
    """The paper's COinS: an OpenURL ContextObject (KEV) saying what its citation_* meta tags say."""
    fmt, genre = OPENURL_KINDS.get(paper.kind, ("journal", "unknown"))
    # A book's own title is its btitle; everything else is an article (atitle) in a container.
    title_key = "rft.btitle" if paper.kind == Paper.Kind.BOOK else "rft.atitle"
    if fmt == "dissertation":
        title_key = "rft.title"
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", KEV + fmt), ("rft.genre", genre)]
    for name, content in citation_meta(paper):
        if name == "citation_title":
            pairs.append((title_key, content))
        elif name == "citation_author":
            pairs.append(("rft.au", content))
        elif name == "citation_publication_date":
            pairs.append(("rft.date", content.replace("/", "-")))
        elif name == "citation_doi":
            pairs.append(("rft_id", f"info:doi/{content}"))
        elif name == "citation_arxiv_id":
            pairs.append(("rft_id", f"https://arxiv.org/abs/{content}"))
        elif key := OPENURL_KEYS.get(name):
            if fmt == "dissertation" and key == "rft.btitle":
                key = "rft.inst"  # a thesis's "venue" is its university
            if key != title_key:
                pairs.append((key, content))
    return urlencode([(key, value) for key, value in pairs if value])
