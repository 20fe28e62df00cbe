"""django-publications: one Publication row per paper, its authors a string, its venue a journal or book title."""

from publications.models import Publication

from benchmarks.corpus_stream import Corpus

# Its fixture's types (publications/fixtures/initial_data.json): Journal 1, Conference 2, Technical Report 3.
# A preprint goes under Technical Report: its own Unpublished type is hidden from the list pages.
TYPES = {"journal": 1, "conference": 2, "workshop": 2, "preprint": 3}


def load(papers, seed, log):
    corpus = Corpus(papers, seed)
    venues = corpus.venues
    for chunk in corpus.paper_chunks():
        rows = []
        for p in chunk:
            venue = None if p.venue is None else venues[p.venue]
            journal = venue.name if venue and venue.kind == "journal" else ""
            rows.append(
                Publication(
                    id=p.index + 1,
                    type_id=TYPES[p.kind],
                    citekey=f"paper{p.index + 1}",
                    title=p.title,
                    authors=", ".join(a.printed_name for a in p.authors),
                    year=p.year,
                    month=p.month,
                    journal=journal,
                    book_title=venue.name if venue and not journal else "",
                    publisher=venue.publisher if venue else "",
                    volume=int(p.volume) if p.volume else None,
                    number=int(p.number) if p.number else None,
                    pages=p.pages,
                    keywords=p.topic or "",
                    url=p.pdf_url,
                    doi=p.doi,
                    abstract=p.abstract,
                )
            )
        Publication.objects.bulk_create(rows, batch_size=2000)
        log(f"{chunk[-1].index + 1} papers")


def urls(targets):
    """Its pages for ours; it has no search and no home page but its list of everything."""
    # Its author page takes the name as "given+family" and matches initial and surname (views/author.py).
    name = targets["person_name"].lower().replace(" ", "+")
    return {
        "author": f"/publications/{name}/",
        "paper": f"/publications/{targets['paper'] + 1}/",
        "list": "/publications/",
        "search": None,
        "home": "/publications/",
    }
