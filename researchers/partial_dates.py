"""Dates known to a year, a month or a day, as the seed pages give them."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import dateformat
from django.utils.translation import pgettext


def format_partial_date(year, month=None, day=None):
    """'2025', 'Jul 2025' or 'Jul 30, 2025' (in Chinese 2025年7月, 2025年7月30日); '' when the year is unknown.

    The formats are Django date formats, translated with the page: Django's own YEAR_MONTH_FORMAT spells the
    month out ("July 2025"), the seed pages abbreviate it."""
    if not year:
        return ""
    if not month:
        return str(year)
    try:
        when = date(year, month, day or 1)
    except ValueError:  # a day past the month's end (the check constraints allow 31 in any month)
        when, day = date(year, month, 1), None
    if not day:
        return dateformat.format(when, pgettext("Django date format of a month", "M Y"))
    return dateformat.format(when, pgettext("Django date format of a day", "M j, Y"))


def parse_partial_date(text):
    """'2025', '2025-07' or '2025-07-30' -> (year, month, day) with None for the unknown parts."""
    if text in (None, ""):
        return None, None, None
    parts: list[int | None] = [int(p) for p in str(text).split("-")]
    if len(parts) > 3:
        raise ValueError(f"not a partial date: {text!r}")
    parts += [None] * (3 - len(parts))
    return tuple(parts)


class PartialDateModel(models.Model):
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    day = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12, year__isnull=False),
                name="%(app_label)s_%(class)s_month_valid",
                violation_error_message="Month must be 1-12 and needs a year.",
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(day__gte=1, day__lte=31, month__isnull=False),
                name="%(app_label)s_%(class)s_day_valid",
                violation_error_message="Day must be 1-31 and needs a month.",
            ),
        ]

    @property
    def date_display(self):
        return format_partial_date(self.year, self.month, self.day)
