"""The sitemap, and its ETag: a crawler's conditional GET of an unchanged sitemap is a 304."""

import hashlib

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.urls import reverse

from papers.models import Paper, Venue
from researchers.models import Researcher


class StaticSitemap(Sitemap):
    def items(self):
        return ["home", "researchers:list", "papers:list", "papers:venue_list", "papers:awards"]

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


SITEMAPS = {"pages": StaticSitemap, "researchers": ResearcherSitemap, "papers": PaperSitemap, "venues": VenueSitemap}


def sitemap_etag(request, **kwargs):
    """Changes whenever the sitemap's URLs or dates can: a row of a listed table added, removed or edited.

    Four aggregate queries instead of rendering every URL. A venue has no edit time: its history's last
    entry stands for one (a renamed venue's slug, its URL, changes). No Last-Modified: a deletion leaves
    every remaining date as it was, so If-Modified-Since alone would answer 304 to a changed sitemap.
    """
    state = [
        Researcher.objects.aggregate(n=Count("pk"), last=Max("updated")),
        Paper.objects.aggregate(n=Count("pk"), last=Max("updated")),
        Venue.objects.aggregate(n=Count("pk"), top=Max("pk")),
        Venue.history.aggregate(last=Max("history_date")),
    ]
    return hashlib.sha256(repr(state).encode()).hexdigest()[:32]
