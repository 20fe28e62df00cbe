"""What a source does wrong gets a clear message naming the identifier and the source, and writes nothing;
and the client is polite (contact address, rate limit, Retry-After)."""

import io

import pytest
from django.core.management import CommandError, call_command

from papers.models import ImportBatch, Paper
from tests.source_server import Answer

pytestmark = pytest.mark.django_db

GOOD = "doi:10.18653/v1/2023.acl-long.101"


def fetch(*identifiers):
    """The real command; its error, or '' when it succeeded."""
    out = io.StringIO()
    try:
        call_command("fetch", *identifiers, stdout=out, stderr=out)
    except CommandError as error:
        return out.getvalue() + str(error)
    return ""


def assert_nothing_written():
    assert Paper.objects.count() == 0 and ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    "identifier, message",
    [
        ("isbn:978-3-16-148410-0", '"isbn:978-3-16-148410-0" is not an identifier pubdb can fetch'),
        ("doi:10.1/x", '"doi:10.1/x" is not a valid doi identifier'),
        ("orcid:0000-0002-1825-0098", "is not a valid ORCID iD: its check digit is wrong"),
        ("doi:10.9999/nowhere", "doi:10.9999/nowhere: neither Crossref nor DataCite knows this DOI"),
        ("arxiv:2499.99999", "arxiv:2499.99999 from arXiv: arXiv does not know arxiv:2499.99999"),
        ("openalex:W1", '"openalex:W1" is not a valid openalex identifier'),
        ("openalex:W99999999", "openalex:W99999999 from OpenAlex: OpenAlex does not know openalex:W99999999"),
    ],
)
def test_an_unknown_or_malformed_identifier_is_named_and_nothing_is_written(sources, identifier, message):
    output = fetch(GOOD, identifier)
    assert message in output
    assert "Nothing imported" in output
    assert_nothing_written()


def test_an_html_page_instead_of_json_is_refused(sources):
    sources.answer(
        "/crossref/works/10.18653/v1/2023.acl-long.101",
        Answer(200, b"<!DOCTYPE html><html><body>Login</body></html>", {"Content-Type": "text/html"}),
    )
    output = fetch(GOOD)
    assert (
        f"{GOOD} from Crossref: the answer is not JSON (it begins “<!DOCTYPE html><html><body>Login</body></html>”)"
        in output
    )
    assert_nothing_written()


def test_garbage_xml_from_arxiv_is_refused(sources):
    sources.answer("/arxiv/query", Answer(200, b"<html><p>maintenance</p></html>"), id_list="2401.12345")
    assert "arxiv:2401.12345 from arXiv: the answer is not an Atom feed" in fetch("arxiv:2401.12345")
    assert_nothing_written()


def test_a_source_that_does_not_answer_in_time(sources, settings):
    settings.PUBDB_SOURCE_TIMEOUT_SECONDS, settings.PUBDB_SOURCE_RETRIES = 0.3, 1
    sources.answer("/crossref/works/10.18653/v1/2023.acl-long.101", Answer(delay=1.5))
    assert f"{GOOD} from Crossref: Crossref did not answer within 0.3 s" in fetch(GOOD)
    assert len(sources.paths("/crossref")) == 2  # tried again once
    assert_nothing_written()


def test_endless_429_is_retried_a_bounded_number_of_times(sources, settings):
    settings.PUBDB_SOURCE_RETRIES = 3
    sources.answer("/crossref/works/10.18653/v1/2023.acl-long.101", Answer(429, b"slow down", {"Retry-After": "0"}))
    assert f"{GOOD} from Crossref: Crossref answered 429 4 times; try again later" in fetch(GOOD)
    assert len(sources.paths("/crossref")) == 4
    assert_nothing_written()


def test_a_retry_after_longer_than_allowed_is_not_waited_for(sources, settings):
    settings.PUBDB_SOURCE_MAX_WAIT_SECONDS = 5
    sources.answer("/crossref/works/10.18653/v1/2023.acl-long.101", Answer(503, b"", {"Retry-After": "3600"}))
    assert "Crossref answered 503 once and asks to wait 3600 s" in fetch(GOOD)
    assert len(sources.paths("/crossref")) == 1


def test_a_5xx_then_success_is_retried_after_the_wait_asked_for(sources):
    sources.answer(
        "/crossref/works/10.18653/v1/2023.acl-long.101", Answer(502, b"bad gateway", {"Retry-After": "1"}, times=1)
    )
    assert fetch(GOOD) == ""
    times = sources.request_times
    assert len(times) == 2 and times[1] - times[0] >= 1.0  # Retry-After: 1 was honoured
    assert Paper.objects.get().doi == "10.18653/v1/2023.acl-long.101"


def test_a_larger_answer_than_allowed_is_refused(sources, settings):
    settings.PUBDB_SOURCE_MAX_BYTES = 1000
    output = fetch(GOOD)
    assert f"{GOOD} from Crossref: the answer is" in output and "more than the 1,000 allowed" in output
    assert_nothing_written()


def test_requests_carry_the_contact_address_and_polite_pool_mailto(sources):
    fetch(GOOD, "arxiv:2401.12345v3")
    (crossref_path, crossref_query, crossref_headers), (_, arxiv_query, arxiv_headers) = sources.requests
    assert "mailto:curator@lab.example" in crossref_headers["User-Agent"]
    assert "mailto:curator@lab.example" in arxiv_headers["User-Agent"]
    assert crossref_query["mailto"] == "curator@lab.example"
    assert "mailto" not in arxiv_query  # only Crossref and OpenAlex take it


def test_each_source_is_rate_limited(sources, settings):
    settings.PUBDB_SOURCE_RATES = {"crossref": 4.0}
    fetch(GOOD, "doi:10.1016/j.ipm.2019.02.004", "doi:10.9999/nowhere")
    requests = zip(sources.requests, sources.request_times, strict=True)
    times = [t for (path, _, _), t in requests if path.startswith("/crossref")]
    assert len(times) == 3
    assert all(later - earlier >= 0.24 for earlier, later in zip(times, times[1:], strict=False))  # 4 a second at most
