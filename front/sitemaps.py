"""The sitemap, and its ETag: a crawler's conditional GET of an unchanged sitemap is a 304."""

import hashlib

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.urls import reverse

from papers.models import Paper, Venue
from researchers.models import Organization, Researcher


class InEveryLanguage:
    """The (item, language) pairs of a sitemap's items, paged by slicing the items: Django's i18n sitemap builds
    the list of every pair for its paginator, which would read a whole table of papers per sitemap page."""

    def __init__(self, items, languages):
        self.items, self.languages = items, languages

    def count(self):
        return (len(self.items) if isinstance(self.items, list) else self.items.count()) * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        n = len(self.languages)
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        first = start // n
        pairs = [(item, language) for item in self.items[first : -(-stop // n)] for language in self.languages]
        return pairs[start - first * n : stop - first * n]


class PageSitemap(Sitemap):
    """Each page once per language, with the hreflang alternates of the others and x-default (pubdb/i18n.py)."""

    i18n = True
    alternates = True
    x_default = True

    def _items(self):  # Django's (private) source of its paginator's pairs, made lazy
        return InEveryLanguage(self.items(), self._languages())


class StaticSitemap(PageSitemap):
    def items(self):
        return ["home", "researchers:list", "organizations:list", "papers:list", "papers:venue_list", "papers:awards"]

    def location(self, name):
        return reverse(name)


class ResearcherSitemap(PageSitemap):
    def items(self):
        return Researcher.objects.order_by("pk").only("slug", "updated")

    def lastmod(self, researcher):
        return researcher.updated


class PaperSitemap(PageSitemap):
    def items(self):
        return Paper.objects.order_by("pk").only("pk", "updated")

    def lastmod(self, paper):
        return paper.updated


class VenueSitemap(PageSitemap):
    def items(self):
        return Venue.objects.order_by("pk").only("slug")


class OrganizationSitemap(PageSitemap):
    def items(self):
        return Organization.objects.with_people().order_by("pk").only("slug")


SITEMAPS = {
    "pages": StaticSitemap,
    "researchers": ResearcherSitemap,
    "organizations": OrganizationSitemap,
    "papers": PaperSitemap,
    "venues": VenueSitemap,
}


def sitemap_etag(request, **kwargs):
    """Changes whenever the sitemap's URLs or dates can: a person or paper added, removed or edited, a venue
    or organization listed, unlisted or renamed.

    Four queries instead of rendering every URL: an aggregate of each large table, and the slugs of the
    small ones (a venue has no edit time, and an organization is listed for its people). No Last-Modified:
    a deletion leaves every remaining date as it was, so If-Modified-Since alone would answer 304 to a
    changed sitemap.
    """
    state = [
        Researcher.objects.aggregate(n=Count("pk"), last=Max("updated")),
        Paper.objects.aggregate(n=Count("pk"), last=Max("updated")),
        list(VenueSitemap().items().values_list("slug", flat=True)),
        list(OrganizationSitemap().items().values_list("slug", flat=True)),
    ]
    return hashlib.sha256(repr(state).encode()).hexdigest()[:32]
