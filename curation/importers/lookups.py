"""What the writer reads about an entry: the papers it may be, their authors and links, the people its names are.

DatabaseLookups asks the database a query at a time (one entry). BatchLookups loads the same for a batch of
records in a query per kind (DOIs, arXiv ids and title keys together; names; slugs; initials) and answers with
the very rules of curation.matching and curation.authors (pick_paper, choose_person, possible_among), so that
a batch finds what entry-by-entry writing finds. What the file itself is about to create (Planned) is looked
up too: a name met again further down is the person the file already makes.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Upper

from curation.authors import (
    choose_person,
    family_filter,
    initials_keys_of,
    initials_of,
    possible_among,
    possible_people,
)
from curation.authors import resolve_author as _resolve_author
from curation.matching import find_paper, iexact_key, pick_paper
from papers.models import Authorship, Paper, PaperLink
from papers.titles import normalise_title
from researchers.models import Alias, Researcher


@dataclass
class EntryRows:
    """The rows one new paper makes: the paper, its new people, authorships and links."""

    paper: Paper | None = None
    people: list[Researcher] = field(default_factory=list)
    authorships: list[Authorship] = field(default_factory=list)
    links: list[PaperLink] = field(default_factory=list)


# What the writer's rules and the import's report read of a person a batch loads (the rules that read more, an
# identifier's owner, are written on their own); the other columns (a bio, the JSON of interests) are not loaded.
PERSON_FIELDS = ("name", "slug", "is_organization", "native_name", "sort_key")
DEFERRED_PERSON_FIELDS = [
    f for f in Researcher._meta.concrete_fields if not f.primary_key and f.name not in PERSON_FIELDS
]


class EntryByEntry(Exception):
    """The entry changes rows that exist, or matches one the file is about to create: write it on its own."""


class DatabaseLookups:
    """A query per question: writing one entry at a time."""

    def __init__(self):
        self.people = {}  # name -> the one researcher it links to, so a file's recurring names cost one lookup

    def find_paper(self, **keys):
        return find_paper(**keys)

    def authorships(self, paper):
        return list(paper.authorships.in_order().select_related("researcher"))

    def links(self, paper):
        return list(paper.links.all())

    def person(self, name):
        """The one person printed as `name`, or None; AmbiguousAuthor for namesakes."""
        if name not in self.people and (found := _resolve_author(name, create=False)):
            self.people[name] = found
        return self.people.get(name)

    def by_slug(self, name, slug):
        return _resolve_author(name, slug, create=False)

    def possible_people(self, name):
        return possible_people(name)


class Planned:
    """The rows a file is about to create (planned, not written yet), found by the keys later entries look up."""

    def __init__(self):
        self.clear()

    def clear(self):
        self.entries: list[tuple[int, EntryRows]] = []  # (index of the entry's result, its rows)
        self.people: defaultdict[str, list[Researcher]] = defaultdict(list)  # iexact_key(name) -> new people
        self.by_initials: defaultdict[str, list[Researcher]] = defaultdict(list)  # initials_of(name) -> new people
        self.papers: defaultdict[tuple, list[Paper]] = defaultdict(list)  # a DOI, arXiv id or title key -> papers

    def add(self, index, rows):
        self.entries.append((index, rows))
        for person in rows.people:
            self.people[iexact_key(person.name)].append(person)
            for key in initials_of(person.name):
                self.by_initials[key].append(person)
        for key in paper_keys(rows.paper):
            self.papers[key].append(rows.paper)


def paper_keys(paper):
    """The keys a paper is found by: its DOI (as the database compares it), arXiv id and title key."""
    keys = [("title", paper.title_key)] if paper.title_key else []
    if paper.doi:
        keys.append(("doi", iexact_key(paper.doi)))
    if paper.arxiv_id:
        keys.append(("arxiv", paper.arxiv_id))
    return keys


class KnownInitials:
    """The people whom names with initials may print, by initials_of() key: loaded once per family name in an
    import (a common one, "Zhang", has thousands of people), kept up to date with the people the import makes."""

    def __init__(self):
        self.index: defaultdict[str, dict[int, tuple[Researcher, list[str]]]] = defaultdict(dict)
        self.families: set[str] = set()

    def load(self, names):
        """The people for the family names of `names` not loaded yet; one query (and one for their aliases)."""
        new = [n for n in names if {key.partition("|")[0] for key in initials_keys_of(n)} - self.families]
        if not new:
            return
        self.families |= {key.partition("|")[0] for name in new for key in initials_keys_of(name)}
        for person in Researcher.objects.filter(family_filter(new)).only(*PERSON_FIELDS).prefetch_related("aliases"):
            self.add(person, [person.name, *(a.name for a in person.aliases.all())])

    def add(self, person, names, replace=True):
        for key in {key for name in names for key in initials_of(name)}:
            if replace or person.pk not in self.index[key]:
                self.index[key][person.pk] = (person, names)


class BatchLookups:
    """The questions of a batch of records, answered from a handful of queries made when it is created."""

    def __init__(self, records, planned, known, decided_slugs=()):
        self.planned = planned
        self.known = known
        self.papers: defaultdict[tuple, list[Paper]] = defaultdict(list)  # paper_keys() -> papers
        records = [record for record in records if not record.errors]  # an invalid entry asks nothing
        self.stale: set[int] = set()  # papers an entry wrote on its own since: found again, written on their own
        self.authors_of: defaultdict[int, list[Authorship]] = defaultdict(list)
        self.links_of: defaultdict[int, list[PaperLink]] = defaultdict(list)
        # iexact_key(name) -> {pk: researcher}, by name or alias
        self.people: defaultdict[str, dict[int, Researcher]] = defaultdict(dict)
        self.slugs: dict[str, Researcher] = {}
        self._load_papers(records)
        names = {author.name for record in records for author in record.authors if not author.researcher_slug}
        self._load_people(names)
        slugs = {a.researcher_slug for r in records for a in r.authors if a.researcher_slug}
        slugs |= set(decided_slugs)
        if slugs := slugs - set(self.slugs):
            self.slugs |= {p.slug: p for p in Researcher.objects.filter(slug__in=slugs)}
        known.load([name for name in names if initials_keys_of(name)])

    def _load_papers(self, records, stale=False):
        dois = {iexact_key(doi) for r in records for doi in (r.doi, r.published_doi) if doi}
        arxiv_ids = {r.arxiv_id for r in records if r.arxiv_id}
        titles = {key for r in records if (key := normalise_title(r.title))}
        # Served by the indexes paper_doi_upper, paper_arxiv_id_upper and title_key; arXiv ids compare exactly below.
        query = Q(doi_key__in=dois) | Q(arxiv_key__in={a.upper() for a in arxiv_ids}) | Q(title_key__in=titles)
        papers = list(
            Paper.objects.annotate(doi_key=Upper("doi"), arxiv_key=Upper("arxiv_id"))
            .filter(query)
            .select_related("venue")
        )
        for paper in papers:
            for key in paper_keys(paper):
                self.papers[key] = [p for p in self.papers[key] if p.pk != paper.pk] + [paper]
            if stale:
                self.stale.add(paper.pk)
        if papers and not stale:
            ids = [p.pk for p in papers]
            for authorship in (
                Authorship.objects.filter(paper__in=ids)
                .in_order()
                .select_related("researcher")
                .defer(*(f"researcher__{f.name}" for f in DEFERRED_PERSON_FIELDS))
            ):
                self.authors_of[authorship.paper_id].append(authorship)
            for link in PaperLink.objects.filter(paper__in=ids):
                self.links_of[link.paper_id].append(link)

    def _load_people(self, names):
        keys = {iexact_key(name) for name in names}
        if not keys:
            return
        # Served by the indexes researcher_name_upper and alias_name_upper (name__iexact is upper(name) = upper(%s)).
        for person in Researcher.objects.annotate(key=Upper("name")).filter(key__in=keys).only(*PERSON_FIELDS):
            self.people[iexact_key(person.name)][person.pk] = person
            self.slugs[person.slug] = person
        for alias in (
            Alias.objects.annotate(key=Upper("name"))
            .filter(key__in=keys)
            .select_related("researcher")
            .defer(*(f"researcher__{f.name}" for f in DEFERRED_PERSON_FIELDS))
        ):
            self.people[iexact_key(alias.name)][alias.researcher_id] = alias.researcher
            self.slugs[alias.researcher.slug] = alias.researcher

    def refresh(self, record):
        """After `record` was written on its own: what it wrote is read again (its papers become stale)."""
        self._load_papers([record], stale=True)
        names = [author.name for author in record.authors]
        for key in {iexact_key(name) for name in names}:
            self.people.pop(key, None)
        self._load_people(names)
        for key in {iexact_key(name) for name in names}:  # who it made may be whom initials further down print
            for person in self.people.get(key, {}).values():
                self.known.add(person, [person.name], replace=False)

    def absorb(self, planned):
        """The planned rows were written: they are in the database now, as if loaded (their papers stale)."""
        for _, rows in planned.entries:
            for person in rows.people:
                self.people[iexact_key(person.name)][person.pk] = person
                self.slugs[person.slug] = person
                self.known.add(person, [person.name])
            for key in paper_keys(rows.paper):
                self.papers[key].append(rows.paper)
            self.stale.add(rows.paper.pk)

    def find_paper(self, *, doi="", arxiv_id="", title="", year=None):
        keys = [("doi", iexact_key(doi)) if doi else None, ("arxiv", arxiv_id) if arxiv_id else None]
        keys.append(("title", normalise_title(title)))
        found: dict[int, Paper] = {}
        planned: list[Paper] = []
        for key in filter(None, keys):
            found |= {p.pk: p for p in self.papers.get(key, [])}
            planned += self.planned.papers.get(key, [])
        paper = pick_paper([*found.values(), *planned], doi=doi, arxiv_id=arxiv_id, title=title, year=year)
        if paper is not None and (paper.pk is None or paper.pk in self.stale):
            raise EntryByEntry  # found in the database once what the file planned so far is written
        return paper

    def authorships(self, paper):
        return self.authors_of.get(paper.pk, []) if paper.pk else []

    def links(self, paper):
        return self.links_of.get(paper.pk, []) if paper.pk else []

    def person(self, name):
        key = iexact_key(name)
        matches = [*self.people.get(key, {}).values(), *self.planned.people.get(key, [])]
        return choose_person(name, sorted(matches, key=lambda p: (p.name, p.slug))[:10])

    def by_slug(self, name, slug):
        if slug in self.slugs:
            return self.slugs[slug]
        return _resolve_author(name, slug, create=False)  # raises the writer's "no researcher has the slug"

    def possible_people(self, name):
        """possible_among() over the people with the name's initials, from the database and the file. (The
        database's possible_people() looks at the first 50 of the family name only: the same answer but for a
        family name of more than 50 people, where this one does not miss the later ones.)"""
        found: dict[int, tuple[Researcher, list[str]]] = {}
        planned: dict[int, tuple[Researcher, list[str]]] = {}
        for key in initials_keys_of(name):
            found |= self.known.index.get(key, {})
            planned |= {id(p): (p, [p.name]) for p in self.planned.by_initials.get(key, [])}
        return possible_among(name, [*found.values(), *planned.values()])
