"""django-literature: CSL items, shared names linked in order, an issued date and identifiers per item."""

from literature.models import Item, ItemDate, ItemIdentifier, ItemName, Name
from partial_date import PartialDate

from benchmarks.corpus_stream import Corpus

TYPES = {"journal": "article-journal", "conference": "paper-conference", "workshop": "paper-conference"}
BATCH = 2000


def load(papers, seed, log):
    corpus = Corpus(papers, seed)
    names = []
    for person in corpus.people:
        given, _, family = person.name.rpartition(" ")
        names.append(Name(id=person.index + 1, given=given, family=family))
    Name.objects.bulk_create(names, batch_size=BATCH)
    venues = corpus.venues
    for chunk in corpus.paper_chunks():
        items, credits, dates, identifiers = [], [], [], []
        for p in chunk:
            pk = p.index + 1
            venue = None if p.venue is None else venues[p.venue]
            items.append(
                Item(
                    id=pk,
                    citation_key=f"paper{pk}",
                    type=TYPES.get(p.kind, "article"),
                    title=p.title,
                    container_title=venue.name if venue else "",
                    publisher=venue.publisher if venue else "",
                    volume=p.volume,
                    issue=p.number,
                    page=p.pages,
                    status=p.status,
                    abstract=p.abstract,
                    keyword=p.topic or "",
                )
            )
            for order, author in enumerate(p.authors):
                credits.append(ItemName(item_id=pk, name_id=author.person + 1, role="author", order=order))
            issued = "-".join(f"{part:02d}" for part in (p.year, p.month, p.day) if part)
            dates.append(ItemDate(item_id=pk, date_type="issued", begin=PartialDate(issued)))
            if p.doi:
                identifiers.append(ItemIdentifier(item_id=pk, type="DOI", value=p.doi))
            if p.pdf_url:
                identifiers.append(ItemIdentifier(item_id=pk, type="URL", value=p.pdf_url))
        for model, rows in ((Item, items), (ItemName, credits), (ItemDate, dates), (ItemIdentifier, identifiers)):
            model.objects.bulk_create(rows, batch_size=BATCH)
        log(f"{chunk[-1].index + 1} papers")


def urls(targets):
    """Its pages for ours: its front page is its catalogue, which is also its search."""
    return {
        "author": f"/catalogue/contributors/{targets['person'] + 1}/",
        "paper": f"/catalogue/{targets['paper'] + 1}/",
        "list": "/catalogue/",
        "search": f"/catalogue/?q={targets['word']}",
        "home": "/catalogue/",
    }
