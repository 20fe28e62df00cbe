"""Merging duplicate people and splitting mixed-up ones: plain functions the admin (and anything else) calls.

Each runs in one transaction and one history change set ("Merge of x into y #tag"), profile items
included, so it can be reviewed and undone (the admin's "Merges and splits" page) like an import.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q

from curation.history import RevertRefused, change_set, revert_change_set, unique_reason
from curation.matching import normalise_title
from papers.models import Authorship, Paper, ProfileTopic
from researchers.models import Alias, NewsItem, OldSlug, Position, Project, Researcher, Service, Talk

# Filled on the kept person when theirs is blank.
CARRIED_FIELDS = [
    "native_name",
    "headline",
    "affiliation",
    "bio",
    "email",
    "homepage",
    "orcid",
    "google_scholar",
    "semantic_scholar",
    "dblp",
    "openreview",
    "github",
]
PROFILE_ITEMS: list[Any] = [Position, NewsItem, Talk, Service, Project]  # Any: each has a researcher field


class MergeRefused(ValidationError):
    pass


def merge_researchers(*, keep, other, user=None):
    """Move everything of `other` onto `keep`, keep `other`'s name as an alias and its URL as a redirect."""
    if keep.pk == other.pk:
        raise MergeRefused("A researcher cannot be merged into themselves.")
    shared = Paper.objects.filter(authorships__researcher=keep).filter(authorships__researcher=other).first()
    if shared:
        raise MergeRefused(
            f"{keep.name} ({keep.slug}) and {other.name} ({other.slug}) are both authors of “{shared.title}”, "
            "so they are different people."
        )
    with transaction.atomic(), change_set(unique_reason(f"Merge of {other.slug} into {keep.slug}"), user):
        for authorship in Authorship.objects.filter(researcher=other):
            authorship.researcher = keep
            authorship.save()
        for award in other.awards.all():
            award.recipients.remove(other)
            award.recipients.add(keep)
        for position in other.advised_positions.all():
            position.advisors.remove(other)
            position.advisors.add(keep)
        # Row by row, not update(): each move is a history record, so undoing the merge moves it back.
        kept_topics = set(keep.profile_topics.values_list("topic_id", flat=True))
        moving = ProfileTopic.objects.filter(researcher=other).exclude(topic_id__in=kept_topics)
        for rows in [*(m._default_manager.filter(researcher=other) for m in PROFILE_ITEMS), moving]:
            for item in rows:
                item.researcher = keep
                item.save()

        names = {keep.name.casefold()} | {a.name.casefold() for a in keep.aliases.all()}
        for alias in [*other.aliases.all(), Alias(name=other.name)]:
            if alias.name.casefold() not in names:
                Alias.objects.create(researcher=keep, name=alias.name)
                names.add(alias.name.casefold())
        for field in CARRIED_FIELDS:
            if not getattr(keep, field) and getattr(other, field):
                setattr(keep, field, getattr(other, field))
        keep.interests = keep.interests or other.interests
        keep.full_clean()
        keep.save()

        # The merged slug, and any it had inherited from earlier merges, now lead to `keep`.
        for old in [*OldSlug.objects.filter(researcher=other), OldSlug(slug=other.slug)]:
            old.researcher = keep
            old.save()
        other.delete()
    return keep


def split_authorships(*, authorships, target=None, new_name="", user=None):
    """Move `authorships` to `target`, or to a new person called `new_name` (the homonym fix)."""
    authorships = list(authorships)
    if not authorships:
        raise ValidationError("Choose the authorships to move.")
    sources = {a.researcher for a in authorships}
    if target is None:
        new_name = new_name.strip() or authorships[0].researcher.name
        target = Researcher(name=new_name)
        target.full_clean()  # which gives it its slug
    elif target in sources:
        raise ValidationError(f"{target.name} ({target.slug}) already holds some of these authorships.")
    elif target.pk:
        clash = Authorship.objects.filter(researcher=target, paper__in=[a.paper_id for a in authorships]).first()
        if clash:
            raise ValidationError(f"{target.name} ({target.slug}) is already an author of “{clash.paper}”.")
    names = ", ".join(sorted(s.slug for s in sources))
    with transaction.atomic(), change_set(unique_reason(f"Split of {names} to {target.slug}"), user):
        target.save()
        for authorship in authorships:
            authorship.researcher = target
            authorship.save()
    return target


MERGE_OR_SPLIT = Q(history_change_reason__startswith="Merge of ") | Q(history_change_reason__startswith="Split of ")
LISTED_MERGES = 200


@dataclass
class MergeOrSplit:
    reason: str
    when: datetime
    user: str | None
    undone: bool


def merges_and_splits():
    """The latest merges and splits, newest first, and whether each was undone; two queries.

    Every merge deletes a person and every split saves one, so the people's history lists them all."""
    done = (
        Researcher.history.filter(MERGE_OR_SPLIT)
        .values("history_change_reason")
        .annotate(when=Min("history_date"), user=Max("history_user__username"))
        .order_by("-when")[:LISTED_MERGES]
    )
    done = list(done)
    reverts = [f"Revert of {row['history_change_reason']}" for row in done]
    undone = set(
        Researcher.history.filter(history_change_reason__in=reverts).values_list("history_change_reason", flat=True)
    )
    return [
        MergeOrSplit(
            row["history_change_reason"],
            row["when"],
            row["user"],
            f"Revert of {row['history_change_reason']}" in undone,
        )
        for row in done
    ]


def undo_merge_or_split(reason, *, user=None):
    """Undo the merge or split `reason` names, with everything it moved; RevertRefused when rows changed since."""
    if not Researcher.history.filter(MERGE_OR_SPLIT, history_change_reason=reason).exists():
        raise RevertRefused(f"No merge or split is called “{reason}”.")
    return revert_change_set(reason, user=user)


def name_tokens(name):
    """Case, accents, dots and hyphens folded away: 'Han-Ting Chén' -> ['chen', 'hanting']."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().replace("-", "")
    return re.sub(r"[^\w\s]", " ", text).split()


def initials_keys(tokens):
    """'C. Zhang' or 'Chen Zhang' -> {'zhang|c', 'c|z'} / {'zhang|c', 'chen|z'}: family + initials, either order."""
    if len(tokens) < 2:
        return set()
    return {f"{tokens[-1]}|{''.join(t[0] for t in tokens[:-1])}", f"{tokens[0]}|{''.join(t[0] for t in tokens[1:])}"}


def duplicate_people():
    """Groups of researchers whose names or aliases may print the same person; one query.

    Names meet when their tokens agree in any order ('Chen Zhang', 'zhang chen',
    'Chén Zhang'), or when one is written with initials ('C. Zhang') and the other
    expands them.
    """
    people, by_tokens, by_initials, abbreviated = {}, defaultdict(set), defaultdict(set), defaultdict(set)
    for pk, name, slug, alias in Researcher.objects.values_list("pk", "name", "slug", "aliases__name"):
        people[pk] = Researcher(pk=pk, name=name, slug=slug)
        for text in filter(None, (name, alias)):
            tokens = name_tokens(text)
            by_tokens[" ".join(sorted(tokens))].add(pk)
            for key in initials_keys(tokens):
                by_initials[key].add(pk)
                if any(len(t) == 1 for t in tokens):
                    abbreviated[key].add(pk)
    candidates = list(by_tokens.values()) + [pks | by_initials[key] for key, pks in abbreviated.items()]
    unique = {frozenset(g) for g in candidates if len(g) > 1}
    groups = [g for g in unique if not any(g < other for other in unique)]
    return sorted(([people[pk] for pk in sorted(g)] for g in groups), key=lambda group: group[0].name)


def duplicate_papers():
    """Groups of papers with the same DOI (ignoring case) or the same normalised title; one query."""
    by_key = defaultdict(list)
    for paper in Paper.objects.only("pk", "title", "doi", "year").order_by("pk"):
        by_key["title:" + normalise_title(paper.title)].append(paper)
        if paper.doi:
            by_key["doi:" + paper.doi.casefold()].append(paper)
    return [(key.split(":", 1)[0], group) for key, group in sorted(by_key.items()) if len(group) > 1]
