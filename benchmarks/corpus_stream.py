"""The synthetic corpus as neutral records: what pubdb's loader and each peer's loader write, one generator for all.

Plain Python with no Django and no pubdb import, so that a peer's loader
(benchmarks/peers/, run in that peer's own virtualenv) draws exactly the same
papers, people and venues as pubdb's (benchmarks/corpus.py). Everything comes
from one random.Random(seed) drawn in a fixed order (venues, people, papers,
honours): the same seed and size give the same records.

Shape: papers per person follow Lotka's law (the number of people with n
papers falls as n^-2.2, most people have one or two) plus a few people with
about 2,000-2,500 papers; 1-15 authors per paper (mean about 3.7), venues of
Zipf-distributed sizes, years 1970-2026 growing exponentially, titles and
abstracts composed from a field vocabulary, some paper awards and honours.
Records refer to each other by index (0-based, in the order drawn); a loader
that gives them ids index + 1 in empty tables makes the same ids everywhere.
"""

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from . import corpus_words as words

FIRST_YEAR, LAST_YEAR = 1970, 2026
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
YEAR_WEIGHTS = list(accumulate(1.08 ** (y - FIRST_YEAR) for y in YEARS))
AUTHOR_COUNTS = list(range(1, 16))
AUTHOR_WEIGHTS = list(accumulate([8, 17, 22, 19, 13, 8, 5, 3, 1.5, 1, 0.8, 0.6, 0.5, 0.3, 0.3]))
PROLIFIC_PEOPLE = 3
PROLIFIC_PAPERS = 2000  # plus up to 500 more each: the top author of a 100,000-paper corpus has about 2,500
LOTKA_ALPHA = 1.2  # Pareto shape: P(n papers or more) ~ n^-1.2, so P(n) ~ n^-2.2 (Lotka's law, generalized)
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


@dataclass(frozen=True)
class VenueRecord:
    index: int
    acronym: str
    name: str
    kind: str  # conference, journal or workshop
    publisher: str


@dataclass(frozen=True)
class PersonRecord:
    index: int
    name: str  # as usually printed, Latin script
    native_name: str  # e.g. 张辰, or ""
    alias: str  # another printed form, or ""


@dataclass(frozen=True)
class AuthorRecord:
    person: int
    printed_name: str


@dataclass(frozen=True)
class PaperRecord:
    index: int
    title: str
    abstract: str
    kind: str  # the venue's kind, or "preprint"
    status: str
    venue: int | None
    track: str
    pages: str
    volume: str
    number: str
    doi: str
    citation_count: int | None
    year: int
    month: int | None
    day: int | None
    authors: list[AuthorRecord]
    pdf_url: str  # or ""
    topic: str | None
    award: str | None  # a paper award from its venue, that year


@dataclass(frozen=True)
class HonourRecord:
    name: str
    year: int
    venue: int
    person: int


def venue_count(papers):
    """About a thousand papers per venue on average, a few thousand venues at a million papers."""
    return max(5, min(4000, papers // 300))


class Corpus:
    """`venues` and `people` are drawn on creation; then `paper_chunks()` once, then `honours()` once."""

    topics = words.VENUE_TOPICS

    def __init__(self, papers, seed=0):
        if papers < 1:
            raise ValueError("The corpus needs at least one paper.")
        self.papers = papers
        self.seed = seed
        self.rng = random.Random(seed)
        self.venues = self._venues()
        self.people = self._people()

    def _venues(self):
        rng = self.rng
        acronyms: Counter[str] = Counter()
        venues = []
        for index in range(venue_count(self.papers)):
            kind = rng.choices(["conference", "journal", "workshop"], weights=[6, 3, 1])[0]
            topic = rng.choice(words.VENUE_TOPICS)
            name = rng.choice(words.VENUE_FORMS[kind]).format(topic)
            if rng.random() < 0.6:
                name = f"{rng.choice(REGIONS)} {name}"
            base = "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())
            acronyms[base] += 1
            acronym = base if acronyms[base] == 1 else f"{base}{acronyms[base]}"
            venues.append(VenueRecord(index, acronym, name, kind, rng.choice(words.PUBLISHERS)))
        # Zipf sizes, shuffled so that venue size does not follow the order drawn.
        weights = [1 / (rank + 1) ** 1.1 for rank in range(len(venues))]
        rng.shuffle(weights)
        self.venue_weights = list(accumulate(weights))
        return venues

    def _people(self):
        """Draw author counts per paper, papers per person (Lotka), and deal people to author slots."""
        rng = self.rng
        self.author_counts = rng.choices(AUTHOR_COUNTS, cum_weights=AUTHOR_WEIGHTS, k=self.papers)
        slots = sum(self.author_counts)
        counts = [min(PROLIFIC_PAPERS + rng.randrange(500), slots // 10) for _ in range(PROLIFIC_PEOPLE)]
        total = sum(counts)
        while total < slots:
            count = min(int(rng.paretovariate(LOTKA_ALPHA)), MAX_ORDINARY_PAPERS, slots - total)
            counts.append(count)
            total += count
        self.slots = [person for person, count in enumerate(counts) for _ in range(count)]
        rng.shuffle(self.slots)
        return [PersonRecord(index, *self._person_name()) for index in range(len(counts))]

    def _person_name(self):
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

    def paper_chunks(self, size=CHUNK) -> Iterator[list[PaperRecord]]:
        """The papers in order, `size` at a time (a loader writes a chunk while the next one is drawn)."""
        rng = self.rng
        slot = 0
        for start in range(0, self.papers, size):
            count = min(size, self.papers - start)
            years = rng.choices(YEARS, cum_weights=YEAR_WEIGHTS, k=count)
            venues = rng.choices(range(len(self.venues)), cum_weights=self.venue_weights, k=count)
            chunk = []
            for n in range(count):
                index = start + n
                venue = None if rng.random() < 0.03 else venues[n]
                title, abstract = self._title_and_abstract()
                described = self._describe(index, years[n], venue)
                people = list(dict.fromkeys(self.slots[slot : slot + self.author_counts[index]]))
                slot += self.author_counts[index]
                authors = []
                for person in people:
                    alias = self.people[person].alias
                    printed = alias if alias and rng.random() < 0.3 else self.people[person].name
                    authors.append(AuthorRecord(person, printed))
                pdf = f"https://papers.example.org/{index + 1}.pdf" if rng.random() < 0.4 else ""
                topic = rng.choice(self.topics) if rng.random() < 0.5 else None
                award = rng.choice(words.PAPER_AWARDS) if venue is not None and rng.random() < 0.004 else None
                chunk.append(
                    PaperRecord(
                        index=index,
                        title=title,
                        abstract=abstract,
                        venue=venue,
                        year=years[n],
                        authors=authors,
                        pdf_url=pdf,
                        topic=topic,
                        award=award,
                        **described,
                    )
                )
            yield chunk

    def _describe(self, index, year, venue):
        """The paper's other fields, drawn in a fixed order."""
        rng = self.rng
        kind = self.venues[venue].kind if venue is not None else "preprint"
        month = rng.randint(1, 12) if rng.random() < 0.7 else None
        day = rng.randint(1, 28) if month and rng.random() < 0.3 else None
        first_page = rng.randint(1, 900)
        pages = f"{first_page}–{first_page + rng.randint(3, 14)}" if venue is not None else ""
        number = str(rng.randint(1, 12)) if kind == "journal" else ""
        track = rng.choice(("Main", "Findings", "Short Papers", "")) if kind == "conference" else ""
        doi = f"10.5555/synthetic.{index + 1}" if rng.random() < 0.6 else ""
        citations = int(rng.paretovariate(1.1)) * (LAST_YEAR + 1 - year) if rng.random() < 0.7 else None
        return {
            "kind": kind,
            "status": "preprint" if venue is None else "published",
            "track": track,
            "pages": pages,
            "volume": str(year - 1960) if kind == "journal" else "",
            "number": number,
            "doi": doi,
            "citation_count": citations,
            "month": month,
            "day": day,
        }

    def _title_and_abstract(self):
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

    def honours(self) -> list[HonourRecord]:
        """Personal honours from venues, a few per thousand people (drawn after the papers)."""
        rng = self.rng
        honours = []
        for _ in range(max(1, len(self.people) // 500)):
            venue = rng.randrange(len(self.venues))
            name, year = rng.choice(words.HONOURS), rng.randint(1990, LAST_YEAR)
            honours.append(HonourRecord(name, year, venue, rng.randrange(len(self.people))))
        return honours
