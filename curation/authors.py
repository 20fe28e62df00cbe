"""Who an author entry names, and writing a paper's ordered author list.

Used by the demo loader, the importers and the API, so that every way into
the database links names to people by the same rules.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from papers.models import Authorship, Paper
from pubdb.locks import hold
from researchers.models import Alias, Researcher
from researchers.slugs import base_slug

from .matching import iexact_key
from .merging import initials_keys, name_tokens


@dataclass
class AuthorEntry:
    name: str
    researcher_slug: str = ""
    position: int | None = None
    equal_contribution: bool = False
    corresponding: bool = False
    selected: bool = False
    organization: bool = False  # a team or institution ("Ling Team"): its researcher is marked is_organization
    # What a source knows of this person ({"orcid": ..., "dblp": ...}): the writer fills those a researcher lacks.
    identifiers: dict[str, str] = field(default_factory=dict)


class AmbiguousAuthor(ValidationError):
    def __init__(self, name: str, candidates: Iterable[Researcher]):
        self.name = name
        self.candidates = list(candidates)
        slugs = ", ".join(c.slug for c in self.candidates)
        super().__init__(f'"{name}" could be any of: {slugs}. Name the researcher by slug.', code="ambiguous_author")


def resolve_author(
    name: str, researcher_slug: str = "", *, create: bool = True, organization: bool = False
) -> Researcher | None:
    """The researcher an entry names.

    A slug names that person (created under that slug if new). A bare name links
    the one researcher with that name or alias, or a new one; several matches
    raise AmbiguousAuthor rather than guess. With `create`, an entry that says it is an
    `organization` makes (or marks) the researcher one.
    """
    if researcher_slug:
        if create:
            researcher, _ = Researcher.objects.get_or_create(
                slug=researcher_slug, defaults={"name": name, "is_organization": organization}
            )
            return _marked(researcher, organization)
        try:
            return Researcher.objects.get(slug=researcher_slug)
        except Researcher.DoesNotExist:
            raise ValidationError(
                f'No researcher has the slug "{researcher_slug}".', code="unknown_researcher"
            ) from None
    found = choose_person(name, Researcher.objects.matching_name(name)[:10])
    if found or not create:
        return _marked(found, organization) if found and create else found
    with transaction.atomic():
        hold(person_lock(name))
        if found := choose_person(name, Researcher.objects.matching_name(name)[:10]):  # made by a writer we waited for
            return _marked(found, organization)
        researcher = Researcher(name=name, is_organization=organization)
        researcher.full_clean()
        try:
            with transaction.atomic():
                researcher.save()
        except IntegrityError:  # a file import (which holds no lock per name) took the slug meanwhile
            if not (found := choose_person(name, Researcher.objects.matching_name(name)[:10])):
                raise
            return _marked(found, organization)
    return researcher


def person_lock(name: str) -> str:
    """The lock of a new person: their base slug, which homonyms share and a unique index guards."""
    return f"person:{base_slug(Researcher, {'name': name})}"


def _marked(researcher: Researcher, organization: bool) -> Researcher:
    """The researcher, marked an organisation if an entry says it is one (a source that braces "{Ling Team}"
    or gives a name-only author knows better than a name matched earlier)."""
    if organization and not researcher.is_organization:
        researcher.is_organization = True
        researcher.save(update_fields=["is_organization", "updated"])
    return researcher


def choose_person(name: str, matches: Iterable[Researcher]) -> Researcher | None:
    """The one person among `matches` (the first ten people printed as `name`, by name and slug); None when
    there is none; AmbiguousAuthor when there are several: a namesake is never guessed."""
    matches = list(matches)
    if len(matches) > 1:
        raise AmbiguousAuthor(name, matches)
    return matches[0] if matches else None


@lru_cache(maxsize=65536)  # an import asks about each name of a file several times
def initials_of(name: str) -> frozenset[str]:
    """The family-name-and-initials keys of a name (curation.merging's rule), without a one-letter family name."""
    return frozenset(key for key in initials_keys(name_tokens(name)) if len(key.partition("|")[0]) > 1)


@lru_cache(maxsize=65536)
def initials_keys_of(name: str) -> frozenset[str]:
    """The keys possible_people() compares for a name written with initials; empty for any other name."""
    if not any(len(token) == 1 for token in name_tokens(name)):
        return frozenset()
    return initials_of(name)


def family_filter(names: Iterable[str]) -> Q:
    """People whose name or an alias contains the family name of one of `names` (written with initials)."""
    family = Q()
    for key in {key for name in names for key in initials_keys_of(name)}:
        family |= Q(name__icontains=key.partition("|")[0])
    return family | Q(pk__in=Alias.objects.filter(family).values("researcher_id"))


def possible_people(name: str) -> list[Researcher]:
    """The people a name written with initials may print ('M. Zhang', 'Zhang, M.' -> Min Zhang): the same family
    name and initials, by name or alias. Not a match: a curator decides. Empty for a name without initials."""
    if not initials_keys_of(name):
        return []
    people = Researcher.objects.filter(family_filter([name])).prefetch_related("aliases").order_by("name", "slug")
    return possible_among(name, [(p, [p.name, *(a.name for a in p.aliases.all())]) for p in people[:50]])


def possible_among(name: str, people: Iterable[tuple[Researcher, list[str]]]) -> list[Researcher]:
    """possible_people's rule over (person, their names) pairs that include everyone family_filter() finds:
    of the first 50 by name and slug whose names contain the family name, those with the same initials."""
    keys = initials_keys_of(name)
    families = [iexact_key(key.partition("|")[0]) for key in keys]
    near = sorted(
        (pair for pair in people if any(f in iexact_key(n) for f in families for n in pair[1])),
        key=lambda pair: (pair[0].name, pair[0].slug),
    )[:50]
    return [p for p, names in near if any(keys & initials_of(n) for n in names)]


def author_rows(paper: Paper, entries: Iterable[AuthorEntry], resolve=resolve_author) -> list[Authorship]:
    """The authorships `entries` make for `paper`, each person found (or made) by `resolve(name, slug, organization=)`;
    a person listed twice is refused. An importer's batch resolves against the people it is about to create."""
    wanted = []
    for entry in entries:
        researcher = resolve(entry.name, entry.researcher_slug, organization=entry.organization)
        wanted.append(
            Authorship(
                paper=paper,
                researcher=researcher,
                position=entry.position,
                printed_name=entry.name,
                equal_contribution=entry.equal_contribution,
                corresponding=entry.corresponding,
                selected=entry.selected,
            )
        )
    seen = set()
    for authorship in wanted:
        person = authorship.researcher
        key = person.pk if person.pk is not None else id(person)  # a person not yet saved is the same object
        if key in seen:
            raise ValidationError(
                f"{authorship.researcher} is listed twice as an author of “{paper.title}”.", code="duplicate_author"
            )
        seen.add(key)
    return wanted


def set_authors(paper: Paper, entries: Iterable[AuthorEntry]) -> bool:
    """Make the paper's authorships exactly `entries` (AuthorEntry list), touching nothing if they already are."""
    wanted = author_rows(paper, entries)
    fields = ["researcher_id", "position", "printed_name", "equal_contribution", "corresponding", "selected"]
    current = list(paper.authorships.in_order())

    def signature(rows):
        return [tuple(getattr(a, f) for f in fields) for a in rows]

    if signature(current) == signature(wanted):
        return False
    # A person still among the authors keeps their own highlight and profile order for the paper: no source or
    # proposal gives those, and they are the owner's, not the shared record's.
    own = {a.researcher_id: a for a in current}
    paper.authorships.all().delete()
    for authorship in wanted:
        if kept := own.get(authorship.researcher.pk):
            authorship.highlighted, authorship.profile_order = kept.highlighted, kept.profile_order
        authorship.save()
    return True
