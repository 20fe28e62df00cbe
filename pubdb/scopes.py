"""Which cached pages a write can change: the two halves of one rule, kept side by side.

A page is cached under the data version and one scope version (pubdb/cache.py). A profile's scope is its
researcher ("researcher:<slug>": the profile, its embeds, exports and feed, the API's detail and paper list); a
paper's is the paper ("paper:<id>": the page, its exports, the API's detail). Every other page — lists, venues,
search, home, feeds, sitemaps, organizations — is under the "lists" scope, which every write moves.

A write names what it touched (Touched) only where its reach is known; any other write moves the data version,
which every key holds, so everything cached goes. The narrow writes are the everyday paper writes:

- a paper saved or deleted, an authorship added or removed, a paper's link or topic list changed: the paper, and
  everyone listed on it (they print its title, authors and year) — looked up once the transaction has committed,
  together with the people the removed authorships named;
- a person created: that person (nothing showed them before but lists and the namesakes' notes).

A profile also shows the person's namesakes with their years active (front/profile.py homonyms), so each person
touched brings the profiles of everyone with the same name. A changed authorship (it may have named someone
else), a renamed person, a venue, an award, an organization, a profile's own sections and every bulk path
(QuerySet.update(), COPY, loaddata, merges) move the data version.

This module reads the domain's models by name (apps.get_model): the infrastructure holds the rule, the domain
apps do not import it.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import DatabaseError
from django.db.models.functions import Upper
from django.urls import Resolver404, resolve
from simple_history.models import HistoricalChanges

LISTS = "lists"
MAX_SCOPES = 200  # a write touching more moves the data version: one bump instead of hundreds
RESEARCHER_PAGES = {"researchers": {"detail", "embed", "fragment", "bibtex", "ris", "csl_json", "feed"}}
RESEARCHER_API = {"researcher-detail": "slug", "researcher-papers": "researcher_slug"}
PAPER_PAGES = {"papers": {"detail", "bibtex", "ris", "csl_json"}, "api": {"paper-detail"}}
PAPER_PARTS = {"papers.authorship", "papers.paperlink"}  # rows a paper's page and its authors' profiles show


@dataclass
class Touched:
    """The rows a transaction wrote, as far as the pages' scopes care: papers and people, by id."""

    papers: set[int] = field(default_factory=set)
    people: set[int] = field(default_factory=set)

    def add(self, other: "Touched") -> None:
        self.papers |= other.papers
        self.people |= other.people


def touched_by_save(sender, instance, created: bool) -> Touched | None:
    label = sender._meta.label_lower
    if issubclass(sender, HistoricalChanges):
        return Touched()  # curators' history: on no public page (the write it records names its own scope)
    if label == "papers.paper":
        return Touched(papers={instance.pk})
    if label == "papers.authorship":
        # An edited authorship may have named another person before: who, the signal does not say.
        return Touched(papers={instance.paper_id}, people={instance.researcher_id}) if created else None
    if label in PAPER_PARTS:
        return Touched(papers={instance.paper_id})
    if label == "researchers.researcher" and created:
        return Touched(people={instance.pk})
    return None


def touched_by_delete(sender, instance) -> Touched | None:
    label = sender._meta.label_lower
    if issubclass(sender, HistoricalChanges):
        return Touched()
    if label == "papers.paper":
        return Touched(papers={instance.pk})  # its authorships' deletions name its authors
    if label == "papers.authorship":
        return Touched(papers={instance.paper_id}, people={instance.researcher_id})
    if label in PAPER_PARTS:
        return Touched(papers={instance.paper_id})
    return None


def touched_by_m2m(sender, instance, reverse: bool) -> Touched | None:
    if issubclass(sender, HistoricalChanges):
        return Touched()
    if not reverse and sender is apps.get_model("papers", "Paper").topics.through:
        return Touched(papers={instance.pk})
    return None


def scopes_of(touched: Touched, using: str) -> set[str] | None:
    """The scopes whose pages `touched` may have changed, read after the commit; None: too many, or the
    database could not say (then the data version moves). Two queries, each by an index: the papers' authors
    (authorship by paper), then everyone named like a person touched (researcher_name_upper)."""
    authorship, researcher = apps.get_model("papers", "Authorship"), apps.get_model("researchers", "Researcher")
    try:
        listed = touched.people | set(
            authorship.objects.using(using).filter(paper_id__in=touched.papers).values_list("researcher_id", flat=True)
        )
        names = researcher.objects.using(using).filter(pk__in=listed).annotate(upper_name=Upper("name"))
        namesakes = researcher.objects.using(using).annotate(upper_name=Upper("name"))
        slugs = list(
            namesakes.filter(upper_name__in=names.values("upper_name")).values_list("slug", flat=True)[: MAX_SCOPES + 1]
        )
    except DatabaseError:
        return None
    scopes = {f"researcher:{slug}" for slug in slugs} | {f"paper:{pk}" for pk in touched.papers}
    return scopes if len(scopes) <= MAX_SCOPES else None


def page_scope(request) -> str | None:
    """The scope of the page `request` asks for; None when it is no page the cache keeps."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    namespace, name = match.namespace, match.url_name
    if name in RESEARCHER_PAGES.get(namespace, ()):
        return f"researcher:{match.kwargs['slug']}"
    if namespace == "api" and name in RESEARCHER_API:
        return f"researcher:{match.kwargs[RESEARCHER_API[name]]}"
    if name in PAPER_PAGES.get(namespace, ()):
        pk = str(match.kwargs["pk"])  # the API's is any text: "012" is paper 12, whose scope is "paper:12"
        return f"paper:{int(pk)}" if pk.isdigit() else None
    if namespace in {"researchers", "papers", "api"} or not namespace and name in {"home", "search"}:
        return LISTS
    return None
