"""The OpenAPI schema validates, the docs are served offline, and schemathesis finds the API keeps to it."""

import datetime
import io
import re

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pubdb.wsgi import application
from tests.factories import AwardFactory, OrganizationFactory, ResearcherFactory, paper_with_authors

# No 5xx, and every status code, content type, body and header as the schema documents it.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


def test_schema_validates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())


def test_schema_describes_every_paper_filter(client):
    operation = client.get("/api/schema/", {"format": "json"}).json()["paths"]["/api/v1/papers/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names >= {
        "year",
        "year_min",
        "year_max",
        "venue",
        "author",
        "topic",
        "status",
        "kind",
        "awarded",
        "doi",
        "arxiv",
        "search",
        "ordering",
        "page",
        "page_size",
        "cursor",
        "format",
    }
    assert set(operation["responses"]["200"]["content"]) == {
        "application/json",
        "application/x-bibtex",
        "application/x-research-info-systems",
        "application/vnd.citationstyles.csl+json",
    }


def paper_schema(client):
    return client.get("/api/schema/", {"format": "json"}).json()


def test_schema_states_the_year_bounds_the_server_enforces(client):
    schema = paper_schema(client)
    next_year = datetime.date.today().year + 1
    year = schema["components"]["schemas"]["PaperRequest"]["properties"]["year"]
    assert (year["minimum"], year["maximum"]) == (1900, next_year)
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/papers/"]["get"]["parameters"]}
    for name in ("year", "year_min", "year_max"):
        assert (parameters[name]["minimum"], parameters[name]["maximum"]) == (1900, next_year), name


def test_schema_says_a_paper_needs_an_author_and_a_page_a_positive_size(client):
    schema = paper_schema(client)
    assert schema["components"]["schemas"]["PaperRequest"]["properties"]["authors"]["minItems"] == 1
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/papers/"]["get"]["parameters"]}
    assert parameters["page_size"]["minimum"] == 1


def test_schema_describes_track_and_organization_filters(client):
    paths = paper_schema(client)["paths"]
    assert "track" in {p["name"] for p in paths["/api/v1/papers/"]["get"]["parameters"]}
    organization = next(p for p in paths["/api/v1/researchers/"]["get"]["parameters"] if p["name"] == "organization")
    assert organization["schema"]["type"] == "integer"


def test_schema_states_that_text_filters_refuse_a_nul_as_the_server_does(client):
    """Django's form fields refuse a NUL (400): the schema's text filters say so, or schemathesis sends one."""
    paths = paper_schema(client)["paths"]
    affiliation = next(p for p in paths["/api/v1/researchers/"]["get"]["parameters"] if p["name"] == "affiliation")
    pattern = re.compile(affiliation["schema"]["pattern"])
    assert pattern.search("BIT") and not pattern.search("B\x00IT")
    answer = client.get("/api/v1/researchers/", {"affiliation": "B\x00IT"})
    assert answer.status_code == 400 and "affiliation" in answer.json()


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_load_nothing_from_other_hosts(client, path):
    html = client.get(path).content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "https://" not in html and "http://" not in html.replace('"http"', "")


# The live schema, fetched from the WSGI app when the tests are collected (no database needed for that).
# (schemathesis.pytest.from_fixture would load it per test but does not work with pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def live_app(db):
    """A little of everything, and Django kept from closing the test's connection after each in-process call."""
    researcher = ResearcherFactory(slug="chen-zhang", affiliation=OrganizationFactory())
    for n in range(3):
        paper = paper_with_authors(researcher, doi=f"10.1234/paper.{n}", arxiv_id=f"2406.0648{n}")
    AwardFactory(paper=paper).recipients.add(researcher)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.include(method="GET").parametrize()
@EXAMPLES
def test_reads_keep_to_the_schema(case, live_app):
    case.call_and_validate(checks=[*CHECKS, negative_data_rejection, positive_data_acceptance])


@schema.exclude(method="GET").parametrize()
@EXAMPLES
def test_curator_writes_keep_to_the_schema(case, live_app, curator_token):
    case.call_and_validate(headers={"Authorization": f"Token {curator_token}"}, checks=CHECKS)
