"""Every door checks the same things: the command line, the admin's upload and the API refuse the same file or
field with the same message, before any matching query, and write nothing (curation/importers/validation.py)."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from curation.models import Job
from papers.models import ImportBatch, Paper, Venue
from researchers.models import Researcher
from tests.factories import AuthorshipFactory, PaperFactory

pytestmark = pytest.mark.django_db
ADMIN = "/admin/papers/importbatch/add/"
PAPERS = "/api/v1/papers/"


def entry(key="k1", title="A Paper", authors="Ann Lee"):
    return f"@inproceedings{{{key}, title = {{{title}}}, author = {{{authors}}}, booktitle = {{ACL}}, year = 2025}}\n"


def nothing_written():
    return not (Paper.objects.exists() or Researcher.objects.exists() or Venue.objects.exists())


def cli(tmp_path, content, name="refs.bib", *args):
    """The real command on a real file: (its output, the CommandError's message or ""), each entry's error in the
    output and the file's in the message."""
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = io.StringIO()
    try:
        call_command("import_bibtex", str(path), *args, stdout=out, stderr=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def said(result):
    """All the command said: output and error."""
    return " ".join(result)


def admin(client, content, name="refs.bib", **data):
    """The admin's upload form, previewed (or confirmed): the page's text, whitespace folded."""
    upload = SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())
    response = client.post(ADMIN, {"file": upload, "format": "", **data})
    assert response.status_code == 200, response.status_code
    return folded(response.content.decode())


def folded(text):
    """Runs of ASCII whitespace as one space (str.split would also split a no-break space: "2.0\xa0KB")."""
    return re.sub(r"[ \t\r\n]+", " ", text)


# --- the file: the same checks on the command line and in the admin -----------------------------------------


FILES = [
    pytest.param(b"@misc{k, title={Big}}" + b" " * 3000, "the limit is 2.0\xa0KB (PUBDB_MAX_BIBTEX_BYTES)", id="size"),
    pytest.param("@misc{k, title={Über}}".encode("latin-1"), "not UTF-8 text (byte 16)", id="not-utf8"),
    pytest.param(entry() + entry("k2", "Bad\x00Title"), "control character (U+0000) on line 2", id="nul"),
    pytest.param(entry() + entry("k2", "Esc \x1b[31m"), "control character (U+001B) on line 2", id="escape"),
]


@pytest.mark.parametrize("content,message", FILES)
def test_the_command_refuses_a_bad_file_with_the_admins_message(tmp_path, settings, content, message):
    settings.PUBDB_MAX_BIBTEX_BYTES = 2048
    _, error = cli(tmp_path, content)
    assert message in error
    assert nothing_written() and not ImportBatch.objects.exists()


@pytest.mark.parametrize("content,message", FILES)
def test_the_admin_refuses_a_bad_file_with_the_commands_message(staff_client, settings, content, message):
    settings.PUBDB_MAX_BIBTEX_BYTES = 2048
    assert message in admin(staff_client, content)
    assert nothing_written() and not ImportBatch.objects.exists()


@pytest.mark.parametrize("name", ["works.json", "person.xml"])
def test_the_size_limit_holds_for_every_format(tmp_path, staff_client, settings, name):
    settings.PUBDB_MAX_BIBTEX_BYTES = 100
    content = b"[" + b" " * 200 + b"]"
    assert "(PUBDB_MAX_BIBTEX_BYTES)" in cli(tmp_path, content, name)[1]
    assert "(PUBDB_MAX_BIBTEX_BYTES)" in admin(staff_client, content, name)
    assert "(PUBDB_MAX_BIBTEX_BYTES)" in cli(tmp_path, b"TY  - JOUR" + b" " * 200, "refs.ris")[1]


def test_a_pasted_text_gets_the_checks_of_an_upload(staff_client):
    response = staff_client.post(ADMIN, {"text": entry("k", "Bad\x07Bell"), "format": ""})
    assert "control character (U+0007) on line 1" in folded(response.content.decode())
    assert nothing_written()


# --- each field: the same checks in every door, before any matching ------------------------------------------

LONG_TITLE = "x" * 100_000  # one word: the title matcher's LIKE pattern on SQLite would be "too complex"
CSL_NUL = json.dumps([{"id": "k", "type": "paper-conference", "title": "Bad\u0000", "author": [{"literal": "A B"}]}])


def test_the_command_reports_a_huge_title_as_the_entrys_error(tmp_path):
    PaperFactory(title="Something Else")  # a paper to match against: the matcher must not even be asked
    output, error = cli(tmp_path, entry("huge", LONG_TITLE))
    assert "invalid  huge (line 1): the title is 100,000 characters long; the limit is 500" in output
    assert "Nothing imported: 1 invalid entries" in error
    assert Paper.objects.count() == 1


def test_the_admin_reports_a_huge_title_as_the_entrys_error(staff_client):
    PaperFactory(title="Something Else")
    page = admin(staff_client, entry("huge", LONG_TITLE))
    assert "the title is 100,000 characters long; the limit is 500" in page
    assert Paper.objects.count() == 1


def test_a_control_character_escaped_in_json_is_refused_by_the_reader_door(tmp_path, staff_client):
    """The raw file is clean ("\\u0000" is six printable characters): the record's field is checked too."""
    assert "the title contains a control character (U+0000)" in said(cli(tmp_path, CSL_NUL, "refs.json"))
    assert "the title contains a control character (U+0000)" in admin(staff_client, CSL_NUL, "refs.json")
    assert nothing_written()


def many_authors(count):
    return " and ".join(f"Person{n} Family{n}" for n in range(count))


def test_the_command_refuses_an_entry_with_too_many_authors_and_creates_no_one(tmp_path, settings):
    settings.PUBDB_MAX_AUTHORS_PER_PAPER = 50
    output = said(cli(tmp_path, entry("crowd", authors=many_authors(51))))
    assert "it has 51 authors; pubdb takes at most 50 authors (PUBDB_MAX_AUTHORS_PER_PAPER)" in output
    cli(tmp_path, entry("crowd", authors=many_authors(51)) + entry("ok", "Fine"), "refs.bib", "--skip-invalid")
    assert Researcher.objects.count() == 1  # Ann Lee of the good entry; none of the 51
    assert cli(tmp_path, entry("fifty", "Fifty", authors=many_authors(50)))[1] == ""


def test_the_admin_refuses_an_entry_with_too_many_authors(staff_client, settings):
    settings.PUBDB_MAX_AUTHORS_PER_PAPER = 50
    page = admin(staff_client, entry("crowd", authors=many_authors(51)), confirm="Confirm")
    assert "it has 51 authors; pubdb takes at most 50" in page
    assert nothing_written()


def test_the_default_author_limit_is_500(settings):
    assert settings.PUBDB_MAX_AUTHORS_PER_PAPER == 500


def test_an_entry_of_5000_authors_is_refused_before_any_name_is_looked_up(tmp_path, django_assert_max_num_queries):
    """It ran past 400 s and made 5,000 people; now no name costs a query. The queries: the import's savepoint,
    its batch row and change set, the venue list, the rollback; none per author."""
    with django_assert_max_num_queries(8):
        output = said(cli(tmp_path, entry("crowd", authors=many_authors(5000))))
    assert "it has 5,000 authors; pubdb takes at most 500 authors" in output
    assert nothing_written()


def api_paper(**fields):
    return {"title": "T", "year": 2024, "authors": [{"name": "Ann Lee"}], **fields}


def post(client, data):
    return client.post(PAPERS, data, content_type="application/json")


@pytest.mark.parametrize(
    "fields,field,message",
    [
        ({"title": LONG_TITLE}, "title", "no more than 500 characters"),
        ({"title": "Bad\x00"}, "title", "contains a control character (U+0000)"),
        ({"abstract": "Esc \x1b[0m"}, "abstract", "contains a control character (U+001B)"),
        ({"authors": [{"name": "Ann\x01 Lee"}]}, "authors", "contains a control character (U+0001)"),
    ],
)
def test_the_api_refuses_what_the_importers_refuse(curator_client, fields, field, message):
    response = post(curator_client, api_paper(**fields))
    assert response.status_code == 400, response.content
    assert field in response.json() and message in json.dumps(response.json(), ensure_ascii=False)
    assert nothing_written()


def test_the_api_refuses_too_many_authors(curator_client, settings):
    settings.PUBDB_MAX_AUTHORS_PER_PAPER = 50
    authors = [{"name": f"Person{n} Family{n}"} for n in range(51)]
    response = post(curator_client, api_paper(authors=authors))
    assert response.status_code == 400
    assert "at most 50 authors (PUBDB_MAX_AUTHORS_PER_PAPER)" in json.dumps(response.json())
    assert nothing_written()


# --- the admin: what cannot finish within a request is offered as a background job (tests/test_jobs.py) --------


def test_the_admin_offers_a_job_for_a_file_with_too_many_entries(staff_client, settings):
    settings.PUBDB_ADMIN_IMPORT_MAX_ENTRIES = 3
    page = admin(staff_client, "".join(entry(f"k{n}", f"Paper {n}") for n in range(4)))
    assert "4 entries (the admin takes 3)" in page and "Import in the background" in page
    assert nothing_written() and not Job.objects.exists()


def test_the_admin_offers_a_job_for_a_file_with_too_many_author_names(staff_client, settings):
    settings.PUBDB_ADMIN_IMPORT_MAX_AUTHORS = 10
    page = admin(staff_client, entry("a", authors=many_authors(6)) + entry("b", "B", authors=many_authors(5)))
    assert "11 author names (the admin takes 10)" in page and "Import in the background" in page
    assert nothing_written() and not Job.objects.exists()


# --- outputs that cannot carry a character never crash on one already stored ---------------------------------


def test_feeds_answer_with_a_control_character_already_stored(client):
    """Stored before the rule (or by raw SQL): PostgreSQL cannot hold a NUL, so it gets the other controls."""
    from django.db import connection

    bad = "Stored\x01 title\x1b" + ("" if connection.vendor == "postgresql" else "\x00")
    paper = PaperFactory(title="x")
    Paper.objects.filter(pk=paper.pk).update(title=bad)
    authorship = AuthorshipFactory(paper=paper, printed_name="x")
    type(authorship).objects.filter(pk=authorship.pk).update(printed_name="Ann\x02 Lee")
    for url in ("/papers/feed/", f"/researchers/{authorship.researcher.slug}/feed/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Stored title" in response.content.decode() and "\x01" not in response.content.decode()
