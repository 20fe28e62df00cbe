"""Records -> papers, the one writer behind `import_bibtex` and the admin's import page.

The rules: a paper already present (same DOI, arXiv id, or normalised title and
year: curation.matching.find_paper) gains only what it lacks, so importing a file
twice changes nothing; names link to people through curation.authors; a name that
fits several people is never guessed; the whole file is one transaction and
one change set in the history (curation.history).
"""

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from curation.authors import AmbiguousAuthor, possible_people, resolve_author, set_authors
from curation.history import change_set
from curation.matching import find_paper, find_venue, normalise_title
from papers.models import ImportBatch, Paper, PaperLink, Venue
from papers.validators import validate_year
from researchers.models import Researcher

from .records import Record

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
    records, *, file_name, format, user=None, dry_run=False, skip_invalid=False, decisions=None, ask_initials=False
):
    """Write `records`; returns an ImportReport. Nothing is written when dry_run, or when an entry
    is invalid (bad data, or an ambiguous name without a decision) and skip_invalid is off.
    Initials of known people ("M. Zhang" when Min Zhang exists) are flagged as possible matches; they make
    a new person unless `ask_initials` (the admin) holds the entry for a decision, as for an ambiguous name."""
    writer = _Writer(decisions or {}, ask_initials=ask_initials)
    report = ImportReport(file_name, [])
    with transaction.atomic():
        batch = ImportBatch.objects.create(file_name=file_name[:255], format=format, user=user)
        with change_set(batch.change_reason, user):
            for record in records:
                report.results.append(writer.write(record))
        counts = report.counts
        abort = dry_run or (counts["invalid"] and not skip_invalid) or not (counts["new"] or counts["updated"])
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
    def __init__(self, decisions, *, ask_initials=False):
        self.decisions = decisions
        self.ask_initials = ask_initials
        self.venues = list(Venue.objects.all())
        self.people = {}  # name -> the one researcher it links to, so a file's recurring names cost one lookup

    def write(self, record):
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
                result.errors.append(f"the database refused it: {error}")
            except EntryInvalid:
                pass
        if result.errors:
            result.status = "invalid"
        return result

    def _write(self, record, result):
        validate_year(record.year)
        values = {name: getattr(record, name) for name in Paper.BIBLIOGRAPHIC_FIELDS}
        paper = find_paper(doi=record.doi, arxiv_id=record.arxiv_id, title=record.title, year=record.year)
        # A venue is looked up (and created if unknown) only when the paper will use it.
        values["venue"] = self._venue(record, result) if paper is None or paper.venue_id is None else None
        if values["venue"] is None and paper is not None and paper.venue_id is not None:
            result.venue, result.venue_how = paper.venue, "kept"
        if paper is None:
            paper = Paper(**values, authors_truncated=record.authors_truncated, bibtex_key=record.key)
            # Field validators here; the table's constraints are checked by the database (IntegrityError below).
            paper.full_clean(validate_constraints=False)
            paper.save()
            result.status = "new"
        else:
            self._update(paper, values, result)
        result.paper = paper
        self._authors(paper, record, result)
        self._links(paper, record, result)

    def _venue(self, record, result):
        if not record.venue_text and not record.venue_acronym:
            return None
        venue = find_venue(record.venue_text, self.venues, acronym=record.venue_acronym)
        if venue:
            result.venue, result.venue_how = venue, "matched"
            return venue
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

    def _update(self, paper, values, result):
        """Fill what the paper lacks; a venue for a preprint makes it the published version."""
        venue = values["venue"] or paper.venue
        if venue and values["publisher"] == venue.publisher:
            values["publisher"] = ""  # exports print the venue's publisher; it is not the paper's own
        if paper.venue_id is None and values["venue"] is not None:
            paper.venue = values["venue"]
            result.changes.append(f"venue: — → {paper.venue.acronym}")
            for name in ("kind", "status"):
                if getattr(paper, name) != values[name]:
                    result.changes.append(f"{name}: {getattr(paper, name)} → {values[name]}")
                    setattr(paper, name, values[name])
        for name in Paper.BIBLIOGRAPHIC_FIELDS:
            if getattr(paper, name) in ("", None, []) and values[name] not in ("", None, []):
                setattr(paper, name, values[name])
                result.changes.append(f"{name}: — → {values[name]}")
        if result.changes:
            paper.full_clean(validate_constraints=False)
            paper.save()
            result.status = "updated"

    def _authors(self, paper, record, result):
        current = list(paper.authorships.in_order().select_related("researcher"))
        printed = [a for a in current if a.position is not None]
        complete = record.authors and not record.authors_truncated
        if current and not (paper.authors_truncated and complete and len(record.authors) > len(printed)):
            self._add_marks(printed, record, result)
            return
        # Someone already linked on this paper stays linked (a curator may have picked a homonym).
        known = {normalise_title(a.printed_name or a.researcher.name): a for a in current}
        entries = []
        for entry in record.authors:
            existing = known.get(normalise_title(entry.name))
            researcher = existing.researcher if existing else self._person(entry, result)
            kept = {"selected": existing.selected} if existing else {}
            entries.append(replace(entry, researcher_slug=researcher.slug if researcher else "", **kept))
        if result.errors:
            return
        if set_authors(paper, entries):
            if result.status == "unchanged":
                result.status = "updated"
            if current:
                result.changes.append(f"authors: {len(printed)} → {len(entries)}")
            if paper.authors_truncated != record.authors_truncated:
                paper.authors_truncated = record.authors_truncated
                paper.save()

    def _person(self, entry, result):
        """The researcher a name links to; None means a new person; an undecided homonym is an error."""
        name = entry.name
        if entry.researcher_slug:  # the source identified the person (DBLP pid, ORCID)
            researcher = resolve_author(name, entry.researcher_slug, create=False)
            result.authors.append(AuthorLink(name, "linked", researcher))
            return researcher
        decision = self.decisions.get(name)
        if decision == NEW_PERSON:
            researcher = Researcher(name=name, is_organization=entry.organization)
            researcher.full_clean(exclude=["slug"])
            researcher.save()
            self.decisions[name] = researcher.slug  # the same name further down the file is this new person
            result.authors.append(AuthorLink(name, "decided", researcher))
            return researcher
        if decision:
            researcher = resolve_author(name, decision, create=False)
            result.authors.append(AuthorLink(name, "decided", researcher))
            return researcher
        try:
            researcher = self.people.get(name) or resolve_author(name, create=False)
        except AmbiguousAuthor as ambiguous:
            result.authors.append(AuthorLink(name, "ambiguous", candidates=ambiguous.candidates))
            result.errors.append(ambiguous.messages[0])
            return None
        if researcher is None and (candidates := possible_people(name)):
            result.authors.append(AuthorLink(name, "possible", candidates=candidates))
            if self.ask_initials:
                people = ", ".join(f"{c.name} ({c.slug})" for c in candidates)
                result.errors.append(f'"{name}" may be {people}: choose one of them or a new person.')
            return None
        result.authors.append(AuthorLink(name, "linked" if researcher else "new", researcher))
        if researcher:
            self.people[name] = researcher
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
                authorship.save()
                result.status = "updated" if result.status == "unchanged" else result.status
            result.authors.append(AuthorLink(entry.name, "linked", authorship.researcher))

    def _links(self, paper, record, result):
        # A URL the paper already has, under any kind, is not added again (exports write a pdf link as `url`).
        have = {link.url for link in paper.links.all()} if result.status != "new" else set()
        for kind, url in record.links:
            if url in have:
                continue
            link = PaperLink(paper=paper, kind=kind, url=url)
            link.full_clean()
            link.save()
            have.add(url)
            if result.status != "new":
                result.changes.append(f"link: {kind} {url}")
                result.status = "updated"
