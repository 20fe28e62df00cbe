"""The admin's "Add by identifier": paste identifiers -> the import preview -> confirm, as for a file."""

import pytest

from papers.models import ImportBatch, Paper
from tests.test_admin_browser import page  # noqa: F401 (a curator logged in, in a real browser)
from tests.test_browser import ARTIFACTS, browser  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/admin/papers/importbatch/fetch/"
PASTED = "10.18653/v1/2023.acl-long.101\nhttps://doi.org/10.1016/j.ipm.2019.02.004  arxiv:2402.00001"


def test_the_form_page_is_linked_from_the_import_batches(staff_client, django_assert_num_queries):
    assert URL in staff_client.get("/admin/papers/importbatch/").content.decode()
    with django_assert_num_queries(2):  # the session and its user
        response = staff_client.get(URL)
    assert response.status_code == 200 and "doi:10.…, arxiv:2401.12345" in response.content.decode()


def test_preview_shows_each_identifier_and_writes_nothing_then_confirm_writes(staff_client, sources):
    preview = staff_client.post(URL, {"identifiers": "10.18653/v1/2023.acl-long.101 10.1016/j.ipm.2019.02.004"})
    html = preview.content.decode()
    assert "Import preview" in html and "2 new" in html
    assert "Sparse Attention with Early Exit for Efficient Inference" in html
    assert "The CCIR Evaluation Committee → new person" in html
    assert Paper.objects.count() == 0 and ImportBatch.objects.count() == 0
    confirmed = staff_client.post(
        URL, {"identifiers": "10.18653/v1/2023.acl-long.101\n10.1016/j.ipm.2019.02.004", "confirm": "1"}
    )
    batch = ImportBatch.objects.get()
    assert confirmed.status_code == 302 and confirmed.url == f"/admin/papers/importbatch/{batch.pk}/change/"
    assert batch.user.username == "curator" and batch.format == "fetch"
    assert Paper.objects.count() == 2


def test_an_identifier_that_cannot_be_fetched_is_listed_and_blocks_the_confirm(staff_client, sources):
    html = staff_client.post(URL, {"identifiers": "10.18653/v1/2023.acl-long.101 doi:10.9999/nowhere"}).content.decode()
    assert "doi:10.9999/nowhere: neither Crossref nor DataCite knows this DOI." in html
    assert 'name="confirm"' not in html
    skipping = staff_client.post(
        URL, {"identifiers": "10.18653/v1/2023.acl-long.101 doi:10.9999/nowhere", "skip_invalid": "on"}
    ).content.decode()
    assert "Confirm: import the good entries, skip 1 invalid" in skipping


def test_too_many_identifiers_is_a_form_error(staff_client):
    html = staff_client.post(URL, {"identifiers": " ".join(f"arxiv:2401.{n:05d}" for n in range(101))}).content.decode()
    assert "At most 100 identifiers at a time (101 given)." in html


@pytest.mark.browser
def test_a_curator_pastes_identifiers_previews_and_confirms_in_a_browser(page, sources):  # noqa: F811
    page.goto("/admin/papers/importbatch/")
    page.click("text=Add by identifier")
    page.fill("#id_identifiers", PASTED)
    page.click("input[name=preview]")
    page.wait_for_selector("#import-preview")
    rows = page.locator("#import-preview tbody tr")
    assert rows.count() == 3
    assert "arxiv:2402.00001" in rows.nth(2).inner_text() and "does not know" in rows.nth(2).inner_text()
    page.screenshot(path=str(ARTIFACTS / "fetch-preview.png"), full_page=True)
    assert page.locator("input[name=confirm]").count() == 0  # an identifier that failed blocks the whole fetch
    page.goto("/admin/papers/importbatch/fetch/")
    page.fill("#id_identifiers", PASTED.rsplit(" ", 1)[0])
    page.click("input[name=preview]")
    page.click("input[name=confirm]")
    page.wait_for_url("**/admin/papers/importbatch/*/change/")
    assert "2 new, 0 updated, 0 unchanged, 0 skipped" in page.locator(".messagelist").inner_text()
    assert Paper.objects.filter(doi="10.1016/j.ipm.2019.02.004").exists()
    assert not page.errors
