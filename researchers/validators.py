import re

from django.core.exceptions import ValidationError

ORCID_PATTERN = r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"


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
