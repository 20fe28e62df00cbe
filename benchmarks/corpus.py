"""A DBLP-shaped synthetic corpus for measuring pubdb at size (`manage.py generate_corpus`).

Shape: a long-tailed number of papers per person (Pareto, a few people over
1,000 papers), 1-15 authors per paper (mean about 3.7), venues of Zipf-distributed
sizes, years 1970-2026 growing exponentially, titles and abstracts composed
from a field vocabulary, some paper awards and honours, many homonyms (slugs
chen-zhang, chen-zhang-2, ...). Everything comes from one random.Random(seed),
so the same seed on the same starting database writes the same rows.

Rows get explicit ids (after the current maximum) and are written with COPY on
PostgreSQL, bulk_create elsewhere (benchmarks/bulk_load.py). History tables stay
empty: nobody curated these rows.
"""

import random
import time
from itertools import accumulate

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from papers.models import Authorship, Award, Paper, PaperLink, Topic, Venue
from papers.titles import normalise_title
from researchers.models import Alias, Researcher
from researchers.slugs import Numbering, base_slug
from researchers.sorting import sort_key

from . import corpus_words as words
from .bulk_load import DeferredConstraints, TableWriter

FIRST_YEAR, LAST_YEAR = 1970, 2026
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
YEAR_WEIGHTS = list(accumulate(1.08 ** (y - FIRST_YEAR) for y in YEARS))
AUTHOR_COUNTS = list(range(1, 16))
AUTHOR_WEIGHTS = list(accumulate([8, 17, 22, 19, 13, 8, 5, 3, 1.5, 1, 0.8, 0.6, 0.5, 0.3, 0.3]))
PROLIFIC_PEOPLE = 3
PROLIFIC_PAPERS = 1100  # plus up to 500 more each
MAX_ORDINARY_PAPERS = 800
REGIONS = [
    "Asian",
    "European",
    "Pacific",
    "Nordic",
    "American",
    "African",
    "Joint",
    "Global",
    "Annual",
    "ACM",
    "IEEE",
    "Pan-Asian",
    "Mediterranean",
]
CHUNK = 20_000
M2M_TABLES = (Paper.topics.through, Award.recipients.through)


def venue_count(papers):
    """About a thousand papers per venue on average, a few thousand venues at a million papers."""
    return max(5, min(4000, papers // 300))


def _next_id(model):
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


class CorpusGenerator:
    def __init__(self, papers, seed=0, log=None):
        if papers < 1:
            raise ValueError("The corpus needs at least one paper.")
        self.papers = papers
        self.rng = random.Random(seed)
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
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(m._meta.db_table) for m in models)}")
                    self.log("tables analyzed")
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # A bulk-loaded table has no visibility map until vacuumed, so index-only scans (counts, cursor
            # pages) would still read every heap page; autovacuum would do this soon after a real load.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM {', '.join(connection.ops.quote_name(m._meta.db_table) for m in models)}")
            self.log("tables vacuumed")
        self.log("done")
        return {model._meta.label: count for model, count in self.out.written.items()}

    # -- venues and topics -------------------------------------------------
    def make_venues(self):
        rng = self.rng
        unique = Numbering(self.slugs[Venue])
        acronyms = {}
        first = self.next_id[Venue]
        rows, self.venue_kinds = [], []
        for number in range(venue_count(self.papers)):
            kind = rng.choices(["conference", "journal", "workshop"], weights=[6, 3, 1])[0]
            topic = rng.choice(words.VENUE_TOPICS)
            name = rng.choice(words.VENUE_FORMS[kind]).format(topic)
            if rng.random() < 0.6:
                name = f"{rng.choice(REGIONS)} {name}"
            base = "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())
            acronyms[base] = acronyms.get(base, 0) + 1
            acronym = base if acronyms[base] == 1 else f"{base}{acronyms[base]}"
            slug = unique(base_slug(Venue, {"acronym": acronym, "name": name}))
            publisher = rng.choice(words.PUBLISHERS)
            rows.append((first + number, acronym, slug, name, kind, publisher, ""))
            self.venue_kinds.append(kind)
        self.out.write(Venue, ["id", "acronym", "slug", "name", "kind", "publisher", "url"], rows)
        self.venue_ids = [row[0] for row in rows]
        # Zipf sizes, shuffled so that venue size does not follow id order.
        weights = [1 / (rank + 1) ** 1.1 for rank in range(len(rows))]
        rng.shuffle(weights)
        self.venue_weights = list(accumulate(weights))
        self.log(f"{len(rows)} venues")

    def make_topics(self):
        unique = Numbering(self.slugs[Topic])
        first = self.next_id[Topic]
        rows = [
            (first + n, name, unique(base_slug(Topic, {"name": name})), "")
            for n, name in enumerate(t for t in words.VENUE_TOPICS if t not in self.topics)
        ]
        self.out.write(Topic, ["id", "name", "slug", "description"], rows)
        self.topic_ids = [row[0] for row in rows] + [
            self.topics[name] for name in words.VENUE_TOPICS if name in self.topics
        ]

    # -- people ------------------------------------------------------------
    def make_people(self):
        """Draw author counts per paper, papers per person, and deal people to author slots."""
        rng = self.rng
        self.author_counts = rng.choices(AUTHOR_COUNTS, cum_weights=AUTHOR_WEIGHTS, k=self.papers)
        slots = sum(self.author_counts)
        counts = [min(PROLIFIC_PAPERS + rng.randrange(500), slots // 10) for _ in range(PROLIFIC_PEOPLE)]
        total = sum(counts)
        while total < slots:
            count = min(int(rng.paretovariate(1.2)), MAX_ORDINARY_PAPERS, slots - total)
            counts.append(count)
            total += count
        first = self.next_id[Researcher]
        self.slots = [first + person for person, count in enumerate(counts) for _ in range(count)]
        rng.shuffle(self.slots)

        unique = Numbering(self.slugs[Researcher])
        person_rows, alias_rows = [], []
        self.names, self.aliases = {}, {}
        alias_id = self.next_id[Alias]
        for person in range(len(counts)):
            pk = first + person
            name, native, alias = self.person_name()
            slug = unique(base_slug(Researcher, {"name": name, "native_name": native}))
            person_rows.append((pk, name, native, slug, sort_key(name, native)))
            self.names[pk] = name
            if alias:
                alias_rows.append((alias_id, pk, alias))
                self.aliases[pk] = alias
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

    def person_name(self):
        """(name, native name, alias or ''), a third of them Chinese names with their characters."""
        rng = self.rng
        if rng.random() < 0.35:
            surname, surname_zh = rng.choice(words.SURNAMES_ZH)
            given = [rng.choice(words.GIVEN_ZH) for _ in range(rng.choice((1, 2, 2)))]
            given_latin = "".join(g[0] for g in given).capitalize()
            native = surname_zh + "".join(g[1] for g in given)
            alias = f"{surname} {given_latin}" if rng.random() < 0.08 else ""
            return f"{given_latin} {surname}", native, alias
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.2 else ""
        alias = f"{first[0]}. {last}" if rng.random() < 0.05 else ""
        return f"{first}{middle} {last}", "", alias

    # -- papers ------------------------------------------------------------
    def make_papers(self):
        rng = self.rng
        first = self.next_id[Paper]
        ids = {model: self.next_id[model] for model in (Authorship, PaperLink, Award)}
        through = Paper.topics.through
        through_id = self.next_id[through]
        slot = 0
        paper_fields = ["id", "title", "abstract", "kind", "status", "venue_id", "track", "pages", "volume"]
        paper_fields += ["number", "doi", "citation_count", "citation_source", "year", "month", "day", "title_key"]
        paper_same = {"publisher": "", "arxiv_id": "", "bibtex_key": "", "authors_truncated": False}
        paper_same |= {"created": self.now, "updated": self.now}
        author_fields = ["id", "paper_id", "researcher_id", "position", "printed_name", "corresponding"]
        author_same = {"equal_contribution": False, "selected": False, "highlighted": False}
        award_fields = ["id", "name", "kind", "year", "venue_id", "paper_id"]
        award_same = {"place": "", "description": ""}
        for start in range(0, self.papers, CHUNK):
            size = min(CHUNK, self.papers - start)
            years = rng.choices(YEARS, cum_weights=YEAR_WEIGHTS, k=size)
            venues = rng.choices(range(len(self.venue_ids)), cum_weights=self.venue_weights, k=size)
            papers, authors, links, topics, awards = [], [], [], [], []
            for n in range(size):
                pk, year = first + start + n, years[n]
                venue = None if rng.random() < 0.03 else venues[n]
                title, abstract = self.title_and_abstract()
                papers.append(self.paper_row(pk, year, venue, title, abstract))
                people = list(dict.fromkeys(self.slots[slot : slot + self.author_counts[start + n]]))
                slot += self.author_counts[start + n]
                for position, person in enumerate(people, 1):
                    alias = self.aliases.get(person)
                    printed = alias if alias and rng.random() < 0.3 else self.names[person]
                    authors.append((ids[Authorship], pk, person, position, printed, position == 1))
                    ids[Authorship] += 1
                if rng.random() < 0.4:
                    links.append((ids[PaperLink], pk, f"https://papers.example.org/{pk}.pdf"))
                    ids[PaperLink] += 1
                if rng.random() < 0.5:
                    topics.append((through_id, pk, rng.choice(self.topic_ids)))
                    through_id += 1
                if venue is not None and rng.random() < 0.004:
                    name = rng.choice(words.PAPER_AWARDS)
                    awards.append((ids[Award], name, "paper", year, self.venue_ids[venue], pk))
                    ids[Award] += 1
            self.out.write(Paper, paper_fields, papers, paper_same)
            self.out.write(Authorship, author_fields, authors, author_same)
            self.out.write(PaperLink, ["id", "paper_id", "url"], links, {"kind": "pdf", "label": ""})
            self.out.write(through, ["id", "paper_id", "topic_id"], topics)
            self.out.write(Award, award_fields, awards, award_same)
            self.log(f"{start + size} papers")
        self.next_award_id = ids[Award]

    def paper_row(self, pk, year, venue, title, abstract):
        rng = self.rng
        kind = self.venue_kinds[venue] if venue is not None else "preprint"
        status = "preprint" if venue is None else "published"
        month = rng.randint(1, 12) if rng.random() < 0.7 else None
        day = rng.randint(1, 28) if month and rng.random() < 0.3 else None
        first_page = rng.randint(1, 900)
        pages = f"{first_page}–{first_page + rng.randint(3, 14)}" if venue is not None else ""
        volume = str(year - 1960) if kind == "journal" else ""
        number = str(rng.randint(1, 12)) if kind == "journal" else ""
        track = rng.choice(("Main", "Findings", "Short Papers", "")) if kind == "conference" else ""
        doi = f"10.5555/synthetic.{pk}" if rng.random() < 0.6 else ""
        citations = int(rng.paretovariate(1.1)) * (LAST_YEAR + 1 - year) if rng.random() < 0.7 else None
        source = "synthetic" if citations is not None else ""
        venue_id = None if venue is None else self.venue_ids[venue]
        return (
            *(pk, title, abstract, kind, status, venue_id, track, pages, volume),
            *(number, doi, citations, source, year, month, day, normalise_title(title)),
        )

    def title_and_abstract(self):
        rng = self.rng
        task, technique = rng.choice(words.TASKS), rng.choice(words.TECHNIQUES)
        other, domain = rng.choice(words.TECHNIQUES), rng.choice(words.DOMAINS)
        adjective = rng.choice(words.ADJECTIVES)
        form = rng.randrange(5)
        if form == 0:
            title = f"{adjective} {task.title()} with {technique.title()}"
        elif form == 1:
            title = f"{technique.capitalize()} for {adjective.lower()} {task} in {domain}"
        elif form == 2:
            title = f"Towards {adjective} {task.title()}: Revisiting {technique.title()}"
        elif form == 3:
            title = f"On the Limits of {technique.title()} for {task.title()}"
        else:
            title = f"{adjective} {technique.title()} Meets {other.title()}: Application to {task.title()}"
        abstract = (
            f"{task.capitalize()} is a central problem in {domain}. "
            f"Existing approaches based on {other} suffer from {rng.choice(words.LIMITATIONS)}. "
            f"We propose a {adjective.lower()} method built on {technique} that addresses this for {task}. "
            f"Experiments on {rng.randint(2, 9)} benchmarks show gains in {rng.choice(words.METRICS)} "
            f"over strong baselines, and an analysis of {rng.choice(words.LIMITATIONS)}."
        )
        return title, abstract

    def make_honours(self):
        """Personal honours from venues, a few per thousand people, with their recipients."""
        rng = self.rng
        people = sorted(self.names)
        awards, recipients = [], []
        through = Award.recipients.through
        through_id = self.next_id[through]
        pk = self.next_award_id
        for _ in range(max(1, len(people) // 500)):
            venue = rng.choice(self.venue_ids)
            awards.append((pk, rng.choice(words.HONOURS), "honour", rng.randint(1990, LAST_YEAR), venue, "", "", None))
            recipients.append((through_id, pk, rng.choice(people)))
            pk, through_id = pk + 1, through_id + 1
        fields = ["id", "name", "kind", "year", "venue_id", "place", "description", "paper_id"]
        self.out.write(Award, fields, awards)
        self.out.write(through, ["id", "award_id", "researcher_id"], recipients)
