"""Writing a file's records a batch at a time: the reads of a batch in a few queries, its new rows in bulk.

The writer's rules (writer.py) plan each entry against what the batch loaded (lookups.py): an entry that
only adds a paper (with its new people, authorships and links) is gathered, an entry that matches a paper
and changes nothing costs no query. An entry that would change rows that exist (or make a venue, or matches
a paper the file itself is about to create) is written on its own, as before, after what was planned so far,
so every entry sees the database as entry-by-entry writing would. The gathered rows are written with one
bulk insert per table (COPY on PostgreSQL), history records too, and the cache is bumped once. A dry run
plans and writes nothing (but the entries written on their own, which its transaction then rolls back).
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from curation.history import bulk_history
from papers.models import Authorship, Paper, PaperLink
from pubdb import bulk
from pubdb.cache import data_changed
from researchers.models import Researcher
from researchers.slugs import fill_slugs

from .lookups import BatchLookups, DatabaseLookups, EntryByEntry, KnownInitials, Planned

BATCH_SIZE = 500  # records per batch: a few thousand names and keys per query


def write_in_batches(writer, records, *, dry_run=False, progress=None):
    """The results of writing `records` with `writer` (writer._Writer), in their order. `progress(done, total)`
    is called after each batch (a job's progress bar; it may raise to stop the import, which then rolls back)."""
    return _BatchImport(writer, dry_run).run(list(records), BATCH_SIZE, progress)


class _BatchImport:
    def __init__(self, writer, dry_run):
        self.writer = writer
        self.dry_run = dry_run
        self.planned = Planned()  # kept from batch to batch in a dry run, which writes nothing
        self.known = KnownInitials()
        self.results = []

    def run(self, records, batch_size, progress=None):
        for start in range(0, len(records), batch_size):
            self._batch(records[start : start + batch_size])
            if progress:
                progress(min(start + batch_size, len(records)), len(records))
        self.writer.lookups = DatabaseLookups()
        return self.results

    def _batch(self, records):
        decided = [slug for slug in self.writer.decisions.values() if not slug.startswith("+")]
        lookups = BatchLookups(records, self.planned, self.known, decided)
        for record in records:
            self.writer.lookups = lookups
            try:
                result, rows = self.writer.plan(record)
            except EntryByEntry:
                self._flush(lookups)
                result = self._write_alone(record, lookups)
            else:
                if rows is not None:
                    self.planned.add(len(self.results), rows)
            self.results.append(result)
        if not self.dry_run:
            self._flush(lookups)

    def _write_alone(self, record, lookups):
        self.writer.lookups = DatabaseLookups()
        result = self.writer.write(record)
        lookups.refresh(record)
        return result

    def _flush(self, lookups):
        if not self.planned.entries:
            return
        try:
            with transaction.atomic():
                write_planned([rows for _, rows in self.planned.entries])
        except IntegrityError:
            # A row the checks let through was refused: write these entries one at a time, each in its
            # savepoint, so that the refusal is reported for its entry and the others are written.
            entries = self.planned.entries
            self.planned.clear()
            for index, _ in entries:
                self.results[index] = self._write_alone(self.results[index].record, lookups)
            return
        lookups.absorb(self.planned)
        self.planned.clear()


def write_planned(entries):
    """Write the rows of planned entries (lookups.EntryRows): one bulk insert per table, and their history."""
    people = [person for rows in entries for person in rows.people]
    if people:
        fill_slugs(people)
        for person in people:
            person.fill_derived_fields()
    papers = [rows.paper for rows in entries]
    tables = {
        Researcher: people,
        Paper: papers,
        Authorship: [authorship for rows in entries for authorship in rows.authorships],
        PaperLink: [link for rows in entries for link in rows.links],
    }
    order = [Researcher, Paper, Authorship, PaperLink]
    if bulk.assign_ids(Paper, papers):
        # The authorships before their papers: a paper's search text (with its authors' names, papers 0008) is
        # then made once, as it is inserted, rather than made empty and updated again for the authorships.
        order = [Researcher, Authorship, Paper, PaperLink]
    for model in order:
        bulk.create(model, tables[model])
    # The history dates order people, papers, authorships, links: a revert undoes the newest first, and a person
    # cannot go while their authorships remain.
    now = timezone.now()
    for step, objects in enumerate(tables.values()):
        bulk_history(objects, now + timedelta(microseconds=step))
    data_changed()  # bulk writes send no signals
