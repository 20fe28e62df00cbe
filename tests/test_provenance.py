"""Provenance and disagreements through the real HTTP path (tests/source_server.py): every field remembers where
it came from; a source never overwrites a curator's value silently, it proposes it; accepted or rejected once."""

import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from api.curators import curator_group
from curation.provenance import accept, reject
from papers.models import Disagreement, Paper
from tests.source_server import FIXTURES, Answer

pytestmark = pytest.mark.django_db

ACL = "doi:10.18653/v1/2023.acl-long.101"
ACL_PATH = "/crossref/works/10.18653/v1/2023.acl-long.101"
TITLE = "Sparse Attention with Early Exit for Efficient Inference"
# The queue: session, user, permissions, the count and the page of disagreements with their papers, filters' facets.
QUEUE_QUERIES = 9


def fetch(*args):
    out = io.StringIO()
    call_command("fetch", *args, stdout=out, stderr=out)
    return out.getvalue()


def crossref_says(sources, **changes):
    """The recorded Crossref answer for ACL with some fields changed: the source corrected its record."""
    body = json.loads((FIXTURES / "crossref-proceedings-article.json").read_text())
    body["message"].update(changes)
    sources.answer(ACL_PATH, Answer(body=json.dumps(body).encode(), headers={"Content-Type": "application/json"}))


@pytest.fixture
def curator(django_user_model):
    user = django_user_model.objects.create_user("cora", password="pw-for-tests-only", is_staff=True)
    user.groups.add(curator_group())
    return user


def curate_title(client, curator, paper, title):
    """A curator's edit through the admin's paper form (its own fields and inline rows posted back as shown)."""
    client.force_login(curator)
    page = client.get(f"/admin/papers/paper/{paper.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["categories"] = json.dumps(paper.categories)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data |= {f"{management.prefix}-{k}": v for k, v in management.initial.items()}
        for sub in formset.formset.forms:
            data |= {sub.add_prefix(k): v for k in sub.fields if (v := sub[k].value()) not in (None, False)}
    data |= {"title": title, "venue": paper.venue_id or "", "topics": []}
    response = client.post(f"/admin/papers/paper/{paper.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    paper.refresh_from_db()
    return paper


def test_each_field_remembers_its_source_and_the_admin_page_shows_it(sources, client, curator):
    fetch(ACL)
    paper = Paper.objects.get()
    assert paper.provenance["title"]["source"] == "crossref"
    assert paper.provenance["venue"]["source"] == "crossref"
    assert "abstract" in paper.provenance and "month" in paper.provenance and "day" not in paper.provenance
    client.force_login(curator)
    page = client.get(f"/admin/papers/paper/{paper.pk}/change/").content.decode()
    assert f"<tr><th>title</th><td>Crossref</td><td>{paper.provenance['title']['at'][:10]}</td></tr>" in page


def test_a_curated_value_is_never_overwritten_and_the_disagreement_is_recorded_once(sources, client, curator):
    fetch(ACL)
    paper = curate_title(client, curator, Paper.objects.get(), "Sparse Attention With Early Exit")
    assert paper.provenance["title"]["source"] == "curator" and paper.provenance["title"]["by"] == "cora"
    output = fetch(ACL)
    assert "disagrees doi:10.18653/v1/2023.acl-long.101: title: crossref proposes" in output
    paper.refresh_from_db()
    assert paper.title == "Sparse Attention With Early Exit"  # kept
    disagreement = Disagreement.objects.get()
    assert (disagreement.field, disagreement.current, disagreement.proposed) == (
        "title",
        "Sparse Attention With Early Exit",
        TITLE,
    )
    assert (disagreement.source, disagreement.status) == ("crossref", "open")
    fetch(ACL)  # fetched again: the same proposal is not made twice
    assert Disagreement.objects.count() == 1


def test_a_source_correcting_its_own_value_replaces_it(sources):
    fetch(ACL)
    crossref_says(sources, page="1820-1835")
    assert "pages: 1820-1834 → 1820-1835" in fetch(ACL)
    assert Paper.objects.get().pages == "1820-1835" and not Disagreement.objects.exists()


def test_another_sources_value_is_proposed_not_written(sources):
    fetch(ACL)
    paper = Paper.objects.get()
    paper.provenance = {**paper.provenance, "pages": {"source": "s2", "at": "2026-01-01T00:00:00+00:00"}}
    paper.save()
    crossref_says(sources, page="1820-1835")
    fetch(ACL)
    assert Paper.objects.get().pages == "1820-1834"
    assert Disagreement.objects.get().proposed == "1820-1835"


def test_accepting_writes_the_value_with_history_and_rejecting_is_remembered(sources, client, curator):
    fetch(ACL)
    paper = curate_title(client, curator, Paper.objects.get(), "Curated title")
    crossref_says(sources, page="1-2")
    paper.provenance["pages"] = {"source": "curator", "at": "2026-01-01T00:00:00+00:00"}
    paper.save()
    fetch(ACL)
    title, pages = Disagreement.objects.get(field="title"), Disagreement.objects.get(field="pages")
    accept(title.pk, curator)
    reject(pages.pk, curator)
    paper.refresh_from_db()
    assert (paper.title, paper.pages) == (TITLE, "1820-1834")
    assert paper.provenance["title"]["source"] == "crossref" and paper.provenance["title"]["by"] == "cora"
    latest = paper.history.first()
    assert latest.title == TITLE and latest.history_change_reason.startswith("Accepted Crossref's title")
    assert latest.history_user == curator
    fetch(ACL)  # the rejected pages are not proposed again
    assert Disagreement.objects.filter(status="open").count() == 0
    assert list(Disagreement.objects.values_list("field", "status").order_by("field")) == [
        ("pages", "rejected"),
        ("title", "accepted"),
    ]


def test_a_file_import_only_fills_and_proposes_nothing(sources, tmp_path):
    fetch(ACL)
    bib = tmp_path / "mine.bib"
    bib.write_text(
        "@inproceedings{x, title={Sparse Attention with Early Exit for Efficient Inference}, year={2023},"
        " doi={10.18653/v1/2023.acl-long.101}, pages={1--99}, volume={1}}"
    )
    out = io.StringIO()
    call_command("import_bibtex", str(bib), stdout=out)
    paper = Paper.objects.get()
    assert (paper.pages, paper.volume) == ("1820-1834", "1")
    assert paper.provenance["volume"]["source"] == "bibtex" and paper.provenance["pages"]["source"] == "crossref"
    assert not Disagreement.objects.exists()


def test_api_shows_provenance_to_curators_only(sources, client, curator_token):
    fetch(ACL)
    paper = Paper.objects.get()
    public = client.get(f"/api/v1/papers/{paper.pk}/").json()
    assert public["provenance"] is None
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {curator_token}"
    curated = client.get(f"/api/v1/papers/{paper.pk}/").json()
    assert curated["provenance"]["title"]["source"] == "crossref"


def test_an_api_edit_is_the_curators(sources, curator_client):
    fetch(ACL)
    paper = Paper.objects.get()
    response = curator_client.patch(f"/api/v1/papers/{paper.pk}/", {"pages": "1-9"}, content_type="application/json")
    assert response.status_code == 200, response.content
    paper.refresh_from_db()
    assert paper.provenance["pages"] == {
        "source": "curator",
        "at": paper.provenance["pages"]["at"],
        "by": "api-curator",
    }
    assert paper.provenance["title"]["source"] == "crossref"  # not sent: still Crossref's


def disagreement_post(client, action, ids):
    return client.post(
        "/admin/papers/disagreement/", {"action": action, "_selected_action": [str(i) for i in ids], "index": 0}
    )


def test_the_queue_decides_with_the_permission_and_refuses_without(sources, client, curator, django_user_model):
    fetch(ACL)
    paper = curate_title(client, curator, Paper.objects.get(), "Curated title")
    fetch(ACL)
    disagreement = Disagreement.objects.get()
    viewer = django_user_model.objects.create_user("vera", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_disagreement", "view_paper"]))
    client.force_login(viewer)
    listing = client.get("/admin/papers/disagreement/")
    assert listing.status_code == 200 and b"<del>Curated title</del>" in listing.content
    assert b"accept_selected" not in listing.content  # no action offered without the permission
    disagreement_post(client, "accept_selected", [disagreement.pk])
    paper.refresh_from_db()
    assert paper.title == "Curated title" and Disagreement.objects.get().status == "open"
    client.force_login(curator)
    assert b"accept_selected" in client.get("/admin/papers/disagreement/").content
    assert client.get(f"/admin/papers/disagreement/{disagreement.pk}/change/").status_code == 200  # read only
    assert client.get("/admin/papers/disagreement/add/").status_code == 403  # made by fetches only
    response = disagreement_post(client, "accept_selected", [disagreement.pk])
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.title == TITLE and Disagreement.objects.get().status == "accepted"


def test_an_invalid_proposed_value_is_not_accepted_and_nothing_changes(sources, client, curator):
    fetch(ACL)
    paper = curate_title(client, curator, Paper.objects.get(), "Curated title")
    # The sources' answers are checked before they are proposed (too long a title is refused at the fetch); a
    # proposal the paper's rules no longer accept is refused at the decision.
    disagreement = Disagreement.objects.create(
        paper=paper, field="title", current=paper.title, proposed="x" * 600, proposed_key="long", source="crossref"
    )
    response = disagreement_post(client, "accept_selected", [disagreement.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Not accepted" in m and "at most 500 characters" in m for m in messages)
    paper.refresh_from_db()
    assert paper.title == "Curated title" and Disagreement.objects.get().status == "open"


def test_the_queue_costs_the_same_queries_for_more_disagreements(sources, client, curator, django_assert_num_queries):
    fetch(ACL)
    curate_title(client, curator, Paper.objects.get(), "Curated title")
    fetch(ACL)
    client.force_login(curator)
    client.get("/admin/papers/disagreement/")  # warms the session and permission caches
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get("/admin/papers/disagreement/").status_code == 200
    paper = Paper.objects.get()
    for n in range(5):
        Disagreement.objects.create(
            paper=paper, field="pages", current="1", proposed=str(n), proposed_key=str(n), source="s2"
        )
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get("/admin/papers/disagreement/").status_code == 200
