"""Whole-page caching of anonymous GETs (pubdb/pagecache.py): served without SQL, dropped by any committed write."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from papers.models import Venue
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.page_cache


@pytest.fixture
def data(db, django_capture_on_commit_callbacks):
    # "Committed": a transaction bumps once, so a test's own write must not join the fixture's pending bump.
    with django_capture_on_commit_callbacks(execute=True):
        venue = VenueFactory(acronym="ACL", slug="acl", name="Association for Computational Linguistics")
        person = ResearcherFactory(slug="ada", name="Ada Lovelace")
        paper = PaperFactory(title="Cached Title", venue=venue)
        AuthorshipFactory(paper=paper, researcher=person)
    return {"venue": venue, "person": person, "paper": paper}


def pages(data):
    return [
        "/",
        "/researchers/",
        "/researchers/ada/",
        f"/papers/{data['paper'].pk}/",
        "/papers/",
        "/venues/",
        "/venues/acl/",
        "/search/?q=cached",
        "/api/v1/venues/acl/",
        "/api/v1/papers/",
        f"/api/v1/papers/{data['paper'].pk}/?format=json",
    ]


def test_a_second_anonymous_request_runs_no_sql(data, client, django_assert_num_queries):
    for url in pages(data):
        first = client.get(url)
        assert first.status_code == 200, url
        # Zero queries: the data version and the page both come from the cache, the view does not run.
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.content == first.content, url
        assert second["ETag"] == first["ETag"], url


def test_formats_and_query_strings_are_cached_apart(data, client):
    url = f"/api/v1/papers/{data['paper'].pk}/"
    as_json = client.get(url, HTTP_ACCEPT="application/json")
    as_bibtex = client.get(url, {"format": "bibtex"})
    assert as_json["Content-Type"].startswith("application/json")
    assert as_bibtex.content != as_json.content and b"Cached Title" in as_bibtex.content
    assert client.get(url, HTTP_ACCEPT="application/json").content == as_json.content
    assert as_bibtex["ETag"] != as_json["ETag"]
    assert b"Cached Title" not in client.get("/search/", {"q": "nothing-like-it"}).content
    assert b"Cached Title" in client.get("/search/", {"q": "cached"}).content


def test_if_none_match_is_a_304_until_the_data_changes(
    data, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = "/venues/acl/"
    first = client.get(url)
    assert first["Last-Modified"] and "no-cache" in first["Cache-Control"]
    with django_assert_num_queries(0):  # revalidation: data version from the cache, no view
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    with django_capture_on_commit_callbacks(execute=True):
        Venue.objects.filter(pk=data["venue"].pk).update(name="Changed")
        Venue.objects.get(pk=data["venue"].pk).save()  # the save's signal bumps the version
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_a_304_needs_no_cached_entry(data, client, django_assert_num_queries):
    from django.core.cache import cache

    etag = client.get("/researchers/ada/")["ETag"]
    versions = cache.get_many(["pubdb:data-version", "pubdb:scope:researcher:ada"])
    assert len(versions) == 2
    cache.clear()  # the page is evicted; the versions (the data's and the profile's) are put back as they were
    cache.set_many(versions, timeout=None)
    with django_assert_num_queries(0):
        assert client.get("/researchers/ada/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_admin_save_shows_at_once(data, client, django_user_model, django_capture_on_commit_callbacks):
    assert b"Computational Linguistics" in client.get("/venues/acl/").content
    curator = Client()
    curator.force_login(django_user_model.objects.create_superuser("curator", "c@example.org", "pw-for-tests-only"))
    form = {"acronym": "ACL", "slug": "acl", "name": "Renamed In The Admin", "kind": "conference"}
    form.update(publisher="", url="")
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(f"/admin/papers/venue/{data['venue'].pk}/change/", form)
    assert response.status_code == 302
    assert b"Renamed In The Admin" in client.get("/venues/acl/").content


def test_an_api_write_shows_at_once(data, client, curator_token, django_capture_on_commit_callbacks):
    assert b"Ada Lovelace" in client.get("/researchers/").content
    curator = Client(HTTP_AUTHORIZATION=f"Token {curator_token}")
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.patch("/api/v1/researchers/ada/", {"name": "Ada King"}, content_type="application/json")
    assert response.status_code == 200
    page = client.get("/researchers/").content
    assert b"Ada King" in page and b"Ada Lovelace" not in page


def test_an_import_shows_at_once(data, client, tmp_path, django_capture_on_commit_callbacks):
    assert b"Imported Later" not in client.get("/papers/").content
    bib = tmp_path / "new.bib"
    bib.write_text("@inproceedings{x, title={Imported Later}, author={Lovelace, Ada}, year={2024}, booktitle={ACL}}")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_bibtex", str(bib), stdout=io.StringIO(), stderr=io.StringIO())
    assert b"Imported Later" in client.get("/papers/").content


def test_logged_in_users_and_token_clients_are_never_served_or_stored(data, client, staff_client, curator_token):
    anonymous = Client()
    anonymous.get("/researchers/ada/")
    for who in (staff_client, Client(HTTP_AUTHORIZATION=f"Token {curator_token}")):
        response = who.get("/researchers/ada/")
        assert "ETag" not in response, "rendered for this user, not taken from the cache"
    assert "ETag" in anonymous.get("/researchers/ada/")


def test_pages_that_set_cookies_or_are_not_200_are_not_cached(data, django_assert_num_queries):
    anonymous = Client()
    assert anonymous.get("/researchers/nobody/").status_code == 404
    assert "ETag" not in anonymous.get("/researchers/nobody/")
    login = anonymous.get("/admin/login/")
    assert "ETag" not in login and "csrftoken" in login.cookies


def test_the_request_log_says_whether_the_page_cache_answered(data, client, caplog):
    """The operator's (and scripts/load.py's) hit ratio: "cache" on the request's line, absent where nothing is kept."""
    caplog.set_level("INFO", logger="pubdb.request")
    for url in ["/researchers/ada/", "/researchers/ada/", "/healthz"]:
        client.get(url)
    lines = [record for record in caplog.records if record.name == "pubdb.request"]
    assert [(record.path, getattr(record, "cache", None)) for record in lines] == [
        ("/researchers/ada/", "miss"),
        ("/researchers/ada/", "hit"),
        ("/healthz", None),
    ]
