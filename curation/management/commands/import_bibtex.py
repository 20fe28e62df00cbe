from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError

from curation.importers import (
    NEW_PERSON,
    READERS,
    UnreadableFile,
    database_failure,
    guess_format,
    import_records,
    read_file,
    read_records,
)
from curation.jobs import queue_import
from curation.jobs.progress import CommandProgress

# The progress line's unit: a dry run writes nothing, so its progress does not say it does.
ENTRIES_WRITTEN, ENTRIES_CHECKED = "entries written", "entries checked"


class Command(BaseCommand):
    help = (
        "Import papers from a BibTeX file (or CSL-JSON, a DBLP person XML, OpenAlex works JSON). "
        "Papers already present are completed, never duplicated; the file is one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the good entries and list the bad ones."
        )
        parser.add_argument("--format", choices=sorted(READERS), default="", help="Default: guessed from the file.")
        parser.add_argument(
            "--author",
            action="append",
            default=[],
            metavar="NAME=SLUG",
            help=f'Decide an ambiguous name: "Chen Zhang=chen-zhang-2", or "Chen Zhang={NEW_PERSON}" for a new person.',
        )
        parser.add_argument(
            "--background", action="store_true", help="Queue it as a job (see the admin's Jobs page) and return."
        )

    def handle(self, *args, file, dry_run, skip_invalid, format, author, background, **options):
        try:
            text = read_file(file)  # the admin's checks: size (before reading), UTF-8, no control characters
        except UnreadableFile as error:
            raise CommandError(str(error)) from None
        decisions = {}
        for item in author:
            name, _, slug = item.rpartition("=")
            if not name or not slug:
                raise CommandError(f'--author takes NAME=SLUG, not "{item}".')
            decisions[name.strip()] = slug.strip()
        format = format or guess_format(file.name, text)
        if background:
            job = queue_import(
                text,
                file_name=file.name,
                format=format,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                decisions=decisions,
            )
            print_queued(self, job)
            return
        try:
            records = read_records(text, format=format)
            with CommandProgress(self, len(records), ENTRIES_CHECKED if dry_run else ENTRIES_WRITTEN) as bar:
                report = import_records(
                    records,
                    file_name=file.name,
                    format=format,
                    dry_run=dry_run,
                    skip_invalid=skip_invalid,
                    decisions=decisions,
                    progress=lambda done, _: bar.update(done),
                )
        except UnreadableFile as error:
            raise CommandError(str(error)) from error
        except (OperationalError, InterfaceError) as error:  # connection lost, server stopped: rolled back
            raise CommandError(database_failure(file.name, error)) from None

        print_report(
            self, report, dry_run=dry_run, skip_invalid=skip_invalid, name=file.name, verbosity=options["verbosity"]
        )


def print_queued(command, job):
    """What --background says: the job and where to follow it."""
    command.stdout.write(
        f"Queued job #{job.pk} ({job.get_state_display()}): {job.title}. Its page: {job.get_absolute_url()}"
    )


def print_report(command, report, *, dry_run, skip_invalid, name, verbosity=1):
    """What an import did, entry by entry, for import_bibtex and fetch alike; CommandError if it wrote nothing."""
    for result in report.results:
        if result.status in ("new", "updated"):
            changes = f": {'; '.join(result.changes)}" if result.changes and result.status == "updated" else ""
            command.stdout.write(f"{result.status:8} {result.record.where}{changes}")
        for proposal in result.proposed:  # a source's value against a curated one: for a curator to decide
            command.stdout.write(f"disagrees {result.record.where}: {proposal} (admin: Disagreements)")
        for link in result.authors:
            slugs = ", ".join(c.slug for c in link.candidates)
            if verbosity >= 2 and link.status not in ("ambiguous", "possible"):
                target = link.researcher.slug if link.researcher else "a new person"
                command.stdout.write(f'         "{link.name}" -> {target}')
            if link.status == "ambiguous":
                command.stdout.write(f'ambiguous "{link.name}" in {result.record.where}: {slugs}')
            if link.status == "possible":  # initials of known people: a new person unless decided
                command.stdout.write(
                    f'possible match "{link.name}" in {result.record.where}: {slugs} '
                    f'(a new person, unless --author "{link.name}=SLUG" names one of them)'
                )
    for result in report.invalid:
        command.stderr.write(f"invalid  {result.record.where}: {'; '.join(result.errors)}")
    counts = report.counts
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    if report.written:
        command.stdout.write(command.style.SUCCESS(f"Imported {name} ({report.batch.change_reason}): {summary}."))
    elif dry_run:
        command.stdout.write(f"Dry run, nothing written: {summary}.")
    elif counts["invalid"] and not skip_invalid:
        raise CommandError(
            f"Nothing imported: {counts['invalid']} invalid entries (fix them, or use --skip-invalid). {summary}."
        )
    else:
        command.stdout.write(f"Nothing to change: {summary}.")
    if counts["invalid"] and skip_invalid:
        command.stderr.write(f"Skipped {counts['invalid']} invalid entries.")
