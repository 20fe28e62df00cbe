"""A curator's large import in a real browser: queued from the import page, followed on the job's page as it
refreshes itself, until done."""

import pytest
from playwright.sync_api import expect

from curation.models import Job
from papers.models import Paper
from tests.jobs import bib, run_worker
from tests.test_admin_browser import page  # noqa: F401 (a curator logged in, in a real browser)
from tests.test_browser import ARTIFACTS, browser  # noqa: F401


@pytest.mark.browser
@pytest.mark.usefixtures("database_queue")
def test_a_curator_queues_a_large_import_and_watches_it_reach_done(page, settings):  # noqa: F811
    settings.PUBDB_ADMIN_IMPORT_MAX_ENTRIES = 3
    page.goto("/admin/papers/importbatch/add/")
    page.fill("#id_text", bib(5))
    page.click("input[name=preview]")
    expect(page.locator("#as-job-reason")).to_contain_text("5 entries (the admin takes 3)")
    page.click("input[name=confirm]")
    page.wait_for_url("**/admin/curation/job/*/change/")
    expect(page.locator(".field-state .readonly")).to_have_text("queued")
    assert page.locator("#job-cancel input[type=submit]").is_visible()
    page.screenshot(path=str(ARTIFACTS / "job-queued.png"), full_page=True)

    run_worker()  # the worker takes the job; the page, refreshing itself, shows the end

    expect(page.locator(".field-state .readonly")).to_have_text("done", timeout=20000)
    assert page.locator("progress.job-progress").get_attribute("value") == "100"
    assert "5 / 5" in page.locator(".field-progress").inner_text()
    assert "5 new, 0 updated, 0 unchanged, 0 invalid" in page.locator(".field-message").inner_text()
    assert page.locator("#job-cancel").count() == 0
    page.click(".field-result_summary a")
    page.wait_for_url("**/admin/papers/importbatch/*/change/")
    page.screenshot(path=str(ARTIFACTS / "job-done.png"), full_page=True)
    assert Job.objects.get().state == "done" and Paper.objects.filter(doi__startswith="10.7000/job.").count() == 5
    assert not page.errors
