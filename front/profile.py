"""What a profile page shows: the researcher, a light row per paper for the parts that cover the whole list
(filters, groups, metrics, chart), full entries for the papers on the page, co-authors and honours.

Every part costs a fixed number of queries, whatever the number of papers, co-authors or awards.
"""

from collections import Counter, namedtuple
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Value, Window
from django.shortcuts import get_object_or_404

from front.listing import TopicEntry, load_entries
from papers.filters import ProfilePaperFilter
from papers.models import Authorship, Award, Paper, ProfileTopic
from pubdb.links import safe_url_maker
from researchers.models import Researcher

UNDATED = "Year not given"  # the one wording, as the entries' (templates/jinja2/includes/paper_entries.html)
PAGE_SIZE = 100  # papers per page of a long profile; shorter ones show everything on one page
COAUTHORS_SHOWN = 100
Coauthor = namedtuple("Coauthor", "pk url name native_name")


@dataclass(slots=True)
class PaperRow:
    """One of the person's papers, with what the whole-list parts (filters, groups, metrics, chart) need."""

    pk: int
    year: int | None
    citation_count: int | None
    citation_as_of: object
    first_author: bool  # Authorship.objects.first_authors(): position 1 or co-first
    selected: bool
    shown: bool  # matches the list's filters
    topics: list = field(default_factory=list)


@dataclass
class Group:
    title: str
    papers: list = field(default_factory=list)  # PaperRow, or PaperEntry once the page is filled in
    slug: str = ""
    total: int = 0  # papers in the whole group, on every page


def load_profile(slug, params=None):
    """The researcher (with_profile + topics), a PaperRow for each of their papers, newest first, and the list's
    filters (papers/filters.py ProfilePaperFilter) from the query `params`: each row says whether it matches.

    A fixed number of queries: the researcher and their prefetched sections, then 2 for the rows (the filters
    are a subquery of the first). Only the papers a page shows are loaded whole (`fill_entries`), so a profile
    of a thousand papers costs its page, not its length.
    """
    ordered_topics = Prefetch("profile_topics", queryset=ProfileTopic.objects.select_related("topic"))
    researcher = get_object_or_404(Researcher.objects.with_profile().prefetch_related(ordered_topics), slug=slug)
    filters = ProfilePaperFilter(params or None, researcher=researcher)
    shown = Exists(filters.qs.filter(pk=OuterRef("pk"))) if filters.active else Value(True)
    first = Authorship.objects.first_authors().filter(paper=OuterRef("pk"), researcher=researcher)
    rows = [
        PaperRow(*row)
        for row in Paper.objects.by_researcher(researcher)
        .newest_first()
        .annotate(first_author=Exists(first), shown=shown)
        .values_list("id", "year", "citation_count", "citation_as_of", "first_author", "authorships__selected", "shown")
    ]
    by_id = {row.pk: row for row in rows}
    for paper_id, pk, topic_slug, name in (
        Paper.topics.through.objects.filter(paper__authorships__researcher=researcher)
        .order_by("topic__name")
        .values_list("paper_id", "topic_id", "topic__slug", "topic__name")
    ):
        by_id[paper_id].topics.append(TopicEntry(pk, topic_slug, name))
    return researcher, rows, filters


def split_selected(papers, filters):
    """(the selected block, the rest): each paper listed once. No block when the list is narrowed to the
    selected papers or when every paper is selected (they are then marked in place)."""
    selected = [p for p in papers if p.selected]
    if filters.get("selected") or len(selected) in (0, len(papers)):
        return [], papers
    return selected, [p for p in papers if not p.selected]


def group_papers(researcher, papers, by_year=False):
    """By the profile's topics in their order when it has some (else, or `by_year`, by year), "Other" / undated
    last; within a group newest first, undated last."""
    topics = [] if by_year else [pt.topic for pt in researcher.profile_topics.all()]
    groups = {}
    if topics:
        order = {t.pk: i for i, t in enumerate(topics)}
        for paper in papers:
            mine = sorted((t for t in paper.topics if t.pk in order), key=lambda t: order[t.pk])
            key = (order[mine[0].pk], mine[0].name, mine[0].slug) if mine else (len(order), "Other topics", "other")
            groups.setdefault(key, []).append(paper)
    else:
        for paper in papers:
            key = (-(paper.year or 0), str(paper.year) if paper.year else UNDATED, f"y{paper.year or 'undated'}")
            groups.setdefault(key, []).append(paper)
    # Undated papers (key 0) sort after the oldest year; "Other topics" after the profile's topics.
    ordered = sorted(groups.items(), key=lambda item: item[0][0])
    return [Group(title=key[1], slug=key[2], papers=items, total=len(items)) for key, items in ordered]


def paginate_groups(groups, number, per_page=PAGE_SIZE):
    """The page `number` of the groups' papers in order, and the groups (or parts of them) on it."""
    flat = [(group, row) for group in groups for row in group.papers]
    page = Paginator(flat, per_page).get_page(number)
    on_page = []
    for group, row in page.object_list:
        if not on_page or on_page[-1].slug != group.slug:
            on_page.append(Group(title=group.title, slug=group.slug, total=group.total))
        on_page[-1].papers.append(row)
    return page, on_page


def fill_entries(groups, *more):
    """Rows replaced by their full list entries (front/listing.py; 5 queries for all the lists given)."""
    lists = [g.papers for g in groups] + list(more)
    ids = {row.pk for rows in lists for row in rows}
    entries = {e.pk: e for e in load_entries(Paper.objects.filter(pk__in=ids))} if ids else {}
    for rows in lists:
        rows[:] = [entries[row.pk] for row in rows]


def h_index(counts):
    ranked = sorted(counts, reverse=True)
    return sum(1 for i, c in enumerate(ranked, start=1) if c >= i)


def metrics(researcher, papers):
    """Computed from per-paper counts where any is known, else the stored snapshot with its source; the
    first-authored count (co-first included) always from the rows. None for an organisation: a team's
    h-index measures no one."""
    if researcher.is_organization:
        return None
    counts = [p.citation_count for p in papers if p.citation_count is not None]
    first_authored = sum(1 for p in papers if p.first_author)
    if counts:
        dates = [p.citation_as_of for p in papers if p.citation_as_of]
        return {
            "papers": len(papers),
            "first_authored": first_authored,
            "citations": sum(counts),
            "h_index": h_index(counts),
            "i10_index": sum(1 for c in counts if c >= 10),
            "source": f"computed from per-paper counts ({len(counts)} of {len(papers)} papers)",
            "as_of": max(dates) if dates else None,
            "computed": True,
        }
    return {
        "papers": len(papers),
        "first_authored": first_authored,
        "citations": researcher.citations,
        "h_index": researcher.h_index,
        "i10_index": researcher.i10_index,
        "source_papers": researcher.paper_count,
        "source": researcher.metrics_source,
        "as_of": researcher.metrics_as_of,
        "computed": False,
    }


def coauthors(researcher):
    """The most frequent co-authors [(co-author, shared papers)] and the number of all of them; 1 query.

    Counted by the database; a prolific person has thousands, too many to list usefully on the page. The
    number of all of them rides on each row shown (a window over the groups), not in a second count.
    """
    everyone = Authorship.objects.filter(paper__authorships__researcher=researcher, researcher__is_organization=False)
    everyone = everyone.exclude(researcher=researcher)
    top = (
        everyone.values_list("researcher_id", "researcher__slug", "researcher__name", "researcher__native_name")
        .annotate(shared=Count("paper_id", distinct=True), total=Window(Count("*")))
        .order_by("-shared", "researcher__name", "researcher_id")[:COAUTHORS_SHOWN]
    )
    url = safe_url_maker("researchers:detail")
    rows = list(top)
    shown = [(Coauthor(pk, url(slug), name, native), n) for pk, slug, name, native, n, _ in rows]
    return shown, rows[0][-1] if rows else 0


def honours(researcher):
    """Awards the person received plus awards of their papers, each once, newest first; 1 query."""
    return list(Award.objects.for_profile(researcher))


def homonyms(researcher):
    """The other people of the same name, for DBLP's disambiguation note ("see also chen-zhang-2"); 1 query."""
    same_name = Researcher.objects.filter(name__iexact=researcher.name).exclude(pk=researcher.pk)
    return list(same_name.select_related("affiliation").with_years_active().order_by("slug"))


def advisors(researcher):
    seen = {}
    for position in researcher.positions.all():
        for person in position.advisors.all():
            seen.setdefault(person.pk, person)
    return list(seen.values())


def year_chart(papers):
    """Bars of papers per year (undated papers are left out and counted)."""
    chart = bar_chart(Counter(p.year for p in papers if p.year))
    if chart:
        chart["undated"] = sum(1 for p in papers if not p.year)
    return chart


def bar_chart(per_year, *, bar=22, gap=6, height=90):
    """Bars of a count per year ({year: n}), years between without one drawn empty, for the inline SVG of
    includes/year_chart.html drawn on the server; None when there is nothing to draw.

    SVG coordinates are given as strings: the template engine would localize numbers (a thousands separator
    would break the drawing), and localizing hundreds of them costs more than the rest of the sidebar.
    """
    per_year = {year: n for year, n in per_year.items() if n}
    if not per_year:
        return None
    years = list(range(min(per_year), max(per_year) + 1))
    top = max(per_year.values())
    bars = []
    for i, year in enumerate(years):
        n, x = per_year.get(year, 0), i * (bar + gap)
        h = round(n / top * height) if n else 0
        y = height - h + 14
        bars.append(
            {
                "year": year,
                "count": n,
                "title": f"{year}: {n}",
                "label": str(n) if n < 1000 else f"{n / 1000:.1f}k",  # a bar is 22 units wide
                "short_year": f"’{year % 100:02d}",
                **{k: str(v) for k, v in {"x": x, "y": y, "h": h, "mid": x + bar // 2, "label_y": y - 3}.items()},
            }
        )
    return {
        "bars": bars,
        "width": str(len(years) * (bar + gap) - gap),
        "height": str(height + 32),
        "year_y": str(height + 28),
        "bar": str(bar),
        "first": years[0],
        "last": years[-1],
    }
