"""Limits for uploaded import files, as form validators. Each error says what to fix."""

from django.conf import settings
from django.core.exceptions import ValidationError

from researchers.validators import check_extension, check_size

BIBTEX_EXTENSIONS = (".bib", ".bibtex", ".txt")
IMPORT_EXTENSIONS = BIBTEX_EXTENSIONS + (".json", ".xml")  # CSL-JSON, OpenAlex works, DBLP person records


def _check_text(file, what):
    file.seek(0)
    content = file.read()
    file.seek(0)
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "%(what)s is not UTF-8 text (byte %(position)s); save it as UTF-8 and upload it again.",
            params={"what": what, "position": exc.start},
            code="not_utf8",
        ) from exc
    if "\x00" in text:
        raise ValidationError("%(what)s contains binary data.", params={"what": what}, code="binary_file")
    return text


def validate_import_file(file):
    """Any file the admin's import page reads: BibTeX, CSL-JSON, OpenAlex JSON or DBLP XML, within the BibTeX limit."""
    check_size(file, settings.PUBDB_MAX_BIBTEX_BYTES, "The import file")
    check_extension(file, IMPORT_EXTENSIONS, "The import file")
    _check_text(file, "The import file")


def validate_bibtex_file(file):
    """A UTF-8 text file (.bib, .bibtex or .txt) of at most PUBDB_MAX_BIBTEX_BYTES: what a BibTeX import accepts."""
    check_size(file, settings.PUBDB_MAX_BIBTEX_BYTES, "The BibTeX file")
    check_extension(file, BIBTEX_EXTENSIONS, "The BibTeX file")
    text = _check_text(file, "The BibTeX file")
    if "@" not in text:
        raise ValidationError("The BibTeX file contains no entries (nothing starts with @).", code="no_entries")
