"""A curator in a real browser decides the disagreement queue: accepts Crossref's title, rejects its pages, and
sees on the paper's admin page where each value now comes from."""

import io
import json

import pytest
from django.core.management import call_command

from curation.provenance import stamp_curated
from papers.models import Disagreement, Paper
from tests.source_server import FIXTURES, Answer
from tests.test_browser import ARTIFACTS, admin_page, browser, make_curator  # noqa: F401 (the one Chromium of the browser tests)

pytestmark = pytest.mark.browser
TITLE = "Sparse Attention with Early Exit for Efficient Inference"


@pytest.fixture
def queue(sources, transactional_db, django_user_model):
    """ACL fetched from Crossref, its title and pages then curated; Crossref asked again disagrees with both."""
    cora = make_curator(django_user_model)
    call_command("fetch", "doi:10.18653/v1/2023.acl-long.101", stdout=io.StringIO())
    paper = Paper.objects.get()
    paper.title, paper.pages = "Sparse attention, early exit", "1-15"
    stamp_curated(paper, ["title", "pages"], cora)
    paper.save()
    body = json.loads((FIXTURES / "crossref-proceedings-article.json").read_text())
    body["message"]["page"] = "1820-1835"
    sources.answer(
        "/crossref/works/10.18653/v1/2023.acl-long.101",
        Answer(body=json.dumps(body).encode(), headers={"Content-Type": "application/json"}),
    )
    call_command("fetch", "doi:10.18653/v1/2023.acl-long.101", stdout=io.StringIO())
    assert Disagreement.objects.filter(status="open").count() == 2
    return paper


@pytest.fixture
def page(browser, live_server, queue):  # noqa: F811
    with admin_page(browser, live_server.url) as page:
        yield page


def decide(page, field, action):
    row = page.locator("#result_list tbody tr", has=page.locator("td.field-field", has_text=field))
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def test_a_curator_accepts_one_disagreement_and_rejects_another(page, queue):
    page.goto("/admin/papers/disagreement/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    title_row = rows.filter(has=page.locator("td.field-field", has_text="title"))
    assert title_row.locator("del").first.inner_text() == "attention, early exit"
    assert "Attention with Early Exit for Efficient Inference" in title_row.locator("ins").all_inner_texts()[0]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "disagreements-queue.png", full_page=True)

    decide(page, "title", "accept_selected")
    assert "Accepted 1 proposed values." in page.locator(".messagelist").inner_text()
    decide(page, "pages", "reject_selected")
    assert "Rejected 1 proposed values." in page.locator(".messagelist").inner_text()
    assert page.locator("#result_list").count() == 0  # the queue of open ones is empty
    queue.refresh_from_db()
    assert (queue.title, queue.pages) == (TITLE, "1-15")

    page.goto(f"/admin/papers/paper/{queue.pk}/change/")
    table = page.locator("table.provenance")
    assert "Crossref, accepted by cora" in table.locator("tr", has=page.locator("th", has_text="title")).inner_text()
    assert "curator cora" in table.locator("tr", has=page.locator("th", has_text="pages")).inner_text()
    page.locator("table.provenance").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "disagreements-paper-provenance.png", full_page=True)
