"""Background jobs: queued by the admin, the API and the commands, run by the database queue's worker, their
progress and result on the admin's Jobs page and at /api/v1/jobs/<id>/, cancelled by a curator."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from curation.models import Job
from papers.models import ImportBatch, Paper
from tests.factories import PaperFactory
from tests.jobs import bib, run_worker

# Committed rows, as a worker sees them: the worker closes a connection found inside a transaction (as at the
# start of each of its loops), which would end a test's own.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_queue")]
IMPORT = "/admin/papers/importbatch/add/"
FETCH = "/admin/papers/importbatch/fetch/"
ORCID = "orcid:0000-0002-1825-0097"


def upload(client, text, **data):
    return client.post(IMPORT, {"file": SimpleUploadedFile("lab.bib", text.encode()), "format": "", **data})


def queued_import(staff_client, settings, count=5, **data):
    """A file too large for a request, through the admin's form: its page, then its Confirm (a job)."""
    settings.PUBDB_ADMIN_IMPORT_MAX_ENTRIES = 3
    offer = upload(staff_client, bib(count)).content.decode()
    assert "5 entries (the admin takes 3)" in offer and not Job.objects.exists()
    text = re.search(r'name="text" value="([^"]*)"', offer, re.S).group(1)
    confirm = staff_client.post(
        IMPORT, {"text": text.replace("&#x27;", "'"), "file_name": "lab.bib", "confirm": "1", **data}
    )
    job = Job.objects.get()
    assert confirm.status_code == 302 and confirm.url == f"/admin/curation/job/{job.pk}/change/"
    return job


def test_a_large_import_in_the_admin_is_queued_then_the_worker_writes_it(
    staff_client, settings, django_assert_max_num_queries
):
    job = queued_import(staff_client, settings)
    assert (job.state, job.kind, job.user.username, job.title) == ("queued", "import_file", "curator", "lab.bib")
    assert not Paper.objects.exists()
    with django_assert_max_num_queries(8):
        page = staff_client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page and "Cancel this job" in page  # it refreshes itself while queued

    run_worker()

    job.refresh_from_db()
    assert (job.state, job.done, job.total) == ("done", 5, 5)
    assert job.message.startswith("Imported (Import #") and job.message.endswith(
        "5 new, 0 updated, 0 unchanged, 0 invalid."
    )
    batch = ImportBatch.objects.get()
    assert job.result["batch"] == batch.pk and batch.user == job.user and batch.created_papers == 5
    assert Paper.objects.count() == 5
    page = staff_client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page and "Cancel this job" not in page
    assert f"/admin/papers/importbatch/{batch.pk}/change/" in page and 'value="100"' in page


def test_the_jobs_list_shows_progress_and_refreshes_while_a_job_is_active(staff_client, django_assert_max_num_queries):
    Job.objects.create(kind=Job.FETCH, title="orcid:0000-0002-1825-0097", state=Job.RUNNING, done=3, total=12)
    for n in range(5):
        Job.objects.create(kind=Job.IMPORT_FILE, title=f"old{n}.bib", state=Job.DONE, done=9, total=9)
    with django_assert_max_num_queries(8):  # not one per job
        page = staff_client.get("/admin/curation/job/").content.decode()
    assert '<progress class="job-progress" value="25" max="100">' in page and "3 / 12" in page
    assert 'http-equiv="refresh"' in page
    Job.objects.filter(state=Job.RUNNING).update(state=Job.DONE)
    assert 'http-equiv="refresh"' not in staff_client.get("/admin/curation/job/").content.decode()


def test_a_dry_run_job_writes_nothing_and_says_what_it_would(staff_client, settings):
    settings.PUBDB_ADMIN_IMPORT_MAX_ENTRIES = 3
    offer = upload(staff_client, bib(5)).content.decode()
    text = re.search(r'name="text" value="([^"]*)"', offer, re.S).group(1)
    staff_client.post(IMPORT, {"text": text, "file_name": "lab.bib", "check": "1"})
    run_worker()
    job = Job.objects.get()
    assert job.state == "done" and job.message == "Dry run, nothing written: 5 new, 0 updated, 0 unchanged, 0 invalid."
    assert not Paper.objects.exists() and not ImportBatch.objects.exists()


def test_invalid_entries_fail_the_job_and_it_writes_nothing(staff_client, settings):
    settings.PUBDB_ADMIN_IMPORT_MAX_ENTRIES, settings.PUBDB_MAX_AUTHORS_PER_PAPER = 3, 2
    text = bib(4) + "@article{bad, title = {Crowd}, author = {A One and B Two and C Three}, year = 2025}\n"
    staff_client.post(IMPORT, {"text": text, "file_name": "lab.bib", "confirm": "1"})
    run_worker()
    job = Job.objects.get()
    assert job.state == "failed" and job.message.startswith("Nothing imported: 1 invalid entries")
    assert job.result == {} and not Paper.objects.exists()


def test_a_person_s_works_in_the_admin_are_fetched_by_a_job(staff_client, sources):
    offer = staff_client.post(FETCH, {"identifiers": ORCID}).content.decode()
    assert "takes longer than a web request" in offer and not sources.requests  # nothing fetched in the request
    response = staff_client.post(FETCH, {"identifiers": ORCID, "confirm": "1"})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url() and job.kind == "fetch"
    run_worker()
    job.refresh_from_db()
    assert job.state == "done" and (job.done, job.total) == (2, 2), job.message
    assert sorted(Paper.objects.values_list("title", flat=True)) == [
        "Counting What Counts in Citation Graphs",
        "Sparse Attention with Early Exit for Efficient Inference",
    ]


def test_a_queued_job_cancelled_never_runs(staff_client, settings):
    job = queued_import(staff_client, settings)
    answer = staff_client.post(f"/admin/curation/job/{job.pk}/cancel/", follow=True).content.decode()
    assert "was cancelled before it started" in answer
    run_worker()
    job.refresh_from_db()
    assert job.state == "cancelled" and job.message == "Cancelled by curator before it started."
    assert not Paper.objects.exists()


def test_cancel_is_a_post_and_needs_the_permission(client, staff_client, django_user_model):
    job = Job.objects.create(kind=Job.IMPORT_FILE, title="lab.bib", state=Job.RUNNING)
    assert staff_client.get(f"/admin/curation/job/{job.pk}/cancel/").status_code == 403
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_job"))
    client.force_login(viewer)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "lab.bib" in page and "Cancel this job" not in page
    assert client.post(f"/admin/curation/job/{job.pk}/cancel/").status_code == 403
    assert not Job.objects.get(pk=job.pk).cancel_requested


# --- the commands ----------------------------------------------------------------------------------------------


def test_import_bibtex_background_queues_and_the_worker_writes(tmp_path):
    path = tmp_path / "lab.bib"
    path.write_text(bib(3))
    out = io.StringIO()
    call_command("import_bibtex", str(path), "--background", stdout=out)
    job = Job.objects.get()
    assert f"Queued job #{job.pk} (queued): lab.bib. Its page: /admin/curation/job/{job.pk}/change/" in out.getvalue()
    assert not Paper.objects.exists()
    run_worker()
    assert Job.objects.get().state == "done" and Paper.objects.count() == 3


def test_refresh_citations_background_runs_a_batch_at_a_time(sources):
    PaperFactory(doi="10.18653/v1/2023.acl-long.101", arxiv_id="")
    PaperFactory(doi="", arxiv_id="2405.06789")
    PaperFactory(doi="10.5555/unknown", arxiv_id="")
    out = io.StringIO()
    call_command("refresh_citations", "--background", stdout=out)
    assert "(3 papers)" in out.getvalue()
    run_worker()
    job = Job.objects.get()
    assert job.state == "done" and (job.done, job.total) == (3, 3)
    assert job.result == {"updated": 2, "unknown": 1, "failed": 0}
    assert sorted(Paper.objects.values_list("citation_count", flat=True), key=str) == [3, 57, None]


def test_a_refresh_whose_source_fails_says_what_it_wrote(sources):
    from tests.source_server import Answer

    PaperFactory(doi="10.18653/v1/2023.acl-long.101", arxiv_id="")
    sources.answer("/openalex/works", Answer(503, b"busy"))
    call_command("refresh_citations", "--background", stdout=io.StringIO())
    run_worker()
    job = Job.objects.get()
    assert job.state == "failed"
    assert "0 papers' citation counts refreshed from OpenAlex, 0 unknown to it, 1 not reached." in job.message
    assert "answered 503" in job.message and "the counts of the first 1 of 1 papers are written" in job.message


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_commands_draw_a_progress_bar_on_a_terminal_and_plain_lines_otherwise(tmp_path):
    path = tmp_path / "lab.bib"
    path.write_text(bib(3))
    terminal = Terminal()
    call_command("import_bibtex", str(path), "--dry-run", stdout=terminal)
    assert "3/3" in terminal.getvalue() and "entries checked" in terminal.getvalue()  # tqdm's bar (a dry run)
    plain = io.StringIO()
    call_command("import_bibtex", str(path), "--dry-run", stdout=plain)
    assert "3 of 3 entries checked\n" in plain.getvalue() and "\r" not in plain.getvalue()


def test_requeue_stale_jobs_queues_again_a_job_whose_worker_stopped(settings):
    settings.PUBDB_ADMIN_IMPORT_MAX_ENTRIES = 3
    from curation.jobs import queue_import

    job = queue_import(bib(2), file_name="lab.bib", format="bibtex")
    long_ago = timezone.now() - timezone.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(state=Job.RUNNING, heartbeat=long_ago, done=1, total=2)  # its worker died
    fresh = Job.objects.create(kind=Job.FETCH, title="busy", state=Job.RUNNING, heartbeat=timezone.now())
    out = io.StringIO()
    call_command("requeue_stale_jobs", stdout=out)
    assert f"Queued again: #{job.pk}" in out.getvalue() and "busy" not in out.getvalue()
    run_worker()
    job.refresh_from_db()
    assert job.state == "done" and Paper.objects.count() == 2
    assert Job.objects.get(pk=fresh.pk).state == "running"


# --- the API ---------------------------------------------------------------------------------------------------


def test_the_api_answers_a_person_s_works_with_202_and_the_job_then_its_result(
    curator_client, client, sources, django_assert_max_num_queries
):
    response = curator_client.post("/api/v1/papers/fetch/", {"identifiers": [ORCID]}, content_type="application/json")
    assert response.status_code == 202 and not sources.requests
    job = Job.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/jobs/{job.pk}/" == response.json()["url"]
    assert (response.json()["state"], response.json()["user"]) == ("queued", "api-curator")
    run_worker()
    with django_assert_max_num_queries(4):  # the token with its user, their and their groups' permissions, the job
        body = curator_client.get(f"/api/v1/jobs/{job.pk}/").json()
    assert (body["state"], body["done"], body["total"], body["percent"]) == ("done", 2, 2, 100)
    assert body["result"]["counts"] == {"new": 2, "updated": 0, "unchanged": 0, "invalid": 0}
    assert Paper.objects.count() == 2


def test_the_202_reaches_a_client_through_a_real_wsgi_server(live_server, curator_token, sources):
    """runserver's WSGI server (wsgiref, as live_server's) takes header values of type str only: the job's URL
    went out as DRF's Hyperlink (a str subclass) and the answer became a 500."""
    import httpx

    response = httpx.post(
        f"{live_server.url}/api/v1/papers/fetch/",
        json={"identifiers": [ORCID]},
        headers={"Authorization": f"Token {curator_token}"},
    )
    job = Job.objects.get()
    assert response.status_code == 202, response.text
    assert response.headers["Location"] == f"{live_server.url}/api/v1/jobs/{job.pk}/" == response.json()["url"]


def test_job_status_is_for_curators_only(client, django_user_model, curator_token):
    from rest_framework.authtoken.models import Token

    job = Job.objects.create(kind=Job.FETCH, title="orcid:0000-0002-1825-0097")
    assert client.get(f"/api/v1/jobs/{job.pk}/").status_code == 401
    writer = django_user_model.objects.create_user("paper-writer")
    writer.user_permissions.add(Permission.objects.get(codename="add_paper"))
    token = Token.objects.create(user=writer).key
    assert client.get(f"/api/v1/jobs/{job.pk}/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 403
    assert client.get(f"/api/v1/jobs/{job.pk}/", HTTP_AUTHORIZATION=f"Token {curator_token}").status_code == 200
    assert client.get("/api/v1/jobs/999999/", HTTP_AUTHORIZATION=f"Token {curator_token}").status_code == 404
