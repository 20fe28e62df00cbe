"""A curator in a real browser: adds a three-author paper (one known only by name) through the admin form,
reorders the rows, and finds the authors in that order on the profile; the paper form fits a 1,280 px window."""

import pytest
from django.db.models import Count

from papers.models import Paper
from tests.test_browser import ARTIFACTS, DESKTOP, admin_page, browser, make_curator  # noqa: F401 (the one Chromium of the browser tests)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, live_server, demo, django_user_model):  # noqa: F811
    make_curator(django_user_model)
    with admin_page(browser, live_server.url) as page:
        yield page


def row(page, index):
    return page.locator(f"#authorships-{index}")


def choose_researcher(page, index, name):
    row(page, index).locator(".select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(name)
    page.locator(".select2-results__option", has_text=name).first.click()


def names_in_rows(page):
    return [
        r.locator("input[name$='-printed_name']").input_value()
        or r.locator(".select2-selection__rendered").inner_text()
        for r in page.locator("#authorships-group tbody tr.form-row:not(.empty-form)").all()
    ]


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_curator_adds_a_three_author_paper_and_the_profile_lists_them_in_order(page):
    page.goto("/admin/papers/paper/add/")
    assert page.locator("#authorships-group tbody tr.form-row:not(.empty-form)").count() == 3
    page.fill("#id_title", "Curated in the Browser")
    page.fill("#id_year", "2025")
    page.fill("#id_categories", "cs.CL\ncs.IR")
    row(page, 0).locator("input[name$='-printed_name']").fill("Ada Newcomer")  # no researcher yet
    choose_researcher(page, 1, "Dawei Song")
    choose_researcher(page, 2, "Chen Zhang")

    row(page, 2).locator(".author-drag").drag_to(row(page, 0).locator(".author-drag"))  # Chen Zhang first
    assert [n.split(" (")[0] for n in names_in_rows(page)] == ["Chen Zhang", "Ada Newcomer", "Dawei Song"]
    row(page, 0).locator("button[value$=':down']").click()  # Ada below Dawei, then back up
    row(page, 0).locator("button[value$=':up']").click()
    positions = [row(page, index).locator("input.author-position").input_value() for index in range(3)]
    assert positions == ["2", "3", "1"]  # the form's rows 0, 1, 2: Ada, Dawei, Chen
    assert page_width(page) <= DESKTOP["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "admin-paper-add.png", full_page=True)

    page.click("input[name=_save]")
    page.wait_for_url("**/admin/papers/paper/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    page.goto("/researchers/chen-zhang/")
    entry = page.locator("li.paper", has_text="Curated in the Browser")
    assert entry.locator(".paper-authors").inner_text() == "Chen Zhang, Ada Newcomer and Dawei Song"
    entry.locator("a", has_text="Ada Newcomer").click()
    page.wait_for_url("**/researchers/ada-newcomer/")
    assert page.errors == []


def test_the_paper_change_page_fits_a_1280_px_window(page):
    widest = [
        Paper.objects.filter(awards__isnull=False).first(),
        Paper.objects.annotate(n=Count("authorships")).order_by("-n").first(),
    ]
    for paper in widest:
        page.goto(f"/admin/papers/paper/{paper.pk}/change/")
        assert page_width(page) <= DESKTOP["width"], paper.title
        title = page.locator("#id_title").bounding_box()
        assert title["width"] >= 500  # the whole title is readable
    page.screenshot(path=ARTIFACTS / "admin-paper-change.png", full_page=True)
    assert page.errors == []
