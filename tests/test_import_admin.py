"""The admin's import page: upload or paste -> preview table -> confirm; ambiguous names decided by the curator."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from papers.models import ImportBatch, Paper
from tests.factories import ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db
URL = "/admin/papers/importbatch/add/"
BIB = """@inproceedings{new1, title = {A New Paper}, author = {Ann Lee and Chen Zhang}, booktitle = {ACL}, year = 2025}
@article{old1, title = {Known Paper}, author = {Ann Lee}, journal = {J}, year = 2024, doi = {10.1000/xyz}}
"""


def preview(client, **data):
    return client.post(URL, {"text": BIB, "file_name": "", "format": "", **data})


def test_preview_shows_new_matched_links_and_ambiguous_names_and_writes_nothing(staff_client):
    VenueFactory(acronym="ACL", slug="acl")
    Paper.objects.create(title="Known Paper", year=2024)
    ann = ResearcherFactory(name="Ann Lee", slug="ann-lee")
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang-2")

    response = preview(staff_client)

    text = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "0 new, 1 matched with changes, 0 unchanged, 1 invalid" in text
    assert "needs a decision" in text
    assert "doi: — → 10.1000/xyz" in text
    assert "Ann Lee → ann-lee" in text
    assert '<select name="author:Chen Zhang">' in text and "chen-zhang-2" in text
    assert Paper.objects.count() == 1 and not ImportBatch.objects.exists()
    assert ann.authorships.count() == 0


def test_confirm_with_a_decision_imports_and_shows_the_batch(staff_client):
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang-2")
    undecided = preview(staff_client, confirm="Confirm")
    assert "Nothing was imported" in undecided.content.decode()
    assert Paper.objects.count() == 0

    response = staff_client.post(
        URL,
        {"text": BIB, "file_name": "lab.bib", "format": "bibtex", "author:Chen Zhang": "chen-zhang-2", "confirm": "1"},
        follow=True,
    )

    batch = ImportBatch.objects.get()
    assert f"{batch}: 2 new, 0 updated" in response.content.decode()
    assert batch.file_name == "lab.bib" and batch.user.username == "curator"
    paper = Paper.objects.get(title="A New Paper")
    assert [a.researcher.slug for a in paper.authorships.in_order()] == ["ann-lee", "chen-zhang-2"]
    assert "A New Paper" in response.content.decode()  # the batch page lists its changes


def test_an_uploaded_file_is_imported_under_its_name(staff_client):
    upload = SimpleUploadedFile("mine.bib", BIB.encode())
    response = staff_client.post(URL, {"file": upload, "format": ""})
    assert "mine.bib: 2 new" in response.content.decode()


def test_empty_or_unreadable_input_is_a_form_error(staff_client):
    assert "Upload a file or paste its text." in staff_client.post(URL, {"text": " "}).content.decode()
    response = staff_client.post(URL, {"text": "[not json", "format": "csl-json"})
    assert "This is not a csl-json file" in response.content.decode()
    upload = SimpleUploadedFile("x.bib", b"\xff\xfe\xfa")
    assert "The import file is not UTF-8 text" in staff_client.post(URL, {"file": upload}).content.decode()


def test_an_oversized_or_foreign_upload_is_refused_and_imports_nothing(staff_client, settings):
    settings.PUBDB_MAX_BIBTEX_BYTES = 1024
    big = SimpleUploadedFile("big.bib", BIB.encode() + b" " * 2000)
    assert "the limit is 1.0\xa0KB" in staff_client.post(URL, {"file": big}).content.decode()
    pdf = SimpleUploadedFile("paper.pdf", BIB.encode())
    assert "must be a .bib, .bibtex, .txt, .json, .xml file" in staff_client.post(URL, {"file": pdf}).content.decode()
    assert not Paper.objects.exists() and not ImportBatch.objects.exists()


def test_import_form_and_batch_pages_cost_a_fixed_number_of_queries(staff_client, django_assert_num_queries, tmp_path):
    def batch_pages(batch):
        staff_client.get(f"/admin/papers/importbatch/{batch.pk}/change/")  # warm-up: content types get cached
        # session, user
        with django_assert_num_queries(2):
            assert staff_client.get(URL).status_code == 200
        # session, user, count, count (unfiltered), batches with their users
        with django_assert_num_queries(5):
            assert staff_client.get("/admin/papers/importbatch/").status_code == 200
        # session, user, the batch, one query per history table (17 tables) for the change set
        # (content types are cached by the warm-up request above)
        with django_assert_num_queries(20):
            assert staff_client.get(f"/admin/papers/importbatch/{batch.pk}/change/").status_code == 200

    def import_file(name, entries):
        path = tmp_path / name
        path.write_text(
            "\n".join(
                f"@article{{{name}{n}, title = {{{name} paper {n}}}, author = {{Ann Lee and Author {name}{n}}}, "
                f"journal = {{J}}, year = 2020, url = {{https://example.org/{name}{n}}}}}"
                for n in range(entries)
            )
        )
        call_command("import_bibtex", str(path), stdout=io.StringIO())
        return ImportBatch.objects.latest("pk")

    batch_pages(import_file("one", 1))
    for number in range(5):
        import_file(f"more{number}", 2)
    batch_pages(import_file("big", 20))


INITIALS = """@inproceedings{init1, title = {Initials Paper}, author = {Zhang, M. and Ann Lee},
  booktitle = {Findings of the Association for Computational Linguistics: ACL 2025}, year = 2025}
"""


def test_initials_of_a_known_person_are_flagged_and_wait_for_a_decision(staff_client):
    VenueFactory(acronym="ACL", slug="acl", name="Annual Meeting of the Association for Computational Linguistics")
    ResearcherFactory(name="Min Zhang", slug="min-zhang")
    ResearcherFactory(name="Mei Zhao", slug="mei-zhao")  # other initials or family name: no match
    ResearcherFactory(name="Wei Zhang", slug="wei-zhang")

    response = preview(staff_client, text=INITIALS)

    text = " ".join(response.content.decode().split())
    assert "M. Zhang: possible match" in text and '<select name="author:M. Zhang">' in text
    assert '<option value="min-zhang">Min Zhang (min-zhang)</option>' in text
    assert "mei-zhao" not in text and "wei-zhang" not in text
    assert "needs a decision" in text and 'name="confirm"' not in text  # no Confirm while an entry is invalid
    staff_client.post(URL, {"text": INITIALS, "format": "", "confirm": "1"})
    assert not Paper.objects.exists()

    staff_client.post(URL, {"text": INITIALS, "format": "", "author:M. Zhang": "min-zhang", "confirm": "1"})
    paper = Paper.objects.get()
    assert [a.researcher.slug for a in paper.authorships.in_order()] == ["min-zhang", "ann-lee"]


def test_the_preview_shows_how_venue_year_and_track_were_resolved(staff_client):
    VenueFactory(acronym="ACL", slug="acl", name="Annual Meeting of the Association for Computational Linguistics")
    text = " ".join(preview(staff_client, text=INITIALS.replace("Zhang, M.", "Min Zhang")).content.decode().split())
    assert "Findings of the Association for Computational Linguistics: ACL 2025 → ACL (acl), matched" in text
    assert "<td>2025</td>" in text and "<td>Findings</td>" in text
    assert 'name="confirm"' in text  # nothing invalid: the import can be confirmed

    new_venue = INITIALS.replace(
        "Findings of the Association for Computational Linguistics: ACL 2025", "Brand New Conf"
    )
    text = " ".join(preview(staff_client, text=new_venue.replace("Zhang, M.", "Min Zhang")).content.decode().split())
    assert "Brand New Conf → a new venue" in text


def test_an_uploaded_bibtex_file_passes_the_bibtex_validator(staff_client):
    upload = SimpleUploadedFile("notes.bib", b"just some notes, no entries")
    response = staff_client.post(URL, {"file": upload, "format": ""})
    assert "The BibTeX file contains no entries (nothing starts with @)." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_command_reports_initials_it_made_a_new_person_for(tmp_path):
    ResearcherFactory(name="Min Zhang", slug="min-zhang")
    path = tmp_path / "initials.bib"
    path.write_text(INITIALS)
    out = io.StringIO()
    call_command("import_bibtex", str(path), stdout=out)
    assert 'possible match "M. Zhang" in init1 (line 1): min-zhang' in out.getvalue()
