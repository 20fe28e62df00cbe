"""/api/v1/claims/ and /api/v1/proposals/: curators read and decide the queues with a token; nobody else."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.authtoken.models import Token

from curation import proposals
from curation.models import ChangeProposal
from papers.models import Paper
from researchers.models import Claim
from tests.factories import ResearcherFactory, paper_with_authors

pytestmark = pytest.mark.django_db


def claims(n):
    first = Claim.objects.count()
    for i in range(first, first + n):
        user = get_user_model().objects.create_user(f"c{i}", f"c{i}@example.org")
        Claim.objects.create(user=user, researcher=ResearcherFactory(), method="curator", message=f"Me {i}")


def test_the_queues_need_a_curators_token(client):
    claims(1)
    assert client.get("/api/v1/claims/").status_code == 401
    plain = get_user_model().objects.create_user("plain")
    headers = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=plain).key}"}
    assert client.get("/api/v1/claims/", **headers).status_code == 403
    assert client.post(f"/api/v1/claims/{Claim.objects.get().pk}/accept/", **headers).status_code == 403
    assert Claim.objects.get().status == Claim.Status.PENDING


def test_a_curator_accepts_a_claim_and_rejects_a_proposal_through_the_api(curator_client):
    claims(1)
    claim = Claim.objects.get()
    response = curator_client.post(f"/api/v1/claims/{claim.pk}/accept/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    again = curator_client.post(f"/api/v1/claims/{claim.pk}/accept/", {}, content_type="application/json")
    assert again.status_code == 400 and "already decided" in str(again.json())

    paper = paper_with_authors(claim.researcher, title="Old")
    proposal = proposals.propose(claim.user, paper, {"title": "New"})
    detail = curator_client.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert detail["changes"] == [{"field": "title", "old": "Old", "new": "New"}]
    url = f"/api/v1/proposals/{proposal.pk}/reject/"
    assert curator_client.post(url, {"reason": ""}, content_type="application/json").status_code == 400
    response = curator_client.post(url, {"reason": "Not so."}, content_type="application/json")
    assert response.json()["status"] == "rejected" and response.json()["reason"] == "Not so."
    assert Paper.objects.get(pk=paper.pk).title == "Old"
    assert mail.outbox[-1].to == [claim.user.email]


@pytest.mark.parametrize("path", ["/api/v1/claims/", "/api/v1/proposals/"])
def test_the_queue_lists_cost_the_same_queries_whatever_their_length(curator_client, path, django_assert_num_queries):
    # token and its user, the curator's permissions (user, groups), the count, the page with its joins
    for n in (2, 5):
        claims(n)
        for claim in Claim.objects.all():
            if not ChangeProposal.objects.filter(researcher=claim.researcher).exists():
                proposals.propose(claim.user, claim.researcher, {"headline": "Changed"})
        with django_assert_num_queries(5):
            assert curator_client.get(path).status_code == 200


def test_a_queue_lists_only_the_status_asked_for(curator_client):
    claims(2)
    first, second = Claim.objects.order_by("pk")
    accepted = curator_client.post(f"/api/v1/claims/{first.pk}/accept/", {}, content_type="application/json")
    assert accepted.status_code == 200
    pending = curator_client.get("/api/v1/claims/", {"status": "pending"}).json()
    assert [row["id"] for row in pending["results"]] == [second.pk]
    proposal = proposals.propose(second.user, second.researcher, {"headline": "Changed"})
    curator_client.post(f"/api/v1/proposals/{proposal.pk}/reject/", {"reason": "No."}, content_type="application/json")
    assert curator_client.get("/api/v1/proposals/", {"status": "pending"}).json()["count"] == 0
    assert curator_client.get("/api/v1/proposals/", {"status": "rejected"}).json()["count"] == 1
