import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
# New-style (2007+) identifiers like 2406.06484v2 and old-style ones like hep-th/9901001.
ARXIV_PATTERN = r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$"
MIN_YEAR = 1900

validate_doi = RegexValidator(
    DOI_PATTERN,
    "Enter a DOI such as 10.18653/v1/2023.acl-long.1 (without https://doi.org/).",
    "invalid_doi",
)
validate_arxiv_id = RegexValidator(
    ARXIV_PATTERN,
    "Enter an arXiv identifier such as 2406.06484 or hep-th/9901001.",
    "invalid_arxiv_id",
)


def max_year():
    return datetime.date.today().year + 1


def validate_year(value):
    if value is not None and not MIN_YEAR <= value <= max_year():
        raise ValidationError(
            "Year %(value)s is out of range: it must be between %(min)s and %(max)s.",
            params={"value": value, "min": MIN_YEAR, "max": max_year()},
            code="year_out_of_range",
        )
