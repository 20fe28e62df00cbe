"""In a real browser: a profile's citations-per-year chart beside its papers chart, and a paper page's
"References in pubdb" / "Cited by (in pubdb)" lists, after refresh_citations read OpenAlex's recorded answer."""

import io
import os

import pytest
from django.core.management import call_command

from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory
from tests.test_browser import ARTIFACTS, DESKTOP, browser  # noqa: F401 (the module's browser fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, live_server):  # noqa: F811
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def refreshed(transactional_db, sources):
    acl = PaperFactory(title="Parsing With Less", doi="10.18653/v1/2023.acl-long.101", year=2023)
    preprint = PaperFactory(title="Citing the Parser", arxiv_id="2405.06789", year=2025, venue=None, kind="preprint")
    PaperFactory(doi="10.5555/unknown", year=2020)
    ada = ResearcherFactory(name="Ada Lovelace")
    for position, paper in enumerate([acl, preprint], start=1):
        AuthorshipFactory(paper=paper, researcher=ada, position=position)
    call_command("refresh_citations", stdout=io.StringIO())
    return ada, acl, preprint


def test_profile_chart_and_paper_lists_in_a_browser(page, refreshed):
    ada, acl, preprint = refreshed
    page.goto(f"/researchers/{ada.slug}/")
    chart = page.locator("#citation-chart")
    assert chart.get_by_role("img", name="Citations per year").is_visible()
    assert [t.text_content() for t in chart.locator("rect title").all()] == ["2023: 7", "2024: 20", "2025: 33"]
    assert "from OpenAlex, as of" in chart.locator("figcaption").inner_text()
    assert page.locator("#chart").is_visible() and chart.is_visible()  # beside the papers-per-year chart
    assert "Citations from OpenAlex, as of" in page.locator(".metrics p.source").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".metrics").screenshot(path=str(ARTIFACTS / "citations-profile-chart.png"))

    page.goto(f"/papers/{preprint.pk}/")
    assert page.get_by_role("heading", name="References in pubdb").is_visible()
    page.locator("#references").get_by_role("link", name="Parsing With Less").click()
    page.wait_for_url(f"**/papers/{acl.pk}/")
    assert page.get_by_role("heading", name="Cited by (in pubdb)").is_visible()
    assert page.locator("#cited-by li").all_inner_texts() == ["Citing the Parser (2025)"]
    assert page.locator(".citations-per-year rect").count() == 3
    page.screenshot(path=str(ARTIFACTS / "citations-paper-page.png"), full_page=True)
