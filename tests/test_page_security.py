"""Public pages under the Content-Security-Policy, and hostile text shown inert on them."""

import re
from html.parser import HTMLParser

import pytest

from papers.models import Authorship, Paper, Venue
from researchers.models import Researcher
from tests.factories import PaperFactory, ResearcherFactory, VenueFactory

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)><a href="javascript:alert(2)">click</a>'


class ActiveContent(HTMLParser):
    """Every element or attribute of a page that a browser would run: what hostile text must never become."""

    def __init__(self, page):
        super().__init__()
        self.found = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        script = (
            tag == "script"
            and attrs.get("type") != "application/ld+json"
            and not (attrs.get("src") or "").startswith("/static/")
        )
        if script or tag in {"iframe", "object", "embed"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or (name in {"href", "src", "action"} and "javascript:" in (value or "").lower()):
                self.found.append(f"<{tag} {name}={value}>")


def active(page):
    return ActiveContent(page).found


def public_urls():
    researcher = Researcher.objects.exclude(bio="").first()
    paper, venue = Paper.objects.first(), Venue.objects.first()
    return [
        "/",
        "/researchers/",
        researcher.get_absolute_url(),
        "/papers/",
        paper.get_absolute_url(),
        "/venues/",
        venue.get_absolute_url(),
        "/awards/",
        "/search/?q=language",
        "/no-such-page/",
    ]


def test_public_pages_need_no_inline_script_or_style(demo, client):
    """What the CSP (script-src 'self'; style-src 'self') would block: inline scripts, styles, handlers."""
    for url in public_urls():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert "script-src 'self'" in response["Content-Security-Policy"]
        body = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")", body), url
        assert not re.search(r"<style|\sstyle=\"", body), url
        assert active(body) == [], url


@pytest.mark.parametrize("field", ["name", "native_name", "headline", "bio"])
def test_hostile_researcher_text_is_inert_on_every_page_showing_it(db, client, field):
    researcher = ResearcherFactory(**{field: HOSTILE}) if field != "name" else ResearcherFactory(name=HOSTILE)
    paper = PaperFactory(title="An ordinary title")
    Authorship.objects.create(paper=paper, researcher=researcher, position=1, printed_name=researcher.name)
    for url in [researcher.get_absolute_url(), "/researchers/", paper.get_absolute_url(), "/search/?q=alert"]:
        assert active(client.get(url).text) == [], url


def test_hostile_paper_and_venue_text_is_inert(db, client):
    venue = VenueFactory(acronym="EVIL", name=HOSTILE)
    paper = PaperFactory(title=HOSTILE, abstract=HOSTILE, venue=venue)
    researcher = ResearcherFactory(name="Plain Person")
    Authorship.objects.create(paper=paper, researcher=researcher, position=1, printed_name=HOSTILE)
    for url in [
        paper.get_absolute_url(),
        "/papers/",
        venue.get_absolute_url(),
        researcher.get_absolute_url(),
        "/search/?q=alert",
    ]:
        assert active(client.get(url).text) == [], url
