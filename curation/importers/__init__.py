"""Imports: format readers turn a file into Records; one writer (writer.py) puts them in the database.

    report = import_text(text, file_name="mine.bib", user=request.user, dry_run=True)

is what the `import_bibtex` command and the admin's import page both call.
"""

import re

from . import bibtex, csl_json, dblp, openalex, ris
from .validation import UnreadableFile, check_text, read_file, too_large_for_a_request
from .writer import NEW_PERSON, ImportReport, import_records

RIS_START = re.compile(r"TY  - ")

READERS = {
    "bibtex": bibtex.parse,
    "csl-json": csl_json.parse,
    "dblp": dblp.parse,
    "openalex": openalex.parse,
    "ris": ris.parse,
}


def guess_format(file_name, text):
    """From the extension, else from the first characters."""
    name = file_name.lower()
    start = text.lstrip()[:2000]
    if name.endswith((".bib", ".bibtex")) or start.startswith("@") or start.startswith("%"):
        return "bibtex"
    if name.endswith(".ris") or RIS_START.match(start):
        return "ris"
    if name.endswith(".xml") or start.startswith("<"):
        return "dblp"
    if '"openalex.org' in start or "https://openalex.org/" in start:
        return "openalex"
    if start.startswith(("[", "{")):
        return "csl-json"
    return "bibtex"


def read_records(text, *, format):
    try:
        return READERS[format](text)
    except UnreadableFile:
        raise
    except ValueError as error:  # JSON and XML syntax errors
        raise UnreadableFile(f"This is not a {format} file: {error}") from error


def database_failure(file_name, error):
    """What a curator is told when the database fails mid-import: the import was one transaction, rolled back."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return (
        f"The database failed during the import of {file_name} ({reason}); nothing was written. "
        "Run the import again when the database is back."
    )


def import_text(text, *, file_name, format="", **options):
    format = format or guess_format(file_name, text)
    return import_records(read_records(text, format=format), file_name=file_name, format=format, **options)


__all__ = [
    "NEW_PERSON",
    "READERS",
    "ImportReport",
    "UnreadableFile",
    "check_text",
    "database_failure",
    "guess_format",
    "import_records",
    "import_text",
    "read_file",
    "read_records",
    "too_large_for_a_request",
]
