"""The templates stay readable, and what repeats on several pages comes from one partial."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import AuthorshipFactory, AwardFactory, PaperFactory, ResearcherFactory, VenueFactory

TEMPLATES = Path(settings.BASE_DIR, "templates")
LONGEST_LINE = 200
# Parts that other changes lay out anew; each is checked once that change has landed.
ELSEWHERE = [
    ("papers/detail.html", "{% block meta %}", "{% endblock meta %}"),  # the citation <meta> tags
    ("papers/list.html", '<form class="filters"', "</form>"),
    ("researchers/detail.html", '<form class="filters"', "</form>"),
    ("jinja2/includes/paper_parts.html", "{% macro author_list", "{%- endmacro %}"),
]


def long_lines(path):
    name = path.relative_to(TEMPLATES).as_posix()
    regions = [(start, end) for template, start, end in ELSEWHERE if template == name]
    skipping = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        skipping = skipping or next((end for start, end in regions if line.strip().startswith(start)), None)
        if skipping is None and len(line) > LONGEST_LINE:
            yield f"{name}:{number} has {len(line)} characters"
        if skipping and skipping in line:
            skipping = None


def test_no_template_line_is_longer_than_200_characters():
    assert [problem for path in sorted(TEMPLATES.rglob("*.html")) for problem in long_lines(path)] == []


def test_the_django_pages_do_not_reach_into_jinja2_internals():
    source = Path(settings.BASE_DIR, "front", "templatetags", "pubdb.py").read_text(encoding="utf-8")
    assert ".template.module" not in source


@pytest.mark.django_db
def test_a_person_is_named_alike_in_every_list_of_people(client):
    chen = ResearcherFactory(name="Chen Zhang", native_name="张辰", slug="chen-zhang")
    lin = ResearcherFactory(name="Lin Wei")
    paper = PaperFactory()
    AuthorshipFactory(paper=paper, researcher=chen, position=1)
    AuthorshipFactory(paper=paper, researcher=lin, position=2)
    line = '<a href="/researchers/chen-zhang/">Chen Zhang</a> <span lang="zh" class="native">张辰</span>'
    for url in ["/", "/researchers/", "/search/?q=zhang", reverse("researchers:detail", args=[lin.slug])]:
        assert line in client.get(url).content.decode(), url


def visible_text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.django_db
def test_an_award_reads_alike_on_every_page_that_lists_it(client):
    acl = VenueFactory(acronym="ACL")
    person = ResearcherFactory(name="Chen Zhang")
    paper = PaperFactory(venue=acl, title="On Capacity Gaps")
    AuthorshipFactory(paper=paper, researcher=person, position=1)
    AwardFactory(paper=paper, venue=acl, name="Outstanding Paper", place="1st", year=2025, description="Long track")
    pages = {
        "/": "2025 Outstanding Paper , 1st · ACL",
        reverse("researchers:detail", args=[person.slug]): "2025 Outstanding Paper , 1st · ACL (Long track)",
        "/awards/": "2025 Outstanding Paper , 1st · ACL On Capacity Gaps (Long track)",
        "/venues/acl/": "2025 Outstanding Paper , 1st On Capacity Gaps (Long track)",
    }
    for url, line in pages.items():
        assert line in visible_text(client.get(url)), url
