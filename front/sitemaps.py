"""The sitemap, and its ETag: a crawler's conditional GET of an unchanged sitemap is a 304."""

import hashlib

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.urls import reverse

from papers.models import Paper, Venue
from researchers.models import Organization, Researcher


class StaticSitemap(Sitemap):
    def items(self):
        return ["home", "researchers:list", "organizations:list", "papers:list", "papers:venue_list", "papers:awards"]

    def location(self, name):
        return reverse(name)


class ResearcherSitemap(Sitemap):
    def items(self):
        return Researcher.objects.order_by("pk").only("slug", "updated")

    def lastmod(self, researcher):
        return researcher.updated


class PaperSitemap(Sitemap):
    def items(self):
        return Paper.objects.order_by("pk").only("pk", "updated")

    def lastmod(self, paper):
        return paper.updated


class VenueSitemap(Sitemap):
    def items(self):
        return Venue.objects.order_by("pk").only("slug")


class OrganizationSitemap(Sitemap):
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
