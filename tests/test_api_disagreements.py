"""/api/v1/disagreements/: a curator lists and decides the sources' disagreements with a token, as in the admin;
anonymous callers are told to authenticate, other users are refused, and nothing changes for them."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from papers.models import Disagreement, Paper
from tests.test_provenance import ACL, TITLE, fetch

pytestmark = pytest.mark.django_db
# token and its user, the curator's permissions (user, groups), then the disagreement with its decider
DETAIL_QUERIES = 4
# ... the disagreement (get_object), the decision's transaction (savepoint, the row locked, its update, release),
# the answer's row again
REJECT_QUERIES = 9
# ... and the paper locked, its venue checked (full_clean), its update and its history row
ACCEPT_QUERIES = 13


def curated_then_fetched(curator_client, title="Curated title"):
    """A paper from Crossref whose title a curator changed through the API, fetched again: Crossref disagrees."""
    fetch(ACL)
    paper = Paper.objects.get()
    response = curator_client.patch(f"/api/v1/papers/{paper.pk}/", {"title": title}, content_type="application/json")
    assert response.status_code == 200, response.content
    fetch(ACL)
    return paper


def post(client, disagreement, action, **headers):
    return client.post(
        f"/api/v1/disagreements/{disagreement.pk}/{action}/", {}, content_type="application/json", **headers
    )


def test_a_curator_lists_and_accepts_a_disagreement(sources, curator_client):
    paper = curated_then_fetched(curator_client)
    listing = curator_client.get("/api/v1/disagreements/", {"status": "open"}).json()
    assert listing["count"] == 1
    row = listing["results"][0]
    assert (row["paper"], row["field"], row["current"], row["proposed"]) == (paper.pk, "title", "Curated title", TITLE)
    assert (row["source"], row["identifier"], row["status"], row["decided_by"]) == ("crossref", ACL, "open", None)
    disagreement = Disagreement.objects.get()
    response = post(curator_client, disagreement, "accept")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["decided_by"]) == ("accepted", "api-curator")
    paper.refresh_from_db()
    assert paper.title == TITLE and paper.provenance["title"]["accepted"] is True
    again = post(curator_client, disagreement, "reject")
    assert again.status_code == 400 and "already accepted" in str(again.json())
    assert curator_client.get("/api/v1/disagreements/", {"status": "open"}).json()["count"] == 0


def test_a_rejected_value_stays_out_and_is_not_proposed_again(sources, curator_client):
    paper = curated_then_fetched(curator_client)
    response = post(curator_client, Disagreement.objects.get(), "reject")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    fetch(ACL)
    paper.refresh_from_db()
    assert paper.title == "Curated title" and Disagreement.objects.count() == 1


def test_a_value_the_paper_refuses_is_a_400_and_nothing_changes(sources, curator_client):
    paper = curated_then_fetched(curator_client)
    disagreement = Disagreement.objects.create(
        paper=paper, field="title", current=paper.title, proposed="x" * 600, proposed_key="long", source="crossref"
    )
    response = post(curator_client, disagreement, "accept")
    assert response.status_code == 400 and "at most 500 characters" in str(response.json())
    paper.refresh_from_db()
    assert paper.title == "Curated title" and Disagreement.objects.get(pk=disagreement.pk).status == "open"


def test_the_queue_needs_a_curators_token(sources, client, curator_client):
    curated_then_fetched(curator_client)
    disagreement = Disagreement.objects.get()
    client.defaults.pop("HTTP_AUTHORIZATION")
    assert client.get("/api/v1/disagreements/").status_code == 401
    assert client.get(f"/api/v1/disagreements/{disagreement.pk}/").status_code == 401
    assert post(client, disagreement, "accept").status_code == 401
    plain = get_user_model().objects.create_user("plain")
    headers = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=plain).key}"}
    assert client.get("/api/v1/disagreements/", **headers).status_code == 403
    assert post(client, disagreement, "accept", **headers).status_code == 403
    assert post(client, disagreement, "reject", **headers).status_code == 403
    assert Disagreement.objects.get().status == "open" and Paper.objects.get().title == "Curated title"


def test_the_list_costs_the_same_queries_whatever_its_length(sources, curator_client, django_assert_num_queries):
    paper = curated_then_fetched(curator_client)
    decided = Disagreement.objects.get()
    post(curator_client, decided, "reject")  # one with its decider, who is joined, not fetched per row
    for n in (2, 5):
        for i in range(n):
            Disagreement.objects.create(
                paper=paper, field="pages", current="1", proposed=f"{n}-{i}", proposed_key=f"{n}-{i}", source="s2"
            )
        # token and its user, the curator's permissions (user, groups), the count, the page joined to its deciders
        with django_assert_num_queries(5):
            assert curator_client.get("/api/v1/disagreements/").status_code == 200


def test_a_decision_costs_the_same_queries_whatever_the_queue(sources, curator_client, django_assert_num_queries):
    paper = curated_then_fetched(curator_client)
    for n in range(4):  # others in the queue, and on the paper: not read by a decision
        Disagreement.objects.create(
            paper=paper, field="pages", current="1", proposed=str(n), proposed_key=str(n), source="s2"
        )
    title, pages = Disagreement.objects.get(field="title"), Disagreement.objects.get(proposed="0")
    with django_assert_num_queries(DETAIL_QUERIES):
        assert curator_client.get(f"/api/v1/disagreements/{title.pk}/").status_code == 200
    with django_assert_num_queries(REJECT_QUERIES):
        assert post(curator_client, pages, "reject").status_code == 200
    with django_assert_num_queries(ACCEPT_QUERIES):
        assert post(curator_client, title, "accept").status_code == 200
