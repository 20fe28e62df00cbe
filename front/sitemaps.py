from django.contrib.sitemaps import Sitemap
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
