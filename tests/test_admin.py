"""Every admin changelist, add and change page renders for a curator, at a cost that does not grow with rows."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curation import proposals
from curation.models import ChangeProposal
from papers.models import Award, Disagreement, ImportBatch, Paper
from researchers.models import Claim, Researcher

from .factories import AwardFactory, ResearcherFactory, paper_with_authors

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)
# The review queues: claims and change proposals are made by people on the site, never added by hand (403).
REVIEW_QUEUES = [Claim, ChangeProposal]
# Import batches are made by importing a file, disagreements by fetching from a source, never by the demo data;
# nor are claims.
MADE_BY_IMPORTS = (ImportBatch, Disagreement)
PUBDB_MODELS = [
    m for m in MODELS if m._meta.app_label in ("researchers", "papers") and m not in (*MADE_BY_IMPORTS, *REVIEW_QUEUES)
]
# Never added by hand (their admins say 403): django-axes' records of logins (the login limit), written by logins;
# disagreements, which fetches make (tests/test_provenance.py renders one's page); the review queues.
NOT_ADDED_BY_HAND = [m for m in MODELS if m._meta.app_label == "axes"] + [Disagreement] + REVIEW_QUEUES
# Background jobs and the queue's rows (curation/jobs/): made by queueing work, never added by hand (403 too).
QUEUED = [m for m in MODELS if m._meta.label in ("curation.Job", "django_tasks_database.DBTaskResult")]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_admin_page_renders_for_a_curator(demo, staff_client, django_user_model):
    someone = django_user_model.objects.create_user("someone", "someone@example.org")
    chen = Researcher.objects.get(slug="chen-zhang")
    Claim.objects.create(user=someone, researcher=chen, method=Claim.Method.CURATOR, message="It is me.")
    proposals.propose(someone, chen, {"headline": "Professor"})
    failures = []
    for model in MODELS:
        pages = [url(model, "changelist")] + ([] if model in NOT_ADDED_BY_HAND + QUEUED else [url(model, "add")])
        obj = model.objects.first()
        if model in PUBDB_MODELS:
            assert obj is not None, f"the demo data has no {model._meta.verbose_name}"
        if obj is not None:
            pages += [url(model, "change", obj.pk), url(model, "history", obj.pk)]
        failures += [(page, status) for page in pages if (status := staff_client.get(page).status_code) != 200]
    assert failures == []


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(model, "changelist")).status_code == 200
    return len(ctx.captured_queries)


def add_rows(count):
    owner = ResearcherFactory()
    for _ in range(count):
        paper = paper_with_authors(owner, coauthors=2)
        AwardFactory(paper=paper)


def test_changelist_queries_do_not_grow_with_rows(staff_client):
    add_rows(3)
    few = {model._meta.label: changelist_queries(staff_client, model) for model in MODELS}
    add_rows(30)
    many = {model._meta.label: changelist_queries(staff_client, model) for model in MODELS}
    assert many == few


def test_paper_change_page_edits_authors_inline(demo, staff_client):
    paper = Paper.objects.get(title="Sparse Teachers Can Be Dense with Knowledge")
    page = staff_client.get(url(Paper, "change", paper.pk)).content.decode()
    assert "Yi Yang" in page and 'name="authorships-0-equal_contribution"' in page


def test_researcher_search_finds_native_names_and_aliases(demo, staff_client):
    assert "Chen Zhang" in staff_client.get(url(Researcher, "changelist"), {"q": "张辰"}).content.decode()
    assert "Bing Qin" in staff_client.get(url(Researcher, "changelist"), {"q": "Bin Qin"}).content.decode()


def test_deleting_an_awarded_paper_in_the_admin_is_refused_with_the_reason(demo, staff_client):
    award = Award.objects.filter(paper__isnull=False).select_related("paper").first()
    page = staff_client.get(url(Paper, "delete", award.paper.pk)).content.decode()
    assert "would require deleting the following protected related objects" in page
    staff_client.post(url(Paper, "delete", award.paper.pk), {"post": "yes"})
    assert Paper.objects.filter(pk=award.paper.pk).exists()


def test_a_bad_orcid_in_the_admin_form_shows_the_message_and_saves_nothing(demo, staff_client):
    chen = Researcher.objects.get(slug="chen-zhang")
    response = staff_client.get(url(Researcher, "change", chen.pk))
    data = {"name": chen.name, "slug": chen.slug, "interests": "[]", "orcid": "0000-0002-1825-0098"}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for field in management.fields:
            data[f"{management.prefix}-{field}"] = management.initial.get(field, 0)
        data[f"{management.prefix}-TOTAL_FORMS"] = 0
        data[f"{management.prefix}-INITIAL_FORMS"] = 0
    response = staff_client.post(url(Researcher, "change", chen.pk), data)
    assert response.status_code == 200
    assert "wrong check digit" in response.content.decode()
    chen.refresh_from_db()
    assert chen.orcid == ""
