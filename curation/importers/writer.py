"""Records -> papers, the one writer behind `import_bibtex` and the admin's import page.

The rules: a paper already present (same DOI, arXiv id, or normalised title and
year: curation.matching.find_paper) gains only what it lacks, so importing a file
twice changes nothing; names link to people through curation.authors; a name that
fits several people is never guessed; the whole file is one transaction and
one change set in the history (curation.history). The file is written a batch of
records at a time (batch.py): the same rules, read from a few queries per batch.
"""

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from curation.authors import AmbiguousAuthor, author_rows, set_authors
from curation.history import change_set
from curation.matching import find_paper_by_version, find_venue, iexact_key, normalise_title
from curation.provenance import EMPTY, Origin, propose, reconcile, stamp
from curation.source_names import NAMES
from papers.models import ImportBatch, Paper, PaperLink, Venue
from papers.validators import validate_year
from pubdb.locks import bulk
from researchers.models import Researcher

from .batch import write_in_batches
from .lookups import DatabaseLookups, EntryByEntry, EntryRows
from .records import Record
from .validation import check_record

NEW_PERSON = "+new"  # a curator's decision for an ambiguous name: a new person, not any candidate


@dataclass
class AuthorLink:
    name: str
    status: str  # linked | new | ambiguous | possible (initials of known people) | decided
    researcher: Researcher | None = None
    candidates: list = field(default_factory=list)


@dataclass
class EntryResult:
    record: Record
    status: str = "unchanged"  # new | updated | unchanged | invalid
    paper: Paper | None = None
    changes: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)  # values a source disagrees with, left to a curator
    authors: list[AuthorLink] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    venue: Venue | None = None
    venue_how: str = ""  # matched | new | kept (the matched paper's own): how the record's venue was resolved

    @property
    def ambiguous(self):
        return [a for a in self.authors if a.status == "ambiguous"]

    @property
    def undecided(self):
        """Names the curator is asked about: several people of that name, or initials of known people."""
        return [a for a in self.authors if a.status in ("ambiguous", "possible")]


@dataclass
class ImportReport:
    file_name: str
    results: list[EntryResult]
    written: bool = False
    batch: ImportBatch | None = None

    def with_status(self, status):
        return [r for r in self.results if r.status == status]

    @property
    def invalid(self):
        return self.with_status("invalid")

    @property
    def counts(self):
        return {s: len(self.with_status(s)) for s in ("new", "updated", "unchanged", "invalid")}


class EntryInvalid(Exception):
    pass


def import_records(
    records,
    *,
    file_name,
    format,
    user=None,
    dry_run=False,
    skip_invalid=False,
    decisions=None,
    ask_initials=False,
    progress=None,
):
    """Write `records`; returns an ImportReport. Nothing is written when dry_run, or when an entry
    is invalid (bad data, or an ambiguous name without a decision) and skip_invalid is off.
    Initials of known people ("M. Zhang" when Min Zhang exists) are flagged as possible matches; they make
    a new person unless `ask_initials` (the admin) holds the entry for a decision, as for an ambiguous name.
    `progress(done, total)` hears of each batch written (batch.write_in_batches)."""
    report = ImportReport(file_name, [])
    # One lock for the whole file: a second import waits, then matches this one's rows (pubdb.locks).
    with transaction.atomic(), bulk(None if dry_run else "import"):
        writer = _Writer(decisions or {}, ask_initials=ask_initials)  # after the lock: it reads the venues
        batch = ImportBatch.objects.create(file_name=file_name[:255], format=format, user=user)
        writer.origin = Origin.now(format, by=getattr(user, "username", ""), batch=batch.pk)
        with change_set(batch.change_reason, user):
            # Lengths, characters and the author limit before any matching query (validation.check_record).
            checked = [check_record(record) for record in records]
            report.results = write_in_batches(writer, checked, dry_run=dry_run, progress=progress)
        counts = report.counts
        proposed = any(r.proposed for r in report.results)
        abort = (
            dry_run or (counts["invalid"] and not skip_invalid) or not (counts["new"] or counts["updated"] or proposed)
        )
        if abort:
            transaction.set_rollback(True)
        else:
            batch.created_papers, batch.updated_papers = counts["new"], counts["updated"]
            batch.unchanged_papers = counts["unchanged"]
            batch.skipped = [{"entry": r.record.where, "errors": r.errors} for r in report.invalid]
            batch.save()
            report.written, report.batch = True, batch
    return report


class _Writer:
    """The rules of one entry. write() applies them with a query per read and per row (in a savepoint); plan()
    applies them to what a batch has loaded (`lookups`, curation/importers/lookups.py) and keeps the rows a new
    paper makes in `rows`, for the batch to write in bulk (curation/importers/batch.py)."""

    def __init__(self, decisions, *, ask_initials=False):
        self.decisions = decisions
        self.ask_initials = ask_initials
        self.venues = list(Venue.objects.all())
        self.lookups = DatabaseLookups()
        self.rows: EntryRows | None = None  # set while planning
        self.origin = Origin.now("")  # the import's; a fetched record's own source replaces its `source`

    def write(self, record):
        """One entry; tried once more after an IntegrityError: a concurrent writer took its DOI or a slug, and
        has committed by the time the unique index refused ours, so the second try finds that writer's rows."""
        try:
            return self._write_entry(record, retry=True)
        except IntegrityError:
            self.venues = list(Venue.objects.all())  # the venue made by the rolled-back try is gone
            return self._write_entry(record, retry=False)

    def _write_entry(self, record, *, retry):
        result = EntryResult(record, errors=list(record.errors))
        if not result.errors:
            try:
                with transaction.atomic():  # a savepoint: a failing entry leaves nothing behind
                    self._write(record, result)
                    if result.errors:
                        raise EntryInvalid
            except ValidationError as error:
                result.errors += [m for m in error.messages if m not in result.errors]
            except IntegrityError as error:
                if retry:
                    raise
                result.errors.append(f"the database refused it: {error}")
            except EntryInvalid:
                pass
        if result.errors:
            result.status = "invalid"
        return result

    def plan(self, record):
        """What write() would do, without writing: the result, and in `rows` what a new paper creates (None when
        the entry creates nothing). Raises EntryByEntry when the entry would change rows that exist."""
        result = EntryResult(record, errors=list(record.errors))
        self.rows = EntryRows()
        try:
            if not result.errors:
                self._write(record, result)
        except ValidationError as error:
            result.errors += [m for m in error.messages if m not in result.errors]
        finally:
            rows, self.rows = self.rows, None
        if result.errors:
            result.status = "invalid"
        return result, rows if result.status == "new" else None

    # Writes: at once in write(), gathered in plan() (which refuses to change anything that exists).

    def _save(self, instance):
        if self.rows is not None:
            raise EntryByEntry
        instance.save()

    def _create_paper(self, paper):
        if self.rows is None:
            # Field validators here; the table's constraints are checked by the database (IntegrityError).
            paper.full_clean(validate_constraints=False)
            paper.save()
        else:
            # The venue is one of self.venues; the batch checks the constraints (the database, at the latest).
            paper.full_clean(exclude=["venue"], validate_unique=False, validate_constraints=False)
            paper.fill_derived_fields()  # the title key, by which a later entry of the file finds it
            self.rows.paper = paper

    def _set_authors(self, paper, entries):
        if self.rows is None:
            return set_authors(paper, entries)
        if paper is not self.rows.paper:
            raise EntryByEntry
        self.rows.authorships = author_rows(self.rows.paper, entries, resolve=self._planned_person)
        return True

    def _planned_person(self, name, slug, organization=False):
        """resolve_author() for a planned paper: a person found, one this entry already makes, or a new one."""
        if slug:
            return self._unmarked(self.lookups.by_slug(name, slug), organization)
        rows, key = self.rows, iexact_key(name)
        if rows is None:
            raise RuntimeError("only plan() makes authorships this way")
        made = next((p for p in rows.people if iexact_key(p.name) == key), None)
        if made is None and (made := self.lookups.person(name)) is None:
            made = Researcher(name=name, is_organization=organization)
            made.clean_fields(exclude=["slug"])  # the batch numbers the slugs of all its new people at once
            rows.people.append(made)
        return self._unmarked(made, organization)

    @staticmethod
    def _unmarked(researcher, organization):
        if organization and not researcher.is_organization:
            raise EntryByEntry  # resolve_author marks them an organisation: a write
        return researcher

    def _create_link(self, link):
        if self.rows is None:
            link.full_clean()
            link.save()
        elif link.paper is self.rows.paper:
            link.full_clean(exclude=["paper"], validate_unique=False, validate_constraints=False)
            self.rows.links.append(link)
        else:
            raise EntryByEntry

    # The rules.

    def _write(self, record, result):
        validate_year(record.year)
        values = {name: getattr(record, name) for name in Paper.BIBLIOGRAPHIC_FIELDS}
        paper = self.lookups.find_paper(doi=record.doi, arxiv_id=record.arxiv_id, title=record.title, year=record.year)
        # A venue is looked up (and created if unknown) only when the paper will use it.
        values["venue"] = self._venue(record, result) if paper is None or paper.venue_id is None else None
        if values["venue"] is None and paper is not None and paper.venue_id is not None:
            result.venue, result.venue_how = paper.venue, "kept"
        if paper is None and record.published_doi:  # a preprint whose published version is known
            paper = self.lookups.find_paper(doi=record.published_doi)
        for doi in record.preprint_dois if paper is None else ():  # a published version whose preprint is known
            paper = self.lookups.find_paper(doi=doi)
            if paper is not None:
                break
        if paper is None and record.status == Paper.Status.PREPRINT and record.doi and record.source:
            paper = find_paper_by_version(f"doi:{record.doi}")  # a preprint its published version told of
        origin = replace(self.origin, source=record.source or self.origin.source)
        if paper is None:
            paper = Paper(**values, authors_truncated=record.authors_truncated, bibtex_key=record.key)
            paper.versions = record.versions
            filled = [n for n, v in values.items() if v not in EMPTY] + (["authors"] if record.authors else [])
            stamp(paper, filled, origin)
            self._create_paper(paper)
            result.status = "new"
        else:
            self._update(paper, values, record, origin, result)
        result.paper = paper
        self._authors(paper, record, result)
        self._identify(paper, record, result)
        self._links(paper, record, result)

    def _venue(self, record, result):
        if not record.venue_text and not record.venue_acronym:
            return None
        venue = find_venue(record.venue_text, self.venues, acronym=record.venue_acronym)
        if venue:
            result.venue, result.venue_how = venue, "matched"
            return venue
        if self.rows is not None:
            raise EntryByEntry  # a new venue, made in the entry's savepoint
        acronym = (record.venue_acronym or record.venue_text)[:80]
        kind = {Paper.Kind.JOURNAL: Venue.Kind.JOURNAL, Paper.Kind.WORKSHOP: Venue.Kind.WORKSHOP}
        venue = Venue(
            acronym=acronym,
            name=record.venue_text[:300],
            kind=kind.get(record.kind, Venue.Kind.CONFERENCE),
        )
        venue.full_clean()  # which gives it its slug
        venue.save()
        self.venues.append(venue)
        result.venue, result.venue_how = venue, "new"
        result.changes.append(f"new venue “{venue.name or venue.acronym}”")
        return venue

    def _update(self, paper, values, record, origin, result):
        """Fill what the paper lacks; a venue for a preprint makes it the published version. A value that differs
        from the paper's is reconciled by its provenance (curation/provenance.py): replaced, ignored or proposed."""
        venue = values["venue"] or paper.venue
        if venue and values["publisher"] == venue.publisher:
            values["publisher"] = ""  # exports print the venue's publisher; it is not the paper's own
        becomes_published = paper.venue_id is None and values["venue"] is not None
        older = record.status == Paper.Status.PREPRINT and paper.status != Paper.Status.PREPRINT
        publishes = paper.status == Paper.Status.PREPRINT and record.status != Paper.Status.PREPRINT
        written = []
        if self._preprint_doi_gives_way(paper, values, record, result):
            written.append("doi")
        if becomes_published:
            paper.venue = values["venue"]
            result.changes.append(f"venue: — → {paper.venue.acronym}")
            written.append("venue")
            for name in ("kind", "status"):
                if getattr(paper, name) != values[name]:
                    result.changes.append(f"{name}: {getattr(paper, name)} → {values[name]}")
                    setattr(paper, name, values[name])
                    written.append(name)
        proposals = []
        for name in Paper.BIBLIOGRAPHIC_FIELDS:
            current, value = getattr(paper, name), values[name]
            action = reconcile(paper, name, value, origin, becomes_published=becomes_published, older=older)
            if action == "propose":
                proposals.append((name, value))
            elif action:
                setattr(paper, name, value)
                written.append(name)
                result.changes.append(f"{name}: {'—' if action == 'fill' else current} → {value}")
        if publishes and record.year and paper.year == record.year:  # the date is now the published version's
            written += self._undate_the_preprint(paper, values, result)
        versions = merge_versions(paper.versions, record.versions)
        if versions != paper.versions:
            paper.versions = versions
            result.changes.append("versions: " + ", ".join(v["identifier"] for v in record.versions))
        if (result.changes or proposals) and self.rows is not None:
            raise EntryByEntry
        for name, value in proposals:
            if propose(paper, name, value, origin, record.key):
                result.proposed.append(
                    f"{name}: {origin.source} proposes “{value}”, the paper keeps “{getattr(paper, name)}”"
                )
        if result.changes:
            stamp(paper, written, origin)
            paper.full_clean(validate_constraints=False)
            paper.save()
            result.status = "updated"

    @staticmethod
    def _preprint_doi_gives_way(paper, values, record, result):
        """A preprint known by its server's DOI (bioRxiv's 10.1101/…) meets its published version: the paper takes
        the published DOI, and the preprint's stays in its versions (the preprint's record may have put it there)."""
        doi = values["doi"]
        if not (paper.doi and doi and paper.status == Paper.Status.PREPRINT and record.status != Paper.Status.PREPRINT):
            return False
        if iexact_key(paper.doi) == iexact_key(doi):
            return False
        if not any(v.get("identifier", "").lower() == f"doi:{paper.doi}".lower() for v in paper.versions):
            server = paper.publisher or "Preprint server"
            paper.versions = [
                *paper.versions,
                {"server": server, "identifier": f"doi:{paper.doi}", "date": paper.date_iso},
            ]
        result.changes.append(f"doi: {paper.doi} → {doi}")
        paper.doi = doi
        return True

    @staticmethod
    def _undate_the_preprint(paper, values, result):
        """The published version's date is its own: a month or day it does not give is not the preprint's (an
        arXiv v1 of 22 January does not make a July article's "2023-07-22"), unless a curator set it."""
        cleared = []
        for name in ("month", "day"):
            came_from = (paper.provenance or {}).get(name, {}).get("source", "")
            if values[name] is None and getattr(paper, name) is not None and came_from in NAMES:
                result.changes.append(f"{name}: {getattr(paper, name)} → —")
                setattr(paper, name, None)
                cleared.append(name)
        return cleared

    def _authors(self, paper, record, result):
        current = self.lookups.authorships(paper)
        printed = [a for a in current if a.position is not None]
        complete = record.authors and not record.authors_truncated
        if current and not (paper.authors_truncated and complete and len(record.authors) > len(printed)):
            self._add_marks(printed, record, result)
            return
        # Someone already linked on this paper stays linked (a curator may have picked a homonym).
        known = {normalise_title(a.printed_name or a.researcher.name): a for a in current}
        entries = []
        for entry in record.authors:
            existing = known.get(normalise_title(entry.name)) if known else None
            researcher = existing.researcher if existing else self._person(entry, result)
            kept = {"selected": existing.selected} if existing else {}
            entries.append(replace(entry, researcher_slug=researcher.slug if researcher else "", **kept))
        if result.errors:
            return
        if self._set_authors(paper, entries):
            if result.status == "unchanged":
                result.status = "updated"
            if current:
                result.changes.append(f"authors: {len(printed)} → {len(entries)}")
            if paper.authors_truncated != record.authors_truncated:
                paper.authors_truncated = record.authors_truncated
                self._save(paper)

    def _person(self, entry, result):
        """The researcher a name links to; None means a new person; an undecided homonym is an error."""
        name = entry.name
        if entry.researcher_slug:  # the source identified the person (DBLP pid, ORCID)
            researcher = self.lookups.by_slug(name, entry.researcher_slug)
            result.authors.append(AuthorLink(name, "linked", researcher))
            return researcher
        decision = self.decisions.get(name)
        if decision == NEW_PERSON:
            researcher = Researcher(name=name, is_organization=entry.organization)
            researcher.full_clean(exclude=["slug"])
            self._save(researcher)
            self.decisions[name] = researcher.slug  # the same name further down the file is this new person
            result.authors.append(AuthorLink(name, "decided", researcher))
            return researcher
        if decision:
            researcher = self.lookups.by_slug(name, decision)
            result.authors.append(AuthorLink(name, "decided", researcher))
            return researcher
        try:
            researcher = self.lookups.person(name)
        except AmbiguousAuthor as ambiguous:
            result.authors.append(AuthorLink(name, "ambiguous", candidates=ambiguous.candidates))
            result.errors.append(ambiguous.messages[0])
            return None
        if researcher is None and (candidates := self.lookups.possible_people(name)):
            result.authors.append(AuthorLink(name, "possible", candidates=candidates))
            if self.ask_initials:
                people = ", ".join(f"{c.name} ({c.slug})" for c in candidates)
                result.errors.append(f'"{name}" may be {people}: choose one of them or a new person.')
            return None
        result.authors.append(AuthorLink(name, "linked" if researcher else "new", researcher))
        return researcher

    def _add_marks(self, printed, record, result):
        by_position = {a.position: a for a in printed}
        for entry in record.authors:
            authorship = by_position.get(entry.position)
            if authorship is None or normalise_title(authorship.display_name) != normalise_title(entry.name):
                continue
            dirty = False
            for mark in ("equal_contribution", "corresponding"):
                if getattr(entry, mark) and not getattr(authorship, mark):
                    setattr(authorship, mark, True)
                    result.changes.append(f"{entry.name}: {mark.replace('_', ' ')}")
                    dirty = True
            if dirty:
                self._save(authorship)
                result.status = "updated" if result.status == "unchanged" else result.status
            result.authors.append(AuthorLink(entry.name, "linked", authorship.researcher))

    def _identify(self, paper, record, result):
        """A person import knows its own person's ORCID iD or DBLP pid: the researcher their name links to gets it,
        unless they have one already or someone else holds it (then a curator merges the two)."""
        entries = {normalise_title(e.name): e for e in record.authors if e.identifiers}
        if not entries:
            return
        if self.rows is not None:
            raise EntryByEntry  # it may change a researcher that exists: written on its own, as a new venue is
        for authorship in paper.authorships.select_related("researcher"):
            entry = entries.get(normalise_title(authorship.display_name))
            researcher = authorship.researcher
            for name, value in entry.identifiers.items() if entry else ():
                if getattr(researcher, name) or Researcher.objects.filter(**{name: value}).exists():
                    continue
                setattr(researcher, name, value)
                researcher.full_clean(validate_constraints=False)
                researcher.save()
                result.changes.append(f"{researcher.name}: {name} → {value}")
                result.status = "updated" if result.status == "unchanged" else result.status

    def _links(self, paper, record, result):
        # A URL the paper already has, under any kind, is not added again (exports write a pdf link as `url`).
        have = {link.url for link in self.lookups.links(paper)} if result.status != "new" else set()
        for kind, url in record.links:
            if url in have:
                continue
            self._create_link(PaperLink(paper=paper, kind=kind, url=url))
            have.add(url)
            if result.status != "new":
                result.changes.append(f"link: {kind} {url}")
                result.status = "updated"


def merge_versions(known, told):
    """The versions a paper keeps: those it has, and those a record tells of that it lacks (by identifier); a
    version known undated (a published version told of its preprint) takes the date its own record gives."""
    told_by = {v["identifier"].lower(): v for v in told}
    kept = []
    for version in known:
        newer = told_by.pop(version["identifier"].lower(), None)
        kept.append(newer if newer and newer.get("date") and not version.get("date") else version)
    return [*kept, *told_by.values()]
