"""History: curators' edits, imports and merges are kept, shown and revertable."""

import io

import pytest
from django.core.management import call_command

from curation.history import revert_change_set
from papers.models import Authorship, ImportBatch, Paper, PaperLink
from researchers.models import Researcher
from tests.factories import AuthorshipFactory, AwardFactory, PaperFactory, PaperLinkFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def form_data(response):
    """The POST a browser would send for the admin form in `response` (main form and inlines)."""
    data = {}
    forms = [response.context["adminform"].form]
    context = response.context
    for inline in context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def test_a_curators_edit_is_recorded_with_the_user_and_can_be_reverted(staff_client):
    paper = PaperFactory(title="Original Title", venue=None)
    AuthorshipFactory(paper=paper, position=1)
    change_url = f"/admin/papers/paper/{paper.pk}/change/"
    edit = form_data(staff_client.get(change_url))
    edit["title"] = "Wrong Title"
    assert staff_client.post(change_url, edit).status_code == 302
    paper.refresh_from_db()
    assert paper.title == "Wrong Title"
    latest = paper.history.first()
    assert latest.history_user.username == "curator"

    history_page = staff_client.get(f"/admin/papers/paper/{paper.pk}/history/")
    assert "Wrong Title" in history_page.content.decode() or "Changed" in history_page.content.decode()
    original = paper.history.earliest()
    revert_url = f"/admin/papers/paper/{paper.pk}/history/{original.history_id}/"
    revert_form = staff_client.get(revert_url)
    assert revert_form.status_code == 200
    assert staff_client.post(revert_url, form_data(revert_form)).status_code == 302
    paper.refresh_from_db()
    assert paper.title == "Original Title"
    assert paper.authorships.count() == 1


def test_an_import_can_be_reverted_as_one_change_set(staff_client, tmp_path):
    existing = PaperFactory(title="Known Paper", year=2024, doi="")
    path = tmp_path / "lab.bib"
    path.write_text(
        """@article{k, title = {Known Paper}, author = {Ann Lee}, journal = {J}, year = 2024, doi = {10.1000/k}}
        @article{n, title = {New Paper}, author = {Ann Lee and Bo Li}, journal = {J}, year = 2024}"""
    )
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    batch = ImportBatch.objects.get()
    assert Paper.objects.count() == 2

    page = staff_client.get(f"/admin/papers/importbatch/{batch.pk}/change/")
    assert "New Paper" in page.content.decode() and "Revert this import" in page.content.decode()
    response = staff_client.post(f"/admin/papers/importbatch/{batch.pk}/revert/", follow=True)

    assert "Reverted" in response.content.decode()
    assert list(Paper.objects.all()) == [existing]
    existing.refresh_from_db()
    assert existing.doi == ""
    assert not Researcher.objects.filter(name__in=["Ann Lee", "Bo Li"]).exists()
    assert Paper.history.filter(history_change_reason=f"Revert of {batch.change_reason}").exists()


def test_a_revert_is_refused_when_a_later_change_touched_the_same_rows(tmp_path):
    path = tmp_path / "lab.bib"
    path.write_text("@article{n, title = {New Paper}, author = {Ann Lee}, journal = {J}, year = 2024}")
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    paper = Paper.objects.get()
    paper.title = "Fixed by hand"
    paper.save()
    batch = ImportBatch.objects.get()
    with pytest.raises(Exception, match="was changed after"):
        revert_change_set(batch.change_reason)
    assert Paper.objects.get().title == "Fixed by hand"


def test_a_merge_can_be_reverted(staff_client):
    keep, other = ResearcherFactory(name="Bing Qin"), ResearcherFactory(name="Bin Qin")
    authorship = AuthorshipFactory(researcher=other)
    award = AwardFactory(kind="honour", paper=None)
    award.recipients.add(other)
    staff_client.post(
        "/admin/researchers/researcher/",
        {"action": "merge_into", "_selected_action": [keep.pk, other.pk], "keep": keep.pk, "apply": "1"},
    )
    assert not Researcher.objects.filter(pk=other.pk).exists()
    (reason,) = set(Researcher.history.filter(history_type="-").values_list("history_change_reason", flat=True))
    assert reason.startswith(f"Merge of {other.slug} into {keep.slug} #")
    revert_change_set(reason)
    assert Authorship.objects.get(pk=authorship.pk).researcher_id == other.pk
    assert not keep.aliases.exists()
    assert list(award.recipients.all()) == [other]


def test_reverting_an_import_whose_new_person_is_now_on_another_paper_is_refused_and_changes_nothing(
    staff_client, tmp_path
):
    path = tmp_path / "lab.bib"
    path.write_text("@article{n, title = {New Paper}, author = {Ann Lee}, journal = {J}, year = 2024}")
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    batch = ImportBatch.objects.get()
    ann = Researcher.objects.get(name="Ann Lee")
    later = PaperFactory(title="Written Later", venue=None)
    AuthorshipFactory(paper=later, researcher=ann, position=1)  # a curator's edit, outside the import

    response = staff_client.post(f"/admin/papers/importbatch/{batch.pk}/revert/", follow=True)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Not reverted" in text and "Ann Lee" in text and "Written Later" in text
    assert set(Paper.objects.values_list("title", flat=True)) == {"New Paper", "Written Later"}
    assert Researcher.objects.filter(pk=ann.pk).exists()


def paper_admin_save(client, paper, **changes):
    url = f"/admin/papers/paper/{paper.pk}/change/"
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors


def test_reverting_a_paper_in_the_admin_restores_its_authors_and_links_as_one_change(staff_client):
    paper = PaperFactory(title="Original Title", venue=None)
    first, second = ResearcherFactory(name="Ann Lee"), ResearcherFactory(name="Bo Li")
    AuthorshipFactory(paper=paper, researcher=first, position=1)
    AuthorshipFactory(paper=paper, researcher=second, position=2)
    PaperLinkFactory(paper=paper, kind="code", url="https://example.org/code")
    paper_admin_save(staff_client, paper)  # the version a curator will come back to
    good = paper.history.first()

    # A later edit in the admin: a new title, Ann Lee's row given to Cy Wu, Bo Li's row and the link deleted.
    third = ResearcherFactory(name="Cy Wu")
    paper_admin_save(
        staff_client,
        paper,
        title="Wrong Title",
        **{
            "authorships-0-researcher": third.pk,
            "authorships-0-printed_name": "Cy Wu",
            "authorships-1-DELETE": "on",
            "links-0-DELETE": "on",
        },
    )
    assert list(paper.authorships.values_list("researcher__name", flat=True)) == ["Cy Wu"]

    revert_url = f"/admin/papers/paper/{paper.pk}/history/{good.history_id}/"
    assert staff_client.post(revert_url, form_data(staff_client.get(revert_url))).status_code == 302

    paper.refresh_from_db()
    assert paper.title == "Original Title"
    authors = list(paper.authorships.in_order().values_list("researcher__name", "position"))
    assert authors == [("Ann Lee", 1), ("Bo Li", 2)]
    assert list(paper.links.values_list("url", flat=True)) == ["https://example.org/code"]
    # One change: the paper and its rows share one change set, which itself can be undone.
    reason = paper.history.first().history_change_reason
    assert reason and reason.startswith("Revert of paper")
    assert Authorship.history.filter(history_change_reason=reason).exists()
    assert PaperLink.history.filter(history_change_reason=reason).exists()
    revert_change_set(reason)
    assert list(paper.authorships.values_list("researcher__name", flat=True)) == ["Cy Wu"]
    assert not paper.links.exists()
