"""What the pages show of citations beyond the counts: the per-year chart of a profile and of a paper, who
counted (source and date), and the references between papers in pubdb.

Each part is one query, whatever the number of papers: the profile's chart sums the per-year rows of all the
person's papers in the database, never a row per paper.
"""

from dataclasses import dataclass

from django.db.models import Count, Max, Sum, Window

from front.profile import Counted, bar_chart
from papers.models import Authorship, CitationYear, Paper
from researchers.models import Researcher

LISTED = 100  # references or citing papers on a paper page; the API pages through all of them


def _chart(rows):
    """rows of (year, source, count, as_of) -> the bar chart, with the sources and the latest date."""
    per_year: dict[int, int] = {}
    latest: dict[str, object] = {}
    for year, source, count, as_of in rows:
        per_year[year] = per_year.get(year, 0) + count
        latest[source] = max(latest.get(source, as_of), as_of)
    chart = bar_chart(per_year)
    if chart:
        chart["counted"] = [Counted(source, as_of) for source, as_of in sorted(latest.items())]
    return chart


def profile_citation_chart(researcher: Researcher):
    """Citations per year over all the person's papers (OpenAlex's per-year counts, summed); 1 query."""
    papers = Authorship.objects.filter(researcher=researcher).values("paper_id")
    rows = (
        CitationYear.objects.filter(paper_id__in=papers)
        .values_list("year", "source")
        .annotate(total=Sum("count"), as_of=Max("as_of"))
        .order_by("year", "source")
    )
    return _chart(rows)


def paper_citation_chart(paper: Paper):
    """The paper's own citations per year; 1 query."""
    return _chart(paper.citation_years.values_list("year", "source", "count", "as_of").order_by("year"))


@dataclass(frozen=True)
class Linked:
    """A paper in pubdb that a paper cites or is cited by, as its page lists it."""

    pk: int
    title: str
    year: int | None
    url: str


def linked_papers(papers) -> tuple[list[Linked], int]:
    """The first LISTED of `papers` (Paper.objects.references_of(p) / citing(p)) and how many there are; 1 query
    (the total rides on each row, a window over the whole set)."""
    rows = list(papers.annotate(total=Window(Count("*"))).values_list("pk", "title", "year", "total")[:LISTED])
    listed = [Linked(pk, title, year, Paper(pk=pk).get_absolute_url()) for pk, title, year, _ in rows]
    return listed, rows[0][-1] if rows else 0
