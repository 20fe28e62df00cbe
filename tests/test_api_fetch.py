"""POST /api/v1/papers/fetch/ with a curator's token: the preview, or the papers written; 400s naming the identifier."""

import pytest

from papers.models import ImportBatch, Paper

pytestmark = pytest.mark.django_db
URL = "/api/v1/papers/fetch/"
ACL = "doi:10.18653/v1/2023.acl-long.101"
IPM = "doi:10.1016/j.ipm.2019.02.004"


def post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_a_dry_run_answers_with_the_preview_and_writes_nothing(curator_client, sources):
    response = post(curator_client, {"identifiers": [ACL, IPM], "dry_run": True})
    assert response.status_code == 200
    body = response.json()
    assert body["written"] is False and body["batch"] is None and body["papers"] == []
    assert body["counts"] == {"new": 2, "updated": 0, "unchanged": 0, "invalid": 0}
    assert [(e["entry"], e["status"]) for e in body["entries"]] == [(ACL, "new"), (IPM, "new")]
    assert Paper.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_a_fetch_answers_with_the_papers_it_created(curator_client, sources):
    response = post(curator_client, {"identifiers": [ACL]})
    assert response.status_code == 201
    body = response.json()
    assert body["written"] is True and body["batch"] == ImportBatch.objects.get().pk
    (paper,) = body["papers"]
    assert paper["doi"] == "10.18653/v1/2023.acl-long.101"
    assert [a["name"] for a in paper["authors"]] == ["Ada Lovelace", "Wei Chen", "Suharto"]
    again = post(curator_client, {"identifiers": [ACL]})
    assert again.status_code == 200 and again.json()["counts"]["unchanged"] == 1


def test_an_identifier_that_cannot_be_fetched_is_a_400_naming_it_and_the_source(curator_client, sources):
    response = post(curator_client, {"identifiers": [ACL, "doi:10.9999/nowhere", "isbn:1"]})
    assert response.status_code == 400
    assert response.json() == {
        "identifiers": [
            "doi:10.9999/nowhere: doi:10.9999/nowhere: neither Crossref nor DataCite knows this DOI.",
            'isbn:1: "isbn:1" is not an identifier pubdb can fetch; write one of: doi:10.18653/v1/2023.acl-long.1, '
            "arxiv:2401.12345, openalex:W2741809807, s2:<paper id>, orcid:0000-0002-1825-0097, dblp:123/4567.",
        ]
    }
    assert Paper.objects.count() == 0
    skipped = post(curator_client, {"identifiers": [ACL, "doi:10.9999/nowhere"], "skip_invalid": True})
    assert skipped.status_code == 201 and skipped.json()["counts"]["invalid"] == 1


@pytest.mark.parametrize("body", [{}, {"identifiers": []}, {"identifiers": "doi:10.1/x"}, {"identifiers": ["x"] * 101}])
def test_bad_request_bodies_are_400s_naming_the_field(curator_client, body):
    response = post(curator_client, body)
    assert response.status_code == 400 and "identifiers" in response.json()


def test_anonymous_and_reader_tokens_cannot_fetch(client, django_user_model):
    assert post(client, {"identifiers": [ACL]}).status_code == 401
    client.force_login(django_user_model.objects.create_user("reader"))
    assert post(client, {"identifiers": [ACL]}).status_code == 403


def test_the_schema_documents_the_fetch(client):
    operation = client.get("/api/schema/", {"format": "json"}).json()["paths"]["/api/v1/papers/fetch/"]["post"]
    assert {"200", "201", "400", "401", "403"} <= set(operation["responses"])
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/FetchRequest")
