"""refresh_citations' work: the stale papers' citation counts, a batch of papers at a time, each batch atomic.

The command and the background job both call refresh(); a failure or a cancel part-way keeps the batches
already written (each is whole) and leaves the others as they were.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from papers.models import Paper

from .citations import BATCH, refresh_batch
from .client import NAMES, SourceError

AGE = re.compile(r"^(\d+)([dw]?)$")


def age(text: str) -> datetime.timedelta:
    match = AGE.match(text.strip())
    if not match:
        raise ValueError(f'--older-than takes days or weeks, e.g. 7d or 2w, not "{text}"')
    number, unit = int(match.group(1)), match.group(2) or "d"
    return datetime.timedelta(days=number * (7 if unit == "w" else 1))


@dataclass
class Refreshed:
    source: str
    updated: int = 0
    unknown: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.updated} papers' citation counts refreshed from {NAMES[self.source]}, {self.unknown} unknown to it"
            + (f", {self.failed} not reached." if self.failed else ".")
        )


def stale_papers(older_than: str):
    """The papers whose counts are older than `older_than` (ValueError if it cannot be read), in pk order."""
    cutoff = timezone.localdate() - age(older_than)
    stale = Q(citation_as_of__isnull=True) | Q(citation_as_of__lte=cutoff)
    return Paper.objects.filter(stale).exclude(doi="", arxiv_id="").order_by("pk").only("pk", "doi", "arxiv_id")


def count_stale(older_than: str, limit: int = 0) -> int:
    total = stale_papers(older_than).count()
    return min(total, limit) if limit else total


def refresh(
    source: str,
    older_than: str,
    limit: int = 0,
    progress: Callable[[int, Refreshed], None] | None = None,
) -> Refreshed:
    """Refresh the stale papers' counts from `source`; `progress(papers seen, so far)` after each batch."""
    papers = stale_papers(older_than)
    today = timezone.localdate()
    result = Refreshed(source)
    seen = last = 0
    while not limit or seen < limit:
        size = min(BATCH[source], limit - seen) if limit else BATCH[source]
        batch = list(papers.filter(pk__gt=last)[:size])  # keyset pages: each batch is its own query
        if not batch:
            break
        last, seen = batch[-1].pk, seen + len(batch)
        try:
            known = refresh_batch(source, batch, today)  # one transaction: a batch lands whole or not at all
        except SourceError as error:
            result.errors.append(str(error))
            result.failed += len(batch)
        else:
            result.updated, result.unknown = result.updated + len(known), result.unknown + len(batch) - len(known)
        if progress:
            progress(seen, result)
    return result
