import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

ORCID_PATTERN = r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"
PHOTO_FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",), "GIF": (".gif",)}


def orcid_check_digit(base_digits):
    """ISO 7064 11,2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def validate_orcid(value):
    if not re.match(ORCID_PATTERN, value):
        raise ValidationError(
            "%(value)s is not an ORCID iD: write it as 0000-0002-1825-0097.",
            params={"value": value},
            code="invalid_orcid",
        )
    digits = value.replace("-", "")
    if orcid_check_digit(digits[:15]) != digits[15]:
        raise ValidationError(
            "%(value)s has a wrong check digit: an ORCID iD was probably mistyped.",
            params={"value": value},
            code="invalid_orcid_checksum",
        )


ROR_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base32, lower case
ROR_PATTERN = rf"^0[{ROR_ALPHABET}]{{6}}[0-9]{{2}}$"


def validate_ror(value):
    """A ROR id: 0, six Crockford base32 characters, and their ISO 7064 mod 97-10 checksum (ror.org's rule)."""
    if not re.match(ROR_PATTERN, value):
        raise ValidationError(
            "%(value)s is not a ROR id: write the nine characters after https://ror.org/, as 01skt4w74.",
            params={"value": value},
            code="invalid_ror",
        )
    number = 0
    for character in value[:7]:
        number = number * 32 + ROR_ALPHABET.index(character)
    if 98 - number * 100 % 97 != int(value[7:]):
        raise ValidationError(
            "%(value)s has a wrong checksum: a ROR id was probably mistyped.",
            params={"value": value},
            code="invalid_ror_checksum",
        )


def check_size(file, limit, what):
    if file.size > limit:
        raise ValidationError(
            "%(what)s is %(size)s; the limit is %(limit)s.",
            params={"what": what, "size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def check_extension(file, allowed, what):
    extension = Path(file.name).suffix.lower()
    if extension not in allowed:
        raise ValidationError(
            "%(what)s must be a %(allowed)s file, not “%(extension)s”.",
            params={"what": what, "allowed": ", ".join(allowed), "extension": extension or "no extension"},
            code="invalid_extension",
        )


def validate_photo(file):
    """A JPEG, PNG, WebP or GIF image of at most PUBDB_MAX_PHOTO_BYTES whose content matches its name (no SVG)."""
    check_size(file, settings.PUBDB_MAX_PHOTO_BYTES, "The photo")
    check_extension(file, sum(PHOTO_FORMATS.values(), ()), "The photo")
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError("The photo is not a readable image.", code="invalid_image") from exc
    finally:
        file.seek(0)
    if Path(file.name).suffix.lower() not in PHOTO_FORMATS.get(image_format or "", ()):
        raise ValidationError(
            "The photo's content is %(format)s, which does not match its name %(name)s.",
            params={"format": image_format, "name": Path(file.name).name},
            code="image_format_mismatch",
        )
