"""Paper lists as the pages show them: loaded as plain rows and rendered by one Jinja2 partial.

Listing a thousand papers through model instances, prefetch_related (a QuerySet clone per paper and
relation) and Django's template engine cost about 25 times its SQL; plain rows and a compiled Jinja2
template cost a few times less than that. So there are two loaders, one per shape:
- `load_entries()` here: PaperEntry rows for the HTML lists;
- `Paper.objects.with_listing()`: model instances for exports, feeds, the paper page and the API.
The entries word things (venue line, author name, status, link label) through the models' own rules
(`Paper.format_venue`, `Authorship.format_name`, `Paper.status_label`, `Link.label_for`), so both say the same.
"""

from dataclasses import dataclass, field

from django.template.loader import get_template
from django.utils.safestring import mark_safe

from papers.authors import AuthorList
from papers.models import Authorship, Award, Paper, PaperLink
from papers.openurl import context_object
from pubdb.links import safe_url_maker
from researchers.partial_dates import format_partial_date


@dataclass(slots=True)
class AuthorEntry:
    """An author as a list prints them; the same attributes as an Authorship for the author partial."""

    researcher_id: int
    url: str
    printed_name: str
    name: str  # the researcher's
    native_name: str
    position: int | None
    equal_contribution: bool
    corresponding: bool
    selected: bool
    is_organization: bool

    @property
    def display_name(self):
        return Authorship.format_name(self.printed_name, self.name)


@dataclass(slots=True)
class LinkEntry:
    kind: str
    url: str
    label: str

    def __str__(self):
        return PaperLink.label_for(self.kind, self.label)


class LinkList(list):
    """A list's links, read like a Paper's `links` manager (`.all()`), so that the rules written for a Paper
    (exports.main_link) serve the rows too."""

    def all(self):
        return self


@dataclass(frozen=True, slots=True)
class VenueEntry:
    acronym: str
    name: str
    publisher: str


@dataclass(slots=True)
class TopicEntry:
    pk: int
    slug: str
    name: str


@dataclass(slots=True)
class PaperEntry:
    pk: int
    title: str
    year: int | None
    venue_acronym: str | None
    venue_slug: str | None
    track: str
    status: str
    citation_count: int | None
    citation_source: str
    citation_as_of: object
    abstract: str
    authors_truncated: bool
    month: int | None
    day: int | None
    categories: list  # arXiv subject categories: ["cs.CL"]
    kind: str
    venue_name: str | None
    venue_publisher: str | None
    pages: str
    volume: str
    publisher: str
    doi: str
    arxiv_id: str
    url: str = ""
    bib_url: str = ""
    venue_url: str = ""
    authorships: list = field(default_factory=list)  # AuthorEntry in order, those without a position last
    links: list = field(default_factory=LinkList)
    awards: list = field(default_factory=list)  # Award instances: few, and str(award) is the model's
    topics: list = field(default_factory=list)

    @property
    def author_list(self):
        """As Paper.author_list."""
        return AuthorList.of(self.authorships, truncated=self.authors_truncated)

    @property
    def venue(self):
        """As Paper.venue, for the rules that read a paper's venue (papers/openurl.py)."""
        return VenueEntry(self.venue_acronym, self.venue_name, self.venue_publisher) if self.venue_slug else None

    @property
    def coins(self):
        """The OpenURL ContextObject of the list's Z3988 span (papers/openurl.py)."""
        return context_object(self)

    @property
    def date_display(self):
        return format_partial_date(self.year, self.month, self.day)

    @property
    def status_display(self):
        return Paper.status_label(self.status)

    @property
    def venue_display(self):
        return Paper.format_venue(self.venue_acronym, self.year, self.track)

    @property
    def citations_display(self):
        return Paper.format_citations(self.citation_count)


PAPER_FIELDS = (
    "id",
    "title",
    "year",
    "venue__acronym",
    "venue__slug",
    "track",
    "status",
    "citation_count",
    "citation_source",
    "citation_as_of",
    "abstract",
    "authors_truncated",
    "month",
    "day",
    "categories",
    "kind",
    "venue__name",
    "venue__publisher",
    "pages",
    "volume",
    "publisher",
    "doi",
    "arxiv_id",
)
AUTHOR_FIELDS = (
    "paper_id",
    "researcher_id",
    "researcher__slug",
    "printed_name",
    "researcher__name",
    "researcher__native_name",
    "position",
    "equal_contribution",
    "corresponding",
    "selected",
    "researcher__is_organization",
)


def load_entries(papers):
    """The papers of a QuerySet (filtered, ordered, sliced as the page wants) as PaperEntry; 5 queries."""
    entries = [PaperEntry(*row) for row in papers.values_list(*PAPER_FIELDS)]
    if not entries:
        return entries
    paper_url, bib_url, venue_url, person_url = map(
        safe_url_maker, ("papers:detail", "papers:bibtex", "papers:venue_detail", "researchers:detail")
    )
    for e in entries:
        e.url, e.bib_url = paper_url(e.pk), bib_url(e.pk)
        e.venue_url = venue_url(e.venue_slug) if e.venue_slug else ""
    by_id = {e.pk: e for e in entries}
    ids = list(by_id)
    for paper_id, person, slug, *rest in (
        Authorship.objects.filter(paper_id__in=ids).in_order().values_list(*AUTHOR_FIELDS)
    ):
        by_id[paper_id].authorships.append(AuthorEntry(person, person_url(slug), *rest))
    for paper_id, kind, url, label in (
        PaperLink.objects.filter(paper_id__in=ids).order_by("id").values_list("paper_id", "kind", "url", "label")
    ):
        by_id[paper_id].links.append(LinkEntry(kind, url, label))
    for award in Award.objects.filter(paper_id__in=ids).select_related("venue", "organization"):
        by_id[award.paper_id].awards.append(award)
    for paper_id, pk, slug, name in (
        Paper.topics.through.objects.filter(paper_id__in=ids)
        .order_by("topic__name")
        .values_list("paper_id", "topic_id", "topic__slug", "topic__name")
    ):
        by_id[paper_id].topics.append(TopicEntry(pk, slug, name))
    return entries


def render_entries(entries, owner=None, base="", template="includes/paper_entries.html"):
    """The <li> items of a paper list (or a fragment's list), from one compiled Jinja2 template."""
    html = get_template(template, using="jinja2").render(
        {"entries": entries, "owner_id": owner.pk if owner else None, "base": base}
    )
    # Django's Jinja2 backend autoescapes: every value in the partial is already escaped.
    return mark_safe(html)  # nosec B308 B703


def has_equal_contribution(entries):
    return any(a.equal_contribution for entry in entries for a in entry.author_list.printed)
