"""What a profile page shows: the researcher, the parts that cover the whole list (filters, groups, metrics,
chart) counted by the database, full entries for the papers on the page, co-authors and honours.

Every part costs a fixed number of queries, whatever the number of papers, co-authors or awards, and reads
the rows it shows plus a row of counts per year (and group): a profile of thousands of papers costs its page,
not its length.
"""

from collections import Counter, namedtuple
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from front.listing import load_entries
from papers.filters import ProfilePaperFilter
from papers.models import Authorship, Award, Paper, ProfileTopic
from pubdb.links import safe_url_maker
from researchers.models import CoauthorTally, Researcher, prefetch_profile_parts

UNDATED = _("Year not given")  # the one wording, as the entries' (templates/jinja2/includes/paper_entries.html)
OTHER_TOPICS = (_("Other topics"), "other")  # the group of the papers under none of the profile's topics
ORDERS = ("year", "profile")  # the list's `?order=` besides the default (by the profile's topics, if any)
PAGE_SIZE = 100  # papers per page of a long profile; shorter ones show everything on one page
COAUTHORS_SHOWN = 100
Coauthor = namedtuple("Coauthor", "pk url name native_name")


@dataclass(frozen=True)
class Counted:
    """A source that counted citations, and the date of its latest count."""

    source: str
    as_of: object


@dataclass
class Group:
    title: str
    papers: list = field(default_factory=list)  # PaperEntry
    slug: str = ""
    total: int = 0  # papers in the whole group, on every page


@dataclass
class PaperList:
    """A person's publication list, filtered by the query's ProfilePaperFilter and grouped by the profile's
    `topics` (in their order), or by year when `topics` is empty; or one list in the order the owner set
    (`owners_order`, Authorship.profile_order)."""

    researcher: Researcher
    filters: ProfilePaperFilter
    topics: list = field(default_factory=list)
    owners_order: bool = False

    @cached_property
    def rows(self):
        """A row of counts per year (and group); 1 query (`summarize`), made only by the parts that count."""
        return summarize(self)

    def count(self, name):
        return sum(row[name] or 0 for row in self.rows)

    @property
    def total(self):
        return self.count("n")

    @property
    def shown(self):
        return self.count("shown")

    @property
    def ordered(self):
        """Whether the owner has put any of their papers in an order: the profile then offers that order."""
        return self.count("ordered") > 0

    @property
    def block(self):
        """How many selected papers head the first page as a block of their own: none when the list is
        narrowed to the selected papers or when every paper shown is selected (they are then marked in place)."""
        selected = self.count("shown_selected")
        return 0 if self.filters.active.get("selected") or selected in (0, self.shown) else selected

    def group_key(self, year, index):
        """(order, title, slug) of a group: years newest first, undated last; or the profile's topics in their
        order (`index` in it), "Other topics" last; in the owner's order one group without a title."""
        if self.owners_order:
            return (0, "", "owners-order")
        if not self.topics:
            return (-(year or 0), str(year) if year else UNDATED, f"y{year or 'undated'}")
        if index < len(self.topics):
            return (index, self.topics[index].name, self.topics[index].slug)
        return (len(self.topics), *OTHER_TOPICS)

    def group_of(self, entry):
        """The group of a PaperEntry: its year, or the first of the profile's topics it is under."""
        order = {t.pk: i for i, t in enumerate(self.topics)}
        return self.group_key(entry.year, min((order[t.pk] for t in entry.topics if t.pk in order), default=len(order)))

    def groups(self):
        """Every group with papers outside the selected block, in order, with its total (its papers not loaded)."""
        totals = Counter()
        for row in self.rows:
            totals[self.group_key(row["year"], row.get("group"))] += row["shown"] - (
                row["shown_selected"] if self.block else 0
            )
        return [Group(title=title, slug=slug, total=n) for (_, title, slug), n in sorted(totals.items()) if n]

    def per_year(self):
        per_year = Counter()
        for row in self.rows:
            if row["year"]:
                per_year[row["year"]] += row["n"]
        return per_year


def load_profile(slug, params=None, *, order=""):
    """The researcher (with_profile + topics) and their PaperList, filtered by the query `params` (papers/
    filters.py ProfilePaperFilter) and grouped by the profile's topics (by year when it has none, or `order` is
    "year"), or in the owner's order (`order` "profile")."""
    ordered_topics = Prefetch("profile_topics", queryset=ProfileTopic.objects.select_related("topic"))
    marked = Researcher.objects.with_profile_marked().prefetch_related(ordered_topics)
    researcher = prefetch_profile_parts(get_object_or_404(marked, slug=slug))
    filters = ProfilePaperFilter(params or None, researcher=researcher)
    topics = [] if order in ORDERS else [pt.topic for pt in researcher.profile_topics.all()]
    return researcher, PaperList(researcher, filters, topics, owners_order=order == "profile")


def _shown(papers, paper):
    """Whether the paper (the outer query's field `paper`) matches the list's filters: a subquery."""
    filters = papers.filters
    return Exists(filters.qs.filter(pk=OuterRef(paper))) if filters.active else Value(True)


def _group(papers, paper):
    """The index of the first of the profile's topics the paper is under, in the list's order (a CASE: two
    topics may share a `position`); "Other topics" after the last."""
    index = Case(*(When(topic_id=t.pk, then=Value(i)) for i, t in enumerate(papers.topics)))
    under = Paper.topics.through.objects.filter(paper=OuterRef(paper), topic__in=papers.topics)
    first_topic = under.values("paper").annotate(i=Min(index)).values("i")
    return Coalesce(Subquery(first_topic), len(papers.topics), output_field=IntegerField())


def summarize(papers):
    """Per year and citation source (and group): papers, first-authored, citation sum, known counts, i10,
    latest count date, shown and shown-and-selected; 1 query over the owner's authorships and their papers, a
    row per year and source (and group) whatever the number of papers."""
    mine = Authorship.objects.filter(researcher=papers.researcher).annotate(is_shown=_shown(papers, "paper_id"))
    # By who counted the citations too (a source or two): counted_by() reads them here, not in a query of its own.
    keys = ["year", "source"]
    if papers.topics:
        mine, keys = mine.annotate(group=_group(papers, "paper_id")), [*keys, "group"]
    shown = Q(is_shown=True)
    counts = {
        "n": Count("paper"),
        "first": Count("paper", filter=Authorship.objects.first_author()),
        "citations": Sum("paper__citation_count"),
        "known": Count("paper__citation_count"),
        "i10": Count("paper", filter=Q(paper__citation_count__gte=10)),
        "as_of": Max("paper__citation_as_of"),
        "shown": Count("paper", filter=shown),
        "shown_selected": Count("paper", filter=shown & Q(selected=True)),
        "ordered": Count("paper", filter=Q(profile_order__isnull=False)),
    }
    mine = mine.annotate(year=F("paper__year"), source=F("paper__citation_source"))
    return list(mine.order_by().values(*keys).annotate(**counts))


def shown_in_order(papers, selected_first=True):
    """The papers the filters keep, in the list's order: by group, newest first within one, or in the owner's
    order; on the page the selected block before them (`selected_first`, in the owner's order where they set
    one), the embed has none.

    On the page the owner's `selected` flag leads the order even where there is no block: it is then the same
    for every paper shown (none or all selected), and it makes the database sort the person's papers, found
    by the covering indexes, rather than walk the whole corpus newest first until it meets enough of them.
    """
    qs = Paper.objects.by_researcher(papers.researcher).annotate(is_selected=F("authorships__selected"))
    if papers.filters.active:
        qs = qs.filter(_shown(papers, "pk"))
    first = [Case(When(is_selected=True, then=0), default=1)] if selected_first else []
    if selected_first and papers.block:  # only the block's: selected papers listed in their groups stay there
        place = Case(When(is_selected=True, then=F("authorships__profile_order")), output_field=IntegerField())
        first.append(place.asc(nulls_last=True))
    if papers.topics:
        qs = qs.annotate(group=_group(papers, "pk"))
        first.append("group")
    return qs.in_profile_order(*first) if papers.owners_order else qs.newest_first(*first)


def load_page(papers, number, per_page=PAGE_SIZE):
    """(page, the selected block's entries, the groups on the page with their entries) for page `number`;
    the counts' query and 5 for the entries of the block and the page.

    The page's papers are found in order by their ids (a subquery, a row per paper from the indexes), and
    only those are read whole.
    """
    groups = papers.groups()
    page = Paginator(range(sum(g.total for g in groups)), per_page).get_page(number)
    block = papers.block
    start = block + page.start_index() - 1 if page.number > 1 else 0
    stop = block + page.end_index()
    ordered = shown_in_order(papers)
    entries = load_entries(ordered.filter(pk__in=ordered[start:stop].values("pk"))) if stop else []
    selected = entries[: block if page.number == 1 else 0]
    return page, selected, fill_groups(papers, entries[len(selected) :], {g.slug: g for g in groups})


def load_all(papers):
    """Every paper the filters keep, in their groups (no selected block); 5 queries."""
    return fill_groups(papers, load_entries(shown_in_order(papers, selected_first=False)))


def fill_groups(papers, entries, totals=None):
    """Entries (in the list's order) under their groups' headings; a group's total from `totals` when the
    entries are one page of it, else the entries it has."""
    groups = []
    for entry in entries:
        _, title, slug = papers.group_of(entry)
        if not groups or groups[-1].slug != slug:
            groups.append(Group(title=title, slug=slug, total=totals[slug].total if totals else 0))
        groups[-1].papers.append(entry)
    if not totals:
        for group in groups:
            group.total = len(group.papers)
    return groups


def h_index(researcher):
    """The largest h such that h of the person's papers have at least h citations each; 1 query: the
    counts ranked by a window, and the ranks a count reaches counted."""
    counts = Paper.objects.by_researcher(researcher).filter(citation_count__isnull=False)
    ranked = counts.annotate(rank=Window(RowNumber(), order_by=F("citation_count").desc()))
    return ranked.filter(citation_count__gte=F("rank")).count()


def metrics(researcher, papers):
    """Computed from per-paper counts where any is known, else the stored snapshot with its source; the
    first-authored count (co-first included) always counted. None for an organisation: a team's h-index
    measures no one."""
    if researcher.is_organization:
        return None
    total, known = papers.total, papers.count("known")
    common = {"papers": total, "first_authored": papers.count("first")}
    if known:
        dates = [row["as_of"] for row in papers.rows if row["as_of"]]
        return {
            **common,
            "citations": papers.count("citations"),
            "h_index": h_index(researcher),
            "i10_index": papers.count("i10"),
            "source": gettext("computed from per-paper counts (%(counted)s of %(total)s papers)")
            % {"counted": known, "total": total},
            "as_of": max(dates) if dates else None,
            "computed": True,
        }
    return {
        **common,
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

    Read from the stored per-pair counts (researchers.CoauthorTally, kept by triggers) through their
    (researcher, -papers, coauthor) index: the rows shown, not every authorship of every paper of a prolific
    person. The number of all of them is a subquery of the same index; organisation authors ("Ling Team")
    are no one's co-author, left out through their own small index. Ties at the cut are taken in id order
    (the index's), then shown by name.
    """
    organizations = Researcher.objects.filter(is_organization=True).values("pk")
    pairs = CoauthorTally.objects.filter(researcher=researcher, papers__gt=0).exclude(coauthor__in=organizations)
    total = pairs.order_by().values("researcher").annotate(n=Count("*")).values("n")
    top = pairs.order_by("-papers", "coauthor_id").values_list(
        "coauthor_id", "coauthor__slug", "coauthor__name", "coauthor__native_name", "papers", Subquery(total)
    )[:COAUTHORS_SHOWN]
    url = safe_url_maker("researchers:detail")
    rows = sorted(top, key=lambda row: (-row[4], row[2], row[0]))
    shown = [(Coauthor(pk, url(slug), name, native), n) for pk, slug, name, native, n, _ in rows]
    return shown, rows[0][-1] if rows else 0


def counted_by(papers):
    """Who counted the citations of the person's papers, each source with its latest date ("OpenAlex, as of
    …"), from the list's counts (no query of its own)."""
    latest = {}
    for row in papers.rows:
        if source := row["source"]:
            dates = [date for date in (latest.get(source), row["as_of"]) if date]
            latest[source] = max(dates, default=None)
    return [Counted(source, as_of) for source, as_of in sorted(latest.items())]


def honours(researcher):
    """Awards the person received plus awards of their papers, each once, newest first; 1 query."""
    return list(Award.objects.for_profile(researcher))


def homonyms(researcher):
    """The other people of the same name, for DBLP's disambiguation note ("see also chen-zhang-2"); 1 query
    when there are any (load_profile marks it)."""
    if not getattr(researcher, "has_namesakes", True):
        return []
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
    per_year = papers.per_year()
    chart = bar_chart(per_year)
    if chart:
        chart["undated"] = papers.total - sum(per_year.values())
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
