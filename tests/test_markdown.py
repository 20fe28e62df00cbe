"""Markdown in bios, news and project descriptions goes through one filter and comes out inert."""

import pytest
from django.template import Context, Template

from front.templatetags.pubdb import markdown
from researchers.models import NewsItem, Project
from tests.factories import ResearcherFactory

HOSTILE = [
    ("<script>alert('x')</script>", "<script"),
    ('<img src=x onerror="alert(1)">', "onerror"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ("<iframe src='https://evil.example'></iframe>", "<iframe"),
    ('<div style="background:url(javascript:alert(1))">x</div>', "style="),
    ("<svg onload=alert(1)>", "onload"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
]


@pytest.mark.parametrize(("text", "forbidden"), HOSTILE)
def test_hostile_markdown_comes_out_inert(text, forbidden):
    assert forbidden not in markdown(text).lower()


def test_ordinary_markdown_keeps_emphasis_lists_and_safe_links():
    html = markdown("I work on **parsing**.\n\n* one\n* two\n\n[site](https://example.org)")
    assert "<strong>parsing</strong>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">site</a>' in html


def test_the_filter_is_available_to_templates():
    html = Template("{% load pubdb %}{{ text|markdown }}").render(Context({"text": "<b onclick=x>hi</b> *there*"}))
    assert "onclick" not in html
    assert "<em>there</em>" in html


@pytest.mark.django_db
def test_profile_renders_bio_news_and_projects_sanitised(client):
    person = ResearcherFactory(name="Eve Hacker", bio="**Bold** <script>alert('bio')</script>")
    NewsItem.objects.create(researcher=person, text="[news](javascript:alert(1)) <img src=x onerror=alert(2)>")
    Project.objects.create(researcher=person, name="Tool", description="<iframe src=x></iframe>*tool*")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<em>tool</em>" in page
    for forbidden in ("<script>alert", "javascript:", "onerror", "<iframe"):
        assert forbidden not in page
