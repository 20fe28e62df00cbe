"""History: curators' edits, imports and merges are kept, shown and revertable."""

import io

import pytest
from django.core.management import call_command

from curation.history import revert_change_set
from papers.models import Authorship, ImportBatch, Paper
from researchers.models import Researcher
from tests.factories import AuthorshipFactory, AwardFactory, PaperFactory, ResearcherFactory

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
    revert_change_set(f"Merge of {other.slug} into {keep.slug}")
    assert Authorship.objects.get(pk=authorship.pk).researcher_id == other.pk
    assert not keep.aliases.exists()
    assert list(award.recipients.all()) == [other]
