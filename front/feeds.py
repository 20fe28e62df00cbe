"""Atom feeds of the newest papers: the whole site's and one researcher's."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from papers.exports import author_names
from papers.models import Paper
from researchers.models import Researcher

FEED_SIZE = 30


class SitePapersFeed(Feed):
    feed_type = Atom1Feed
    title = "pubdb: newest papers"
    subtitle = "Papers most recently added to the database."

    def link(self):
        return reverse("papers:list")

    def items(self):
        return Paper.objects.with_listing().order_by("-created", "-id")[:FEED_SIZE]

    def item_title(self, paper):
        return paper.title

    def item_description(self, paper):
        return f"{', '.join(author_names(paper))}{' et al.' if paper.authors_truncated else ''}. {paper.venue_display}."

    def item_author_name(self, paper):
        return ", ".join(author_names(paper)[:3]) + (" et al." if len(author_names(paper)) > 3 else "")

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
