"""A DBLP-shaped synthetic corpus for measuring pubdb at size (`manage.py generate_corpus`).

The records come from benchmarks/corpus_stream.py, the generator the peers'
loaders share (benchmarks/peers/); this module gives them pubdb's shape: ids,
slugs (homonyms get chen-zhang, chen-zhang-2, ...), sort keys, aliases,
topics, links and awards. The same seed on the same starting database writes
the same rows.

Rows get explicit ids (after the current maximum) and are written with COPY on
PostgreSQL, bulk_create elsewhere (benchmarks/bulk_load.py). History tables stay
empty: nobody curated these rows.
"""

import time

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from papers import coauthor_tally
from papers.models import Authorship, Award, Paper, PaperLink, Topic, Venue
from papers.titles import normalise_title
from researchers.models import Alias, CoauthorTally, Researcher
from researchers.slugs import Numbering, base_slug
from researchers.sorting import sort_key

from .bulk_load import DeferredConstraints, TableWriter
from .corpus_stream import Corpus

CHUNK = 20_000
M2M_TABLES = (Paper.topics.through, Award.recipients.through)


def _next_id(model):
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


class DerivedRowsLater:
    """PostgreSQL: the papers' search documents and the co-author counts written once, after the load, instead
    of by triggers during it.

    The triggers of papers 0008 compute a paper's document (title, abstract,
    authors' names) when the paper is inserted and again for every statement
    inserting its authorships; with the authorships' indexes dropped for the
    load (DeferredConstraints), each of those reads the whole authorship
    table, which grows quadratically (hours at 100,000 papers). They are off
    for the load (inside its transaction: a failed load leaves them on) and one
    UPDATE through the same paper_search_document() writes the new papers'
    documents once the indexes are back; one GROUP BY rebuilds the co-author
    counts (researchers.CoauthorTally). Elsewhere it does nothing (SQLite's
    row triggers keep them, the indexes being there).
    """

    TRIGGERS = (
        ("papers_paper", "paper_search_own_row"),
        ("papers_authorship", "paper_search_authorship_insert"),
        # Each co-author count (papers/coauthor_tally.py) would join the authorships of its papers, unindexed.
        *(("papers_authorship", trigger) for trigger in coauthor_tally.TRIGGERS),
    )

    def __init__(self, first_paper):
        self.first_paper = first_paper
        self.on = connection.vendor == "postgresql"
        if self.on:
            with connection.cursor() as cursor:
                for table, trigger in self.TRIGGERS:
                    cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")

    def restore_sql(self):
        if not self.on:
            return []
        return [
            # Statistics first: planned for the empty tables of before the load, each document would scan them all.
            "ANALYZE papers_paper, papers_authorship, researchers_researcher, researchers_alias",
            # An int, not text from outside, goes into the statement.
            "UPDATE papers_paper SET search_vector = paper_search_document(id, title, abstract) "  # nosec B608
            f"WHERE id >= {int(self.first_paper)}",
            *coauthor_tally.REBUILD,  # every pair of the table, old and new papers alike: one GROUP BY
            *(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}" for table, trigger in self.TRIGGERS),
        ]


class CorpusGenerator:
    def __init__(self, papers, seed=0, log=None):
        self.corpus = Corpus(papers, seed)
        self.started = time.monotonic()
        self.log_to = log
        self.now = timezone.now()
        self.out = TableWriter()

    def log(self, message):
        if self.log_to:
            self.log_to(f"{time.monotonic() - self.started:7.1f} s  {message}")

    def run(self):
        """Write the corpus in one transaction; returns {model: rows written}."""
        with transaction.atomic():
            models = [Venue, Topic, Researcher, Alias, Paper, Authorship, PaperLink, Award, *M2M_TABLES]
            # Read up front, before any table changes under us and before the writer takes over the connection.
            self.next_id = {model: _next_id(model) for model in models}
            self.slugs = {
                model: set(model.objects.values_list("slug", flat=True)) for model in (Venue, Topic, Researcher)
            }
            self.topics = dict(Topic.objects.values_list("name", "pk"))
            deferred = DeferredConstraints(models)
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in [*models, CoauthorTally])
            search = DerivedRowsLater(first_paper=self.next_id[Paper])
            with self.out:
                self.make_venues()
                self.make_topics()
                self.make_people()
                # PostgreSQL indexes the people while Python composes the papers.
                self.out.execute(deferred.restore_sql([Venue, Topic, Researcher, Alias]))
                self.make_papers()
                self.make_honours()
                self.out.finish()
                self.log(f"rows written ({self.out.balance()})")
                self.out.execute(deferred.restore_sql(models))
                self.out.finish()
                self.log("indexes and constraints restored")
                self.out.execute(search.restore_sql())
                self.out.finish()
                self.log("search documents and co-author counts written")
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"ANALYZE {tables}")
                    self.log("tables analyzed")
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # A bulk-loaded table has no visibility map until vacuumed, so index-only scans (counts, cursor
            # pages) would still read every heap page; autovacuum would do this soon after a real load.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM {tables}")
            self.log("tables vacuumed")
        self.log("done")
        return {model._meta.label: count for model, count in self.out.written.items()}

    # -- venues and topics -------------------------------------------------
    def make_venues(self):
        unique = Numbering(self.slugs[Venue])
        first = self.next_id[Venue]
        rows = [
            (first + v.index, v.acronym, unique(base_slug(Venue, {"acronym": v.acronym, "name": v.name})), v.name)
            + (v.kind, v.publisher, "")
            for v in self.corpus.venues
        ]
        self.out.write(Venue, ["id", "acronym", "slug", "name", "kind", "publisher", "url"], rows)
        self.log(f"{len(rows)} venues")

    def make_topics(self):
        unique = Numbering(self.slugs[Topic])
        first = self.next_id[Topic]
        new = [name for name in self.corpus.topics if name not in self.topics]
        rows = [(first + n, name, unique(base_slug(Topic, {"name": name})), "") for n, name in enumerate(new)]
        self.out.write(Topic, ["id", "name", "slug", "description"], rows)
        self.topics |= {row[1]: row[0] for row in rows}

    # -- people ------------------------------------------------------------
    def make_people(self):
        unique = Numbering(self.slugs[Researcher])
        first, alias_id = self.next_id[Researcher], self.next_id[Alias]
        person_rows, alias_rows = [], []
        for person in self.corpus.people:
            slug = unique(base_slug(Researcher, {"name": person.name, "native_name": person.native_name}))
            sort = sort_key(person.name, person.native_name)
            person_rows.append((first + person.index, person.name, person.native_name, slug, sort))
            if person.alias:
                alias_rows.append((alias_id, first + person.index, person.alias))
                alias_id += 1
        stamps = {"created": self.now, "updated": self.now}
        for start in range(0, len(person_rows), CHUNK):
            self.out.write(
                Researcher,
                ["id", "name", "native_name", "slug", "sort_key"],
                person_rows[start : start + CHUNK],
                stamps,
            )
        self.out.write(Alias, ["id", "researcher_id", "name"], alias_rows)
        self.log(f"{len(person_rows)} people, {len(alias_rows)} aliases")

    # -- papers ------------------------------------------------------------
    def make_papers(self):
        first, person, venue = self.next_id[Paper], self.next_id[Researcher], self.next_id[Venue]
        ids = {model: self.next_id[model] for model in (Authorship, PaperLink, Award)}
        through = Paper.topics.through
        through_id = self.next_id[through]
        paper_fields = ["id", "title", "abstract", "kind", "status", "venue_id", "track", "pages", "volume"]
        paper_fields += ["number", "doi", "citation_count", "citation_source", "year", "month", "day", "title_key"]
        paper_same = {"publisher": "", "arxiv_id": "", "bibtex_key": "", "authors_truncated": False}
        paper_same |= {"created": self.now, "updated": self.now}
        author_fields = ["id", "paper_id", "researcher_id", "position", "printed_name", "corresponding"]
        author_same = {"equal_contribution": False, "selected": False, "highlighted": False}
        award_fields = ["id", "name", "kind", "year", "venue_id", "paper_id"]
        award_same = {"place": "", "description": ""}
        done = 0
        for chunk in self.corpus.paper_chunks(CHUNK):
            papers, authors, links, topics, awards = [], [], [], [], []
            for p in chunk:
                pk = first + p.index
                venue_id = None if p.venue is None else venue + p.venue
                source = "synthetic" if p.citation_count is not None else ""
                # The stream numbers DOIs as its papers (from 1); ids here continue after existing rows, and so must
                # the DOIs, which are unique: on an empty database both are the stream's.
                doi = f"10.5555/synthetic.{pk}" if p.doi else ""
                papers.append(
                    (pk, p.title, p.abstract, p.kind, p.status, venue_id, p.track, p.pages, p.volume)
                    + (p.number, doi, p.citation_count, source, p.year, p.month, p.day, normalise_title(p.title))
                )
                for position, author in enumerate(p.authors, 1):
                    row = (ids[Authorship], pk, person + author.person, position, author.printed_name, position == 1)
                    authors.append(row)
                    ids[Authorship] += 1
                if p.pdf_url:
                    links.append((ids[PaperLink], pk, p.pdf_url))
                    ids[PaperLink] += 1
                if p.topic:
                    topics.append((through_id, pk, self.topics[p.topic]))
                    through_id += 1
                if p.award:
                    awards.append((ids[Award], p.award, "paper", p.year, venue_id, pk))
                    ids[Award] += 1
            self.out.write(Paper, paper_fields, papers, paper_same)
            self.out.write(Authorship, author_fields, authors, author_same)
            self.out.write(PaperLink, ["id", "paper_id", "url"], links, {"kind": "pdf", "label": ""})
            self.out.write(through, ["id", "paper_id", "topic_id"], topics)
            self.out.write(Award, award_fields, awards, award_same)
            done += len(chunk)
            self.log(f"{done} papers")
        self.next_award_id = ids[Award]

    def make_honours(self):
        """Personal honours from venues, with their recipients."""
        person, venue = self.next_id[Researcher], self.next_id[Venue]
        through = Award.recipients.through
        awards, recipients = [], []
        for n, honour in enumerate(self.corpus.honours()):
            pk = self.next_award_id + n
            awards.append((pk, honour.name, "honour", honour.year, venue + honour.venue, "", "", None))
            recipients.append((self.next_id[through] + n, pk, person + honour.person))
        fields = ["id", "name", "kind", "year", "venue_id", "place", "description", "paper_id"]
        self.out.write(Award, fields, awards)
        self.out.write(through, ["id", "award_id", "researcher_id"], recipients)
