"""Atom feeds of the newest papers: the whole site's, one researcher's and one organization's."""

from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator

from papers.models import Paper
from pubdb.i18n import names_line
from pubdb.text import printable
from researchers.models import Organization, Researcher

FEED_SIZE = 30


class PrintableXMLGenerator(SimplerXMLGenerator):
    """Drops what XML 1.0 cannot carry (pubdb.text.printable) instead of failing the whole feed on one title."""

    def characters(self, content):
        super().characters(printable(content) if content else content)

    def startElement(self, name, attrs):
        super().startElement(name, {key: printable(value) for key, value in (attrs or {}).items()})


class PeopleAtomFeed(Atom1Feed):
    """Atom with one <author> per person of an entry (Django's feeds write a single one), never failing on a
    character stored before pubdb refused control characters."""

    def write(self, outfile, encoding):  # Atom1Feed.write with the forgiving generator
        handler = PrintableXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["people"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", urljoin(self.feed["link"], url))
            handler.endElement("author")


class SitePapersFeed(Feed):
    feed_type = PeopleAtomFeed
    title = _("pubdb: newest papers")
    subtitle = _("Papers most recently added to the database.")

    def link(self):
        return reverse("papers:list")

    def items(self):
        return Paper.objects.with_listing().order_by("-created", "-id")[:FEED_SIZE]

    def item_title(self, paper):
        return paper.title

    def item_description(self, paper):
        authors = paper.author_list
        byline = names_line([a.display_name for a in authors.printed], truncated=authors.truncated, closed=False)
        stop = pgettext("the end of a sentence", ".")
        return f"{byline}{'' if byline.endswith(stop) else stop} {paper.venue_display}{stop}"

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
        return gettext("Papers by %(name)s") % {"name": researcher.name}

    def subtitle(self, researcher):
        return gettext("Newest papers of %(name)s in pubdb.") % {"name": researcher}

    def link(self, researcher):
        return researcher.get_absolute_url()

    def items(self, researcher):
        return Paper.objects.for_profile(researcher)[:FEED_SIZE]


class OrganizationPapersFeed(SitePapersFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organization, slug=slug)

    def title(self, organization):
        return gettext("Papers from %(name)s") % {"name": organization.name}

    def subtitle(self, organization):
        return gettext("Newest papers of the people of %(name)s in pubdb.") % {"name": organization}

    def link(self, organization):
        return organization.get_absolute_url()

    def items(self, organization):
        papers = Paper.objects.by_organization(organization.with_units())
        return papers.with_listing().newest_first()[:FEED_SIZE]
