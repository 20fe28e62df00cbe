"""A curator in a real browser merges two records of one person, sees the merged profile, undoes the merge
from "Merges and splits" and sees both profiles back as they were."""

import pytest

from researchers.models import NewsItem
from tests.factories import ResearcherFactory, paper_with_authors
from tests.test_browser import ARTIFACTS, admin_page, browser, make_curator  # noqa: F401 (the one Chromium of the browser tests)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, live_server, django_user_model):  # noqa: F811
    make_curator(django_user_model)
    with admin_page(browser, live_server.url) as page:
        yield page


def profile_text(page, slug):
    page.goto(f"/researchers/{slug}/")
    return page.locator("main").inner_text()


def test_a_curator_merges_two_people_and_undoes_it(page):
    keep = ResearcherFactory(name="Bing Qin", slug="bing-qin")
    other = ResearcherFactory(name="Bin Qin", slug="bin-qin")
    paper_with_authors(keep, title="Kept Person's Paper")
    paper_with_authors(other, title="Merged Person's Paper")
    NewsItem.objects.create(researcher=other, text="Joined the lab in 2024.")

    page.goto("/admin/researchers/researcher/?q=Qin")
    for person in (keep, other):
        page.check(f"input[name=_selected_action][value='{person.pk}']")
    page.select_option("select[name=action]", "merge_into")
    page.click("button[name=index]")
    page.check(f"#keep-{keep.pk}")
    page.click("input[name=apply]")
    assert "Merged Bin Qin into Bing Qin" in page.locator(".messagelist").inner_text()

    merged = profile_text(page, "bing-qin")
    assert "Merged Person's Paper" in merged and "Joined the lab in 2024." in merged
    page.goto("/researchers/bin-qin/")
    assert page.url.endswith("/researchers/bing-qin/"), "the merged person's address leads to the kept one"

    page.goto("/admin/researchers/researcher/")
    page.click("text=Merges and splits")
    page.click("input[value=Undo]")
    assert "Undone: Merge of bin-qin into bing-qin" in page.locator(".messagelist").inner_text()
    page.screenshot(path=ARTIFACTS / "merge-undone.png", full_page=True)

    back = profile_text(page, "bin-qin")
    assert page.url.endswith("/researchers/bin-qin/")
    assert "Merged Person's Paper" in back and "Joined the lab in 2024." in back
    kept = profile_text(page, "bing-qin")
    assert "Kept Person's Paper" in kept and "Merged Person's Paper" not in kept and "Joined the lab" not in kept
