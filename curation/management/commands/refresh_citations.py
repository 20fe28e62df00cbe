import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from curation.sources.citations import BATCH, SOURCES, refresh_batch
from curation.sources.client import NAMES, SourceError
from papers.models import Paper

AGE = re.compile(r"^(\d+)([dw]?)$")


def age(text):
    match = AGE.match(text.strip())
    if not match:
        raise ValueError(f'--older-than takes days or weeks, e.g. 7d or 2w, not "{text}"')
    number, unit = int(match.group(1)), match.group(2) or "d"
    return datetime.timedelta(days=number * (7 if unit == "w" else 1))


class Command(BaseCommand):
    help = (
        "Update papers' citation counts (with source and date; from OpenAlex also per year, and the references "
        "between papers in pubdb) from OpenAlex, Semantic Scholar or Crossref, "
        "many papers a request; papers counted more recently than --older-than are left alone. For cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", default="7d", help="Refresh counts older than this (7d, 2w; 0: all).")
        parser.add_argument("--source", choices=SOURCES, default="openalex")
        parser.add_argument("--limit", type=int, default=0, help="At most this many papers (0: no limit).")

    def handle(self, *args, older_than, source, limit, **options):
        try:
            cutoff = timezone.localdate() - age(older_than)
        except ValueError as error:
            raise CommandError(str(error)) from None
        today = timezone.localdate()
        stale = Q(citation_as_of__isnull=True) | Q(citation_as_of__lte=cutoff)
        papers = Paper.objects.filter(stale).exclude(doi="", arxiv_id="").order_by("pk").only("pk", "doi", "arxiv_id")
        updated = unknown = failed = seen = 0
        last = 0
        while not limit or seen < limit:
            size = min(BATCH[source], limit - seen) if limit else BATCH[source]
            batch = list(papers.filter(pk__gt=last)[:size])  # keyset pages: each batch is its own query
            if not batch:
                break
            last, seen = batch[-1].pk, seen + len(batch)
            try:
                known = refresh_batch(source, batch, today)
            except SourceError as error:
                self.stderr.write(str(error))
                failed += len(batch)
                continue
            updated, unknown = updated + len(known), unknown + len(batch) - len(known)
        self.stdout.write(
            f"{updated} papers' citation counts refreshed from {NAMES[source]}, {unknown} unknown to it"
            + (f", {failed} not reached (see above)." if failed else ".")
        )
        if failed:
            raise CommandError(f"{NAMES[source]} could not be asked about {failed} papers.")
