"""Roles: each curator action runs only for a user with every permission curation.permissions lists for it
(delete where it deletes), and the list covers every change the action makes.

Each action is tried, through the admin, by a staff user who lacks one of its permissions (refused, nothing
changed) and by one who has exactly its permissions (done, and its change set needs no other permission).
"""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from curation.history import change_set_records
from curation.models import Job
from curation.permissions import ACTION_PERMISSIONS, missing_permissions, require
from papers.models import Authorship, Disagreement, ImportBatch, Paper
from researchers.models import Claim, NewsItem, Researcher
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory, paper_with_authors
from tests.test_history import form_data

pytestmark = pytest.mark.django_db
BIB = """@inproceedings{n, title = {New Paper}, author = {Ann Lee and Bo Li}, booktitle = {New Venue 2024},
  year = 2024, url = {https://example.org/new.pdf}}
@article{k, title = {Known Paper}, author = {Cy Wu}, journal = {J}, year = 2024, doi = {10.1000/k}}"""
HISTORY_VERB = {"+": "add", "~": "change", "-": "delete"}


def lacking_one(action):
    """Through the admin, each action without a delete permission (where it deletes) and without another one;
    test_each_listed_permission_is_required checks the rest of the table without the admin's cost."""
    perms = sorted(ACTION_PERMISSIONS[action])
    deletes = [p for p in perms if ".delete_" in p]
    cases = deletes[:1] + [p for p in perms if p not in deletes][:1]
    return [pytest.param(action, perm, id=f"{action}-without-{perm}") for perm in cases]


@pytest.fixture
def login(client, django_user_model):
    """Log `client` in as a staff user holding exactly `perms` ("app.codename")."""

    def as_user_with(perms):
        user = django_user_model.objects.create_user("role", password="unused-here", is_staff=True)
        for perm in perms:
            app, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
        client.force_login(user)
        return client

    return as_user_with


def permissions_used(reason):
    """The model permissions a change set's rows call for: add for a row it made, change, delete."""
    return {
        f"{r.instance_type._meta.app_label}.{HISTORY_VERB[r.history_type]}_{r.instance_type._meta.model_name}"
        for r in change_set_records(reason)
    }


# Each action: arrange() makes the data, run(client, data) tries it through the admin and returns the
# response, done(data) says whether it happened, and reason(data) names its change set.


def imported(tmp_path):
    PaperFactory(title="Known Paper", year=2024, doi="", venue=None)
    path = tmp_path / "lab.bib"
    path.write_text(BIB)
    call_command("import_bibtex", str(path), stdout=io.StringIO())
    return ImportBatch.objects.get()


def merged_pair():
    keep, other = ResearcherFactory(name="Bing Qin"), ResearcherFactory(name="Bin Qin")
    paper_with_authors(other)
    NewsItem.objects.create(researcher=other, text="Joined a lab.")
    return keep, other


def merge(client, keep, other):
    data = {"action": "merge_into", "_selected_action": [keep.pk, other.pk], "keep": keep.pk, "apply": "Merge"}
    return client.post("/admin/researchers/researcher/", data)


def split(client, authorship):
    data = {"action": "move_authorships", "_selected_action": [authorship.pk], "apply": "Move"}
    return client.post("/admin/papers/authorship/", data)


class ImportPapers:
    @staticmethod
    def arrange(tmp_path, admin_client):
        return None

    @staticmethod
    def run(client, data):
        return client.post("/admin/papers/importbatch/add/", {"text": BIB, "format": "bibtex", "confirm": "1"})

    @staticmethod
    def done(data):
        return Paper.objects.filter(title="New Paper").exists()

    @staticmethod
    def reason(data):
        return ImportBatch.objects.get().change_reason


class RevertImport:
    @staticmethod
    def arrange(tmp_path, admin_client):
        return imported(tmp_path)

    @staticmethod
    def run(client, batch):
        return client.post(f"/admin/papers/importbatch/{batch.pk}/revert/")

    @staticmethod
    def done(batch):
        return not Paper.objects.filter(title="New Paper").exists()

    @staticmethod
    def reason(batch):
        return f"Revert of {batch.change_reason}"


class MergeResearchers:
    @staticmethod
    def arrange(tmp_path, admin_client):
        return merged_pair()

    @staticmethod
    def run(client, pair):
        return merge(client, *pair)

    @staticmethod
    def done(pair):
        return not Researcher.objects.filter(pk=pair[1].pk).exists()

    @staticmethod
    def reason(pair):
        return Researcher.history.get(history_type="-").history_change_reason


class SplitAuthorships:
    @staticmethod
    def arrange(tmp_path, admin_client):
        mixed = ResearcherFactory(name="Chen Zhang")
        AuthorshipFactory(researcher=mixed)
        return AuthorshipFactory(researcher=mixed)

    @staticmethod
    def run(client, authorship):
        return split(client, authorship)

    @staticmethod
    def done(authorship):
        return Authorship.objects.get(pk=authorship.pk).researcher_id != authorship.researcher_id

    @staticmethod
    def reason(authorship):
        new_person = Authorship.objects.get(pk=authorship.pk).researcher_id
        return Researcher.history.get(history_type="+", id=new_person).history_change_reason


class UndoMerge:
    @staticmethod
    def arrange(tmp_path, admin_client):
        pair = merged_pair()
        merge(admin_client, *pair)
        return Researcher.history.get(history_type="-").history_change_reason

    @staticmethod
    def run(client, reason):
        return client.post("/admin/researchers/researcher/merges/", {"reason": reason})

    @staticmethod
    def done(reason):
        return Researcher.objects.filter(name="Bin Qin").exists()

    @staticmethod
    def reason(reason):
        return f"Revert of {reason}"


class RevertPaper:
    @staticmethod
    def arrange(tmp_path, admin_client):
        paper = PaperFactory(title="Original Title", venue=None)
        AuthorshipFactory(paper=paper, position=1)
        good = paper.history.get()
        url = f"/admin/papers/paper/{paper.pk}/change/"
        edit = form_data(admin_client.get(url))
        edit.update({"title": "Wrong Title", "authorships-0-DELETE": "on"})
        assert admin_client.post(url, edit).status_code == 302
        revert_url = f"/admin/papers/paper/{paper.pk}/history/{good.history_id}/"
        return paper, revert_url, form_data(admin_client.get(revert_url))

    @staticmethod
    def run(client, data):
        paper, url, form = data
        return client.post(url, form)

    @staticmethod
    def done(data):
        paper = Paper.objects.get(pk=data[0].pk)
        return paper.title == "Original Title" and paper.authorships.exists()

    @staticmethod
    def reason(data):
        return Paper.objects.get(pk=data[0].pk).history.first().history_change_reason


class CancelJob:
    @staticmethod
    def arrange(tmp_path, admin_client):
        return Job.objects.create(kind=Job.IMPORT_FILE, title="lab.bib", state=Job.RUNNING)

    @staticmethod
    def run(client, job):
        return client.post(f"/admin/curation/job/{job.pk}/cancel/")

    @staticmethod
    def done(job):
        return Job.objects.get(pk=job.pk).cancel_requested

    @staticmethod
    def reason(job):
        return f"no change set: a cancel changes the job's row only (job {job.pk})"


class ReviewClaims:
    @staticmethod
    def arrange(tmp_path, admin_client):
        from django.contrib.auth import get_user_model

        claimant = get_user_model().objects.create_user("claimant", "claimant@example.org")
        return Claim.objects.create(
            user=claimant, researcher=ResearcherFactory(), method=Claim.Method.CURATOR, message="It is me."
        )

    @staticmethod
    def run(client, claim):
        return client.post(f"/admin/researchers/claim/{claim.pk}/change/", {"_accept": "Accept", "reason": ""})

    @staticmethod
    def done(claim):
        return Claim.objects.get(pk=claim.pk).status == Claim.Status.ACCEPTED

    @staticmethod
    def reason(claim):
        return "no change set: a claim is not a curated row"


class ReviewProposals:
    @staticmethod
    def arrange(tmp_path, admin_client):
        from django.contrib.auth import get_user_model

        from curation import proposals

        paper = paper_with_authors(ResearcherFactory(name="Ann Lee"), coauthors=1, title="Old Title")
        proposer = get_user_model().objects.create_user("proposer", "proposer@example.org")
        names = proposals.current_values(paper)["authors"]
        new = {"title": "New Title", "authors": [*reversed(names), "Brand New Person"]}
        return proposals.propose(proposer, paper, new)

    @staticmethod
    def run(client, proposal):
        url = f"/admin/curation/changeproposal/{proposal.pk}/change/"
        return client.post(url, {"_accept": "Accept", "reason": ""})

    @staticmethod
    def done(proposal):
        return Paper.objects.get(pk=proposal.paper_id).title == "New Title"

    @staticmethod
    def reason(proposal):
        return Paper.objects.get(pk=proposal.paper_id).history.first().history_change_reason


class DecideDisagreements:
    @staticmethod
    def arrange(tmp_path, admin_client):
        paper = PaperFactory(title="A Curated Title")
        return Disagreement.objects.create(
            paper=paper,
            field="title",
            current=paper.title,
            proposed="The Source's Title",
            proposed_key="the source's title",
            source="crossref",
        )

    @staticmethod
    def run(client, disagreement):
        data = {"action": "accept_selected", "_selected_action": [str(disagreement.pk)], "index": 0}
        return client.post("/admin/papers/disagreement/", data)

    @staticmethod
    def done(disagreement):
        return Paper.objects.get(pk=disagreement.paper_id).title == "The Source's Title"

    @staticmethod
    def reason(disagreement):
        return Paper.objects.get(pk=disagreement.paper_id).history.first().history_change_reason


ACTIONS = {
    "cancel_job": CancelJob,
    "decide_disagreements": DecideDisagreements,
    "review_claims": ReviewClaims,
    "review_proposals": ReviewProposals,
    "import_papers": ImportPapers,
    "revert_import": RevertImport,
    "merge_researchers": MergeResearchers,
    "split_authorships": SplitAuthorships,
    "undo_merge_or_split": UndoMerge,
    "revert_paper": RevertPaper,
}


def test_every_action_in_the_table_is_tested_here():
    assert set(ACTIONS) == set(ACTION_PERMISSIONS)


@pytest.fixture
def admin_client_for_setup(django_user_model):
    from django.test import Client

    client = Client()
    client.force_login(django_user_model.objects.create_superuser("setup", "setup@example.org", "unused-here"))
    return client


@pytest.mark.parametrize("action,lacking", [case for action in ACTION_PERMISSIONS for case in lacking_one(action)])
def test_an_action_is_refused_to_a_user_lacking_one_of_its_permissions(
    action, lacking, login, tmp_path, admin_client_for_setup
):
    steps = ACTIONS[action]
    data = steps.arrange(tmp_path, admin_client_for_setup)
    client = login(ACTION_PERMISSIONS[action] - {lacking})

    response = steps.run(client, data)

    # 403 from a curation page; an admin action not offered to this user gives the changelist back (200, 302).
    # The same run() does the action for a user with the permissions (the test below).
    assert response.status_code in (200, 302, 403)
    assert not steps.done(data)


@pytest.mark.parametrize("action", sorted(ACTION_PERMISSIONS))
def test_each_listed_permission_is_required(action, django_user_model):
    user = django_user_model.objects.create_user("role", is_staff=True)
    for perm in sorted(ACTION_PERMISSIONS[action]):
        app, codename = perm.split(".")
        user.user_permissions.set(Permission.objects.filter(content_type__app_label=app).exclude(codename=codename))
        user = django_user_model.objects.get(pk=user.pk)  # has_perm caches
        assert perm in missing_permissions(user, action)
        with pytest.raises(PermissionDenied, match=perm):
            require(user, action)


@pytest.mark.parametrize("action", sorted(ACTION_PERMISSIONS))
def test_an_action_runs_for_a_user_with_exactly_its_permissions_and_they_cover_what_it_does(
    action, login, tmp_path, admin_client_for_setup
):
    steps = ACTIONS[action]
    data = steps.arrange(tmp_path, admin_client_for_setup)
    client = login(ACTION_PERMISSIONS[action])

    response = steps.run(client, data)

    assert response.status_code == 302
    assert steps.done(data)
    assert permissions_used(steps.reason(data)) <= ACTION_PERMISSIONS[action]


def test_a_user_with_only_change_permissions_cannot_delete_through_revert_or_merge(login, tmp_path):
    """The audit's finding: "change" alone deleted papers (revert) and a person (merge)."""
    batch = imported(tmp_path)
    keep, other = merged_pair()
    client = login(
        {
            f"{app}.change_{model}"
            for app, model in [("papers", "paper"), ("papers", "authorship"), ("researchers", "researcher")]
        }
    )
    assert client.post(f"/admin/papers/importbatch/{batch.pk}/revert/").status_code == 403
    merge(client, keep, other)
    assert Paper.objects.filter(title="New Paper").exists() and Researcher.objects.filter(pk=other.pk).exists()
    changelist = client.get("/admin/researchers/researcher/").content.decode()
    assert "merge_into" not in changelist and "delete_selected" not in changelist
