"""Atom feeds of the newest papers: the whole site's, one researcher's and one organization's."""

from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from papers.models import Paper
from researchers.models import Organization, Researcher

FEED_SIZE = 30


class PeopleAtomFeed(Atom1Feed):
    """Atom with one <author> per person of an entry (Django's feeds write a single one)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["people"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", urljoin(self.feed["link"], url))
            handler.endElement("author")


class SitePapersFeed(Feed):
    feed_type = PeopleAtomFeed
    title = "pubdb: newest papers"
    subtitle = "Papers most recently added to the database."

    def link(self):
        return reverse("papers:list")

    def items(self):
        return Paper.objects.with_listing().order_by("-created", "-id")[:FEED_SIZE]

    def item_title(self, paper):
        return paper.title

    def item_description(self, paper):
        byline = ", ".join(paper.author_list.byline(others="et al."))
        return f"{byline}{'' if byline.endswith('.') else '.'} {paper.venue_display}."

    def item_extra_kwargs(self, paper):
        return {"people": [(a.display_name, a.url) for a in paper.author_list.people]}

    def item_pubdate(self, paper):
        return paper.created

    def item_updateddate(self, paper):
        return paper.updated

    def item_categories(self, paper):
        return [t.name for t in paper.topics.all()]


class ResearcherPapersFeed(SitePapersFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Researcher, slug=slug)

    def title(self, researcher):
        return f"Papers by {researcher.name}"

    def subtitle(self, researcher):
        return f"Newest papers of {researcher} in pubdb."

    def link(self, researcher):
        return researcher.get_absolute_url()

    def items(self, researcher):
        return Paper.objects.for_profile(researcher)[:FEED_SIZE]


class OrganizationPapersFeed(SitePapersFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organization, slug=slug)

    def title(self, organization):
        return f"Papers from {organization.name}"

    def subtitle(self, organization):
        return f"Newest papers of the people of {organization} in pubdb."

    def link(self, organization):
        return organization.get_absolute_url()

    def items(self, organization):
        papers = Paper.objects.by_organization(organization.with_units())
        return papers.with_listing().newest_first()[:FEED_SIZE]
