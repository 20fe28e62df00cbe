"""Where each field of a paper came from, and what a source proposes against a value it did not give.

Provenance is kept in the paper's row (Paper.provenance): {field: {"source", "at", "by", "batch"}}. The writer
(curation/importers/writer.py) asks `reconcile()` what a record's value does to a field:

- the field is empty: the value fills it (and is stamped with its origin);
- the field holds a value from this very source: the source corrected itself, the new value replaces it;
- the paper becomes published, and the value came from a source (the preprint's): the published version's replaces it;
- the record is an earlier version (a preprint) of a published paper: it describes another version, nothing happens;
- otherwise (a curator's value, another source's, or one of unknown origin) a fetched value is never written:
  it becomes a Disagreement for a curator to accept or reject, once per value (a rejected value is not
  proposed again). File imports only fill, as before: a file is not a source that can correct a record.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from curation.history import change_set, unique_reason
from curation.source_names import NAMES
from papers.models import Disagreement, Paper

CURATOR = "curator"
# The fields a source may propose a value for. Not the identifiers (a paper is matched by them), the kind and
# status (a preprint becoming published is a version, not a disagreement), nor subject categories (added to).
PROPOSED_FIELDS = ("title", "year", "month", "day", "track", "pages", "volume", "number", "publisher", "abstract")
EMPTY: tuple[object, ...] = ("", None, [])
# What a preprint may add to its published version: not its dates, pages or DOI, which are the preprint's own.
FILLED_FROM_AN_OLDER_VERSION = ("abstract", "categories", "arxiv_id")


@dataclass(frozen=True)
class Origin:
    """Who gives a value: a source (crossref, arxiv, ...), a file format (bibtex, ris, ...) or a curator."""

    source: str
    at: str  # ISO 8601
    by: str = ""  # the user name of a curator or of who ran the import
    batch: int | None = None  # the import that wrote it

    @classmethod
    def now(cls, source, *, by="", batch=None):
        return cls(source, timezone.now().isoformat(timespec="seconds"), by, batch)

    @property
    def fetched(self) -> bool:
        return self.source in NAMES

    def entry(self) -> dict:
        return {name: value for name, value in vars(self).items() if value not in EMPTY}


def source_label(source: str) -> str:
    """'crossref' -> 'Crossref'; 'curator' -> 'curator'; a file format as it is ('bibtex file')."""
    if source in NAMES:
        return NAMES[source]
    return source if source == CURATOR else f"{source} file"


def stamp(paper: Paper, names, origin: Origin) -> None:
    """Record that `origin` gave the values of `names` now (a new dict: the default one is shared)."""
    names = list(names)
    if names:
        paper.provenance = {**(paper.provenance or {}), **dict.fromkeys(names, origin.entry())}


def stamp_curated(paper: Paper, names, user) -> None:
    """A curator's edit (the admin's paper form, the API): the fields they changed are theirs."""
    tracked = set(Paper.BIBLIOGRAPHIC_FIELDS) | {"venue"}
    stamp(paper, [n for n in names if n in tracked], Origin.now(CURATOR, by=getattr(user, "username", "")))


def described(paper: Paper) -> list[tuple[str, str, str]]:
    """(field, source label, date) for each field whose origin is known, in the form's order."""
    order = {name: i for i, name in enumerate(("venue", *Paper.BIBLIOGRAPHIC_FIELDS, "authors"))}
    rows = []
    for name, entry in sorted((paper.provenance or {}).items(), key=lambda item: order.get(item[0], 99)):
        source, by = entry.get("source", ""), entry.get("by", "")
        label = source_label(source)
        if by and source == CURATOR:
            label += f" {by}"
        elif by and entry.get("accepted"):
            label += f", accepted by {by}"
        rows.append((name, label, (entry.get("at") or "")[:10]))
    return rows


def _same(current, value) -> bool:
    if isinstance(current, str) and isinstance(value, str):
        return current.split() == value.split()
    return current == value


def reconcile(paper: Paper, name: str, value, origin: Origin, *, becomes_published: bool, older: bool) -> str:
    """What the value a record gives for `name` does: "fill", "replace", "propose" or "" (nothing)."""
    current = getattr(paper, name)
    if value in EMPTY or _same(current, value):
        return ""
    if current in EMPTY:
        return "fill" if not older or name in FILLED_FROM_AN_OLDER_VERSION else ""
    if older or not origin.fetched or name not in PROPOSED_FIELDS:
        return ""
    came_from = (paper.provenance or {}).get(name, {}).get("source", "")
    if came_from == origin.source or (becomes_published and came_from in NAMES):
        return "replace"
    return "propose"


def proposal_key(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def propose(paper: Paper, name: str, value, origin: Origin, identifier: str) -> bool:
    """A Disagreement for `value`, unless this value was proposed for this field before (open or decided)."""
    _, created = Disagreement.objects.get_or_create(
        paper=paper,
        field=name,
        proposed_key=proposal_key(value),
        defaults={
            "current": getattr(paper, name),
            "proposed": value,
            "source": origin.source,
            "identifier": identifier,
        },
    )
    return created


class StaleDisagreement(Exception):
    """The disagreement was decided meanwhile (by another curator): nothing done."""


def accept(disagreement_id: int, user) -> Paper:
    """Write the proposed value to the paper, as the source's and accepted by `user`, in one history change set."""
    with transaction.atomic():
        disagreement = _open(disagreement_id)
        paper = Paper.objects.select_for_update().get(pk=disagreement.paper_id)
        reason = unique_reason(
            f"Accepted {source_label(disagreement.source)}'s {disagreement.field} of paper #{paper.pk}"
        )
        with change_set(reason, user):
            setattr(paper, disagreement.field, disagreement.proposed)
            origin = Origin.now(disagreement.source, by=user.username)
            stamp(paper, [disagreement.field], origin)
            paper.provenance[disagreement.field] = {**origin.entry(), "accepted": True}
            paper.full_clean(validate_constraints=False)
            paper.save()
        _decide(disagreement, Disagreement.Status.ACCEPTED, user)
    return paper


def reject(disagreement_id: int, user) -> None:
    """Keep the paper's value; the rejected one is remembered, so no source proposes it again."""
    with transaction.atomic():
        _decide(_open(disagreement_id), Disagreement.Status.REJECTED, user)


def _open(disagreement_id):
    disagreement = Disagreement.objects.select_for_update().get(pk=disagreement_id)
    if disagreement.status != Disagreement.Status.OPEN:
        raise StaleDisagreement(f"{disagreement} was already {disagreement.get_status_display().lower()}.")
    return disagreement


def _decide(disagreement, status, user):
    disagreement.status, disagreement.decided_by, disagreement.decided_at = status, user, timezone.now()
    disagreement.save(update_fields=["status", "decided_by", "decided_at"])
