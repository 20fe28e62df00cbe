"""Uploaded import files, as form validators: curation.importers.validation's checks, as form errors."""

from django.core.exceptions import ValidationError

from curation.importers.validation import UnreadableFile, check_size, check_text
from researchers.validators import check_extension

BIBTEX_EXTENSIONS = (".bib", ".bibtex", ".txt")
IMPORT_EXTENSIONS = BIBTEX_EXTENSIONS + (".json", ".xml")  # CSL-JSON, OpenAlex works, DBLP person records


def upload_text(file, what="The import file"):
    """The text of an uploaded file, with the checks every import door applies (size first, before reading)."""
    try:
        check_size(file.size, what)
        file.seek(0)
        text = check_text(file.read(), what)
    except UnreadableFile as error:
        raise ValidationError(str(error), code="unreadable_file") from None
    finally:
        file.seek(0)
    return text


def validate_import_file(file):
    """Any file the admin's import page reads: BibTeX, CSL-JSON, OpenAlex works JSON or DBLP XML."""
    check_extension(file, IMPORT_EXTENSIONS, "The import file")
    upload_text(file)


def validate_bibtex_file(file):
    """A UTF-8 text file (.bib, .bibtex or .txt) of at most PUBDB_MAX_BIBTEX_BYTES: what a BibTeX import accepts."""
    check_extension(file, BIBTEX_EXTENSIONS, "The BibTeX file")
    if "@" not in upload_text(file, "The BibTeX file"):
        raise ValidationError("The BibTeX file contains no entries (nothing starts with @).", code="no_entries")
