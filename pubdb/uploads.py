"""Limits for uploaded files, as field validators: photos and BibTeX files. Each error says what to fix."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

PHOTO_FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",), "GIF": (".gif",)}
BIBTEX_EXTENSIONS = (".bib", ".bibtex", ".txt")
IMPORT_EXTENSIONS = BIBTEX_EXTENSIONS + (".json", ".xml")  # CSL-JSON, OpenAlex works, DBLP person records


def _check_size(file, limit, what):
    if file.size > limit:
        raise ValidationError(
            "%(what)s is %(size)s; the limit is %(limit)s.",
            params={"what": what, "size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def _check_extension(file, allowed, what):
    extension = Path(file.name).suffix.lower()
    if extension not in allowed:
        raise ValidationError(
            "%(what)s must be a %(allowed)s file, not “%(extension)s”.",
            params={"what": what, "allowed": ", ".join(allowed), "extension": extension or "no extension"},
            code="invalid_extension",
        )


def validate_photo(file):
    """A JPEG, PNG, WebP or GIF image of at most PUBDB_MAX_PHOTO_BYTES whose content matches its name (no SVG)."""
    _check_size(file, settings.PUBDB_MAX_PHOTO_BYTES, "The photo")
    _check_extension(file, sum(PHOTO_FORMATS.values(), ()), "The photo")
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError("The photo is not a readable image.", code="invalid_image") from exc
    finally:
        file.seek(0)
    if Path(file.name).suffix.lower() not in PHOTO_FORMATS.get(image_format, ()):
        raise ValidationError(
            "The photo's content is %(format)s, which does not match its name %(name)s.",
            params={"format": image_format, "name": Path(file.name).name},
            code="image_format_mismatch",
        )


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
    _check_size(file, settings.PUBDB_MAX_BIBTEX_BYTES, "The import file")
    _check_extension(file, IMPORT_EXTENSIONS, "The import file")
    _check_text(file, "The import file")


def validate_bibtex_file(file):
    """A UTF-8 text file (.bib, .bibtex or .txt) of at most PUBDB_MAX_BIBTEX_BYTES: what a BibTeX import accepts."""
    _check_size(file, settings.PUBDB_MAX_BIBTEX_BYTES, "The BibTeX file")
    _check_extension(file, BIBTEX_EXTENSIONS, "The BibTeX file")
    text = _check_text(file, "The BibTeX file")
    if "@" not in text:
        raise ValidationError("The BibTeX file contains no entries (nothing starts with @).", code="no_entries")
