"""Object URLs without a reverse() per object: a long profile links thousands of papers and co-authors.

reverse() runs once per URL name (and script prefix, URLconf and language: the pages' URLs carry the language
prefix, pubdb/i18n.py); each object then fills its key into the result. Only for patterns whose one argument
is an <int:> or <slug:>, which need no quoting.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

MARK = "918273645"  # a valid int and a valid slug, found in no URL prefix


@lru_cache(maxsize=64)
def _parts(name, prefix, urlconf, language):
    head, mark, tail = reverse(name, args=[MARK], urlconf=urlconf).rpartition(MARK)
    if not mark:
        raise ValueError(f"{name} takes no single <int:> or <slug:> argument")
    return head, tail


def url_parts(name):
    """(head, tail) with f"{head}{key}{tail}" the URL of `name` for key: for a loop over many objects."""
    return _parts(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, get_language())


def safe_url_maker(name):
    """key -> URL of `name`, marked safe: an int or slug key needs no escaping, and a list of thousands of
    links then skips escaping each one in the template."""
    head, tail = url_parts(name)
    return lambda key: SafeString(f"{head}{key}{tail}")  # nosec B703


def object_url(name, key):
    head, tail = url_parts(name)
    return f"{head}{key}{tail}"
