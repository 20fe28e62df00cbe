"""Who an author entry names, and writing a paper's ordered author list.

Used by the demo loader, the importers and the API, so that every way into
the database links names to people by the same rules.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from papers.models import Authorship, Paper
from researchers.models import Researcher

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
    matches = list(Researcher.objects.matching_name(name)[:10])
    if len(matches) > 1:
        raise AmbiguousAuthor(name, matches)
    if matches:
        return _marked(matches[0], organization) if create else matches[0]
    if not create:
        return None
    researcher = Researcher(name=name, is_organization=organization)
    researcher.full_clean()
    researcher.save()
    return researcher


def _marked(researcher: Researcher, organization: bool) -> Researcher:
    """The researcher, marked an organisation if an entry says it is one (a source that braces "{Ling Team}"
    or gives a name-only author knows better than a name matched earlier)."""
    if organization and not researcher.is_organization:
        researcher.is_organization = True
        researcher.save(update_fields=["is_organization", "updated"])
    return researcher


def _initials(name: str) -> set[str]:
    """The family-name-and-initials keys of a name (curation.merging's rule), without a one-letter family name."""
    return {key for key in initials_keys(name_tokens(name)) if len(key.partition("|")[0]) > 1}


def possible_people(name: str) -> list[Researcher]:
    """The people a name written with initials may print ('M. Zhang', 'Zhang, M.' -> Min Zhang): the same family
    name and initials, by name or alias. Not a match: a curator decides. Empty for a name without initials."""
    tokens = name_tokens(name)
    if not any(len(token) == 1 for token in tokens) or not (keys := _initials(name)):
        return []
    family = Q()
    for key in keys:
        family |= Q(name__icontains=key.partition("|")[0]) | Q(aliases__name__icontains=key.partition("|")[0])
    people = Researcher.objects.filter(family).distinct().prefetch_related("aliases").order_by("name", "slug")
    return [p for p in people[:50] if any(keys & _initials(n) for n in [p.name, *(a.name for a in p.aliases.all())])]


def set_authors(paper: Paper, entries: Iterable[AuthorEntry]) -> bool:
    """Make the paper's authorships exactly `entries` (AuthorEntry list), touching nothing if they already are."""
    wanted = []
    for entry in entries:
        researcher = resolve_author(entry.name, entry.researcher_slug, organization=entry.organization)
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
        if authorship.researcher_id in seen:
            raise ValidationError(
                f"{authorship.researcher} is listed twice as an author of “{paper.title}”.", code="duplicate_author"
            )
        seen.add(authorship.researcher_id)

    fields = ["researcher_id", "position", "printed_name", "equal_contribution", "corresponding", "selected"]
    current = list(paper.authorships.in_order())

    def signature(rows):
        return [tuple(getattr(a, f) for f in fields) for a in rows]

    if signature(current) == signature(wanted):
        return False
    paper.authorships.all().delete()
    for authorship in wanted:
        authorship.save()
    return True
