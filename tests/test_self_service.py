"""Researchers serve themselves: sign up (verified e-mail) or sign in with ORCID, claim a profile, edit it, add
papers, propose corrections to shared records; curators review claims and proposals in the admin."""

import re

import httpx
import pytest
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.db import IntegrityError
from django.test import Client

from curation import proposals
from curation.models import ChangeProposal
from papers.models import Authorship, Paper
from researchers.models import Claim, NewsItem, Researcher
from tests.factories import ResearcherFactory, VenueFactory, paper_with_authors

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-passphrase-42"


def sign_up(client, email):
    """Sign up through allauth's form and follow the verification link it mails: a verified, signed-in account."""
    response = client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    assert client.post(link).status_code == 302
    assert client.post("/accounts/login/", {"login": email, "password": PASSWORD}).status_code == 302
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=email)


def owner_of(researcher, email="owner@example.org"):
    """A signed-in client whose account owns `researcher` (a claim accepted, as any proof ends)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email.split("@")[0], email)
    Claim.objects.create(user=user, researcher=researcher, method=Claim.Method.CURATOR, status=Claim.Status.ACCEPTED)
    client = Client()
    client.force_login(user)
    return client, user


def test_sign_up_needs_the_mailed_verification_before_the_first_sign_in(client):
    response = client.post(
        "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new@example.org"]
    assert client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD}).url == (
        "/accounts/confirm-email/"
    )
    assert client.get("/me/").status_code == 302  # not signed in
    user = sign_up(Client(), "other@example.org")
    assert user.emailaddress_set.get().verified


def test_sign_up_is_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for n in range(2):
        data = {"email": f"n{n}@example.org", "password1": PASSWORD, "password2": PASSWORD}
        assert client.post("/accounts/signup/", data).status_code == 302
        client.logout()
    data = {"email": "n3@example.org", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post("/accounts/signup/", data).status_code == 429


def through_fake_orcid(client, fake_orcid, process):
    """Start ORCID's OAuth from our button (a POST), let the fake authorize answer its redirect back with a code,
    and follow that to our callback, which asks the fake's token endpoint and record server-side."""
    response = client.post("/accounts/orcid/login/", {"process": process})
    assert response.url.startswith(f"{fake_orcid.url}/oauth/authorize?")
    authorize = httpx.get(response.url)  # the browser's step at ORCID, here without a browser
    assert authorize.status_code == 302
    return client.get(authorize.headers["Location"].replace("http://testserver", ""))


def test_orcid_connects_a_verified_id_that_claims_the_profile_with_it(client, fake_orcid):
    ada = ResearcherFactory(name="Ada Lovelace", orcid="0000-0002-1825-0097")
    client.force_login(sign_up(Client(), "ada@example.org"))
    assert "Claim with my verified ORCID iD" not in client.get(f"/profile/{ada.slug}/claim/").content.decode()

    assert through_fake_orcid(client, fake_orcid, "connect").status_code == 302
    assert fake_orcid.token_requests[0]["client_id"] == "APP-PUBDBTEST0000001"
    assert SocialAccount.objects.get(provider="orcid").uid == "0000-0002-1825-0097"

    assert "Claim with my verified ORCID iD" in client.get(f"/profile/{ada.slug}/claim/").content.decode()
    assert client.post(f"/profile/{ada.slug}/claim/", {"method": "orcid"}).status_code == 302
    assert Claim.objects.get(researcher=ada).status == Claim.Status.ACCEPTED
    assert "Maintained by its owner" in client.get(ada.get_absolute_url()).content.decode()


def test_a_new_orcid_sign_in_asks_for_an_email_address_first(client, fake_orcid):
    response = through_fake_orcid(client, fake_orcid, "login")
    assert response.url == "/accounts/3rdparty/signup/"
    assert client.get("/accounts/3rdparty/signup/").status_code == 200


def test_an_orcid_id_that_is_not_the_profiles_claims_nothing(client):
    someone = ResearcherFactory(orcid="0000-0002-1825-0097")
    client.force_login(sign_up(Client(), "x@example.org"))
    response = client.post(f"/profile/{someone.slug}/claim/", {"method": "orcid"})
    assert response.status_code == 400
    assert "not this profile" in response.content.decode()
    assert not Claim.objects.exists()


def test_claim_by_the_mail_to_the_profiles_address(client):
    person = ResearcherFactory(email="chen@lab.example")
    client.force_login(sign_up(Client(), "chen.personal@example.org"))
    assert "Claim this profile" in Client().get(person.get_absolute_url()).content.decode()
    assert client.post(f"/profile/{person.slug}/claim/", {"method": "email"}).status_code == 302
    proof = mail.outbox[-1]
    assert proof.to == ["chen@lab.example"]
    link = re.search(r"http://testserver(/me/claims/\S+/)", proof.body).group(1)

    stranger = Client()
    stranger.force_login(sign_up(Client(), "stranger@example.org"))
    assert stranger.get(link).status_code == 400  # the link proves the claim of the account that asked
    assert Claim.objects.get().status == Claim.Status.PENDING
    assert client.get(link[:-2] + "x/").status_code == 400  # tampered

    assert client.get(link).status_code == 302
    assert Claim.objects.get().status == Claim.Status.ACCEPTED
    page = Client().get(person.get_absolute_url()).content.decode()
    assert "Maintained by its owner" in page and "Claim this profile" not in page


def test_claim_by_a_curators_approval_in_the_admin_queue(staff_client):
    person = ResearcherFactory()
    client = Client()
    client.force_login(sign_up(Client(), "claimant@example.org"))
    assert client.post(f"/profile/{person.slug}/claim/", {"method": "curator", "message": ""}).status_code == 400
    client.post(f"/profile/{person.slug}/claim/", {"method": "curator", "message": "I am <b>her</b>."})
    claim = Claim.objects.get()
    page = staff_client.get(f"/admin/researchers/claim/{claim.pk}/change/").content.decode()
    assert "I am &lt;b&gt;her&lt;/b&gt;." in page
    response = staff_client.post(f"/admin/researchers/claim/{claim.pk}/change/", {"_reject": "1", "reason": ""})
    assert Claim.objects.get().status == Claim.Status.PENDING  # a rejection needs a reason
    response = staff_client.post(
        f"/admin/researchers/claim/{claim.pk}/change/", {"_accept": "1", "reason": "Checked the lab page."}
    )
    assert response.status_code == 302
    assert Claim.objects.get().status == Claim.Status.ACCEPTED
    assert mail.outbox[-1].to == ["claimant@example.org"] and "Checked the lab page." in mail.outbox[-1].body


def test_one_account_one_researcher_is_held_by_the_database():
    first, second = ResearcherFactory(), ResearcherFactory()
    _client, user = owner_of(first)
    with pytest.raises(IntegrityError):
        Claim.objects.create(user=user, researcher=second, method="curator", status=Claim.Status.ACCEPTED)


def test_a_claimed_profile_cannot_be_claimed_again():
    person = ResearcherFactory(email="p@lab.example")
    owner_of(person)
    other, _user = owner_of(ResearcherFactory(), "other@example.org")
    response = other.post(f"/profile/{person.slug}/claim/", {"method": "email"})
    assert response.status_code == 400
    assert Claim.objects.filter(researcher=person).count() == 1


@pytest.mark.page_cache
def test_an_owners_edit_is_live_at_once_and_in_the_history(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the set-up's writes bump the version, as committed
        person = ResearcherFactory(headline="Student")
        client, user = owner_of(person)
    visitor = Client()
    assert "Student" in visitor.get(person.get_absolute_url()).content.decode()  # now cached
    form = {"headline": "Assistant Professor <i>NLP</i>", "bio": "", "interests": "NLP\nIR", "email": ""}
    with django_capture_on_commit_callbacks(execute=True):  # the data version goes up when the edit commits
        assert client.post(f"/profile/{person.slug}/edit/", form).status_code == 302
    page = visitor.get(person.get_absolute_url()).content.decode()
    assert "Assistant Professor &lt;i&gt;NLP&lt;/i&gt;" in page
    record = Researcher.history.filter(id=person.pk).first()
    assert record.history_user == user and record.history_change_reason.startswith("Profile edit by")


def test_owner_adds_a_news_item_and_flags_a_selected_paper():
    person = ResearcherFactory()
    paper = paper_with_authors(person)
    client, _user = owner_of(person)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-text": "Our paper was accepted.",
        "form-0-year": "2025",
        "form-0-order": "0",
    }
    assert client.post(f"/profile/{person.slug}/items/news/", data).status_code == 302
    assert NewsItem.objects.get(researcher=person).text == "Our paper was accepted."
    row = Authorship.objects.get(researcher=person, paper=paper)
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": row.pk, "form-0-selected": "on"}
    assert client.post(f"/profile/{person.slug}/papers/", data).status_code == 302
    assert Authorship.objects.get(pk=row.pk).selected


def test_owner_gives_talks_and_projects_their_links():
    person = ResearcherFactory()
    client, _user = owner_of(person)
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-title": "On Parsing", "form-0-order": "0"}
    refused = client.post(
        f"/profile/{person.slug}/items/talks/", {**data, "form-0-links": "handout https://a.example/"}
    )
    assert "is not a kind of link" in refused.content.decode() and not person.talks.exists()
    links = "slides https://a.example/talk.pdf\nvideo https://a.example/talk.mp4"
    assert client.post(f"/profile/{person.slug}/items/talks/", {**data, "form-0-links": links}).status_code == 302
    talk = person.talks.get()
    assert sorted(talk.links.values_list("kind", flat=True)) == ["slides", "video"]
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "1", "form-0-id": talk.pk, "form-0-title": "On Parsing"}
    data |= {"form-0-order": "0", "form-0-links": "slides https://a.example/talk.pdf", "form-1-order": "0"}
    assert client.post(f"/profile/{person.slug}/items/talks/", data).status_code == 302
    assert list(talk.links.values_list("kind", flat=True)) == ["slides"]
    project = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "Parser", "form-0-order": "0"}
    project["form-0-links"] = "code https://git.example/parser"
    assert client.post(f"/profile/{person.slug}/items/projects/", project).status_code == 302
    assert person.projects.get().links.get().url == "https://git.example/parser"


def test_owner_adds_a_paper_by_hand_with_themselves_among_the_authors():
    person = ResearcherFactory(name="Ann Lee")
    client, _user = owner_of(person)
    data = {"title": "By Hand", "year": "2024", "kind": "conference", "status": "published", "venue": ""}
    refused = client.post(f"/profile/{person.slug}/papers/add/", {**data, "authors": "Bo Li"})
    assert refused.status_code == 400 and not Paper.objects.exists()
    assert client.post(f"/profile/{person.slug}/papers/add/", {**data, "authors": "Bo Li\nAnn Lee"}).status_code == 302
    paper = Paper.objects.get(title="By Hand")
    assert [a.researcher_id for a in paper.authorships.in_order()][1] == person.pk


def test_owner_adds_a_paper_by_identifier(sources):
    person = ResearcherFactory(name="Wei Chen")
    client, _user = owner_of(person)
    identifier = {"identifier": "doi:10.18653/v1/2023.acl-long.101"}
    preview = client.post(f"/profile/{person.slug}/papers/add/", identifier)
    assert preview.status_code == 200 and not Paper.objects.exists()  # a preview first: nothing written
    assert "Sparse Attention with Early Exit" in preview.content.decode()
    response = client.post(f"/profile/{person.slug}/papers/add/", {**identifier, "confirm": "1"})
    assert response.status_code == 302
    paper = Paper.objects.get(doi="10.18653/v1/2023.acl-long.101")
    assert paper.authorships.filter(researcher=person).exists()
    refused = client.post(f"/profile/{person.slug}/papers/add/", {"identifier": "orcid:0000-0002-1825-0097"})
    assert refused.status_code == 400


def test_the_one_permission_rule_both_ways(staff_client):
    mine, theirs = ResearcherFactory(), ResearcherFactory(headline="Kept")
    client, _user = owner_of(mine)
    their_paper = paper_with_authors(theirs)
    form = {"headline": "Hijacked", "interests": ""}
    assert client.post(f"/profile/{theirs.slug}/edit/", form).status_code == 403
    assert client.get(f"/propose/paper/{their_paper.pk}/").status_code == 403
    assert client.get(f"/propose/person/{mine.slug}/").status_code == 403  # their own: they edit it
    anonymous = Client()
    assert anonymous.post(f"/profile/{theirs.slug}/edit/", form).status_code == 302  # to the sign-in
    assert staff_client.post(f"/profile/{theirs.slug}/edit/", {**form, "headline": "Fixed"}).status_code == 302
    assert Researcher.objects.get(pk=theirs.pk).headline == "Fixed"
    assert client.get(f"/propose/person/{theirs.slug}/").status_code == 200


def test_forms_need_the_csrf_token():
    person = ResearcherFactory(headline="Kept")
    _client, user = owner_of(person)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(f"/profile/{person.slug}/edit/", {"headline": "Forged"}).status_code == 403
    assert Researcher.objects.get(pk=person.pk).headline == "Kept"


def test_a_proposal_waits_for_a_curator_who_accepts_it_into_the_history(staff_client):
    ann = ResearcherFactory(name="Ann Lee")
    paper = paper_with_authors(ann, coauthors=1, title="Old Title", venue=VenueFactory(acronym="ACL"))
    other_venue = VenueFactory(acronym="EMNLP")
    client, user = owner_of(ann, "ann@example.org")
    form = client.get(f"/propose/paper/{paper.pk}/").context["form"]
    names = form.initial["authors"].splitlines()
    data = {
        "title": "New <script>alert(1)</script> Title",
        "venue": other_venue.pk,
        "year": "2024",
        "authors": "\n".join(reversed(names)),
        "links": form.initial["links"],
        "topics": form.initial["topics"],  # the boxes ticked as the page shows them
        "comment": "The camera-ready.",
    }
    assert client.post(f"/propose/paper/{paper.pk}/", data).status_code == 302
    assert Paper.objects.get(pk=paper.pk).title == "Old Title"  # nothing changes before a curator says so
    proposal = ChangeProposal.objects.get()
    assert set(proposal.changes) == {"title", "venue", "authors"}

    page = staff_client.get(f"/admin/curation/changeproposal/{proposal.pk}/change/").content.decode()
    assert "New &lt;script&gt;alert(1)&lt;/script&gt; Title" in page and "<script>alert(1)" not in page
    assert "EMNLP" in page and "ACL" in page
    assert staff_client.post(f"/admin/curation/changeproposal/{proposal.pk}/change/", {"_accept": "1"}).status_code
    paper.refresh_from_db()
    assert paper.title.startswith("New") and paper.venue == other_venue
    assert [a.display_name for a in paper.authorships.in_order()] == list(reversed(names))
    assert paper.history.first().history_change_reason.startswith(f"Proposal #{proposal.pk}")
    assert mail.outbox[-1].to == ["ann@example.org"] and "accepted" in mail.outbox[-1].subject


def test_an_owners_topics_for_a_paper_are_a_proposal_to_the_shared_record(staff_client):
    """A paper's topics are one set on the shared paper, which every co-author's profile groups it by: the owner
    ticks the topics of their own list, a curator accepts, and the paper carries them for every author."""
    from tests.factories import TopicFactory

    ann, bo = ResearcherFactory(name="Ann Lee"), ResearcherFactory(name="Bo Li")
    paper = paper_with_authors(ann, coauthors=0, title="Shared")
    paper.authorships.create(researcher=bo, position=2, printed_name="Bo Li")
    old_topic = paper.topics.get()
    parsing, unrelated = TopicFactory(name="Parsing"), TopicFactory(name="Not Ann's")
    ann.profile_topics.create(topic=parsing, position=1)
    client, _user = owner_of(ann, "ann@example.org")
    page = client.get(f"/propose/paper/{paper.pk}/")
    choices = {label for _value, label in page.context["form"].fields["topics"].choices}
    assert choices == {"Parsing", old_topic.name}  # her list's topics and the paper's, not every topic
    form = page.context["form"]
    data = {field: value for field, value in form.initial.items() if value is not None and field != "topics"}
    assert client.post(f"/propose/paper/{paper.pk}/", {**data, "topics": [parsing.pk]}).status_code == 302
    assert list(paper.topics.all()) == [old_topic]  # the shared record waits for a curator
    proposal = ChangeProposal.objects.get()
    assert set(proposal.changes) == {"topics"}
    refused = client.post(f"/propose/paper/{paper.pk}/", {**data, "topics": [unrelated.pk]})
    assert refused.status_code == 400  # a topic outside her list and the paper's is not hers to give

    review = staff_client.get(f"/admin/curation/changeproposal/{proposal.pk}/change/").content.decode()
    assert "Parsing" in review and old_topic.name in review
    staff_client.post(f"/admin/curation/changeproposal/{proposal.pk}/change/", {"_accept": "1"})
    assert list(paper.topics.all()) == [parsing]
    assert f"?topic={parsing.slug}" in Client().get(paper.get_absolute_url()).content.decode()  # the public paper page


def test_a_rejected_proposal_tells_the_proposer_why_and_a_stale_one_is_refused(staff_client):
    ann = ResearcherFactory(name="Ann Lee")
    paper = paper_with_authors(ann, coauthors=1, title="Old Title")
    _client, user = owner_of(ann, "ann@example.org")
    first = proposals.propose(user, paper, {"title": "First"})
    second = proposals.propose(user, paper, {"title": "Second"})
    url = f"/admin/curation/changeproposal/{first.pk}/change/"
    staff_client.post(url, {"_reject": "1", "reason": "The paper says otherwise."})
    assert ChangeProposal.objects.get(pk=first.pk).status == ChangeProposal.Status.REJECTED
    assert "The paper says otherwise." in mail.outbox[-1].body
    Paper.objects.filter(pk=paper.pk).update(title="Changed meanwhile")
    response = staff_client.post(f"/admin/curation/changeproposal/{second.pk}/change/", {"_accept": "1"}, follow=True)
    assert "Changed since it was proposed: Title." in response.content.decode()
    assert Paper.objects.get(pk=paper.pk).title == "Changed meanwhile"


def test_proposals_are_rate_limited(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "propose_change": "1/h/user"}
    ann = ResearcherFactory(name="Ann Lee")
    other = ResearcherFactory(headline="Old")
    client, _user = owner_of(ann)
    data = {"name": other.name, "native_name": "", "headline": "New", "homepage": ""}
    assert client.post(f"/propose/person/{other.slug}/", data).status_code == 302
    assert client.post(f"/propose/person/{other.slug}/", {**data, "headline": "Newer"}).status_code == 429
    assert ChangeProposal.objects.count() == 1


# session, user, the owner's permissions (user, groups), the owned profile, the researcher, then the page's own:
# the author rows counted for the pages (1) and the page's with their papers (1); the items (1) and each choice field's
# options, read once for every form (venues: count and rows); the claims and proposals (2); the talks' links (1).
OWNER_PAGE_QUERIES = {"papers/": 8, "items/services/": 9, "items/talks/": 8, "/me/": 6}


@pytest.mark.parametrize("page", sorted(OWNER_PAGE_QUERIES))
def test_owner_pages_cost_a_fixed_number_of_queries(page, django_assert_num_queries):
    person = ResearcherFactory()
    client, _user = owner_of(person)
    url = page if page.startswith("/") else f"/profile/{person.slug}/{page}"
    for _ in range(2):  # more papers, more items: the same queries
        paper = paper_with_authors(person)
        person.services.create(role="reviewer", venue=paper.venue, year_start=2024)
        person.talks.create(title="A talk").links.create(kind="slides", url="https://example.org/slides.pdf")
        with django_assert_num_queries(OWNER_PAGE_QUERIES[page]):
            assert client.get(url).status_code == 200


def test_a_chinese_page_that_needs_a_sign_in_sends_to_the_chinese_form(client):
    """Without a language cookie or a Chinese Accept-Language (a link followed from elsewhere): the URL's language."""
    assert client.get("/zh-hans/me/").url == "/zh-hans/accounts/login/?next=/zh-hans/me/"
    assert client.get("/me/").url == "/accounts/login/?next=/me/"


# session, user, the paper, the owner's claim, their authorship of the paper (may_propose), the paper's values
# (authors, links, topics: 3), the venues' options and the topics' options (the owner's list and the paper's: 1).
PROPOSE_PAPER_QUERIES = 10


def test_the_proposal_form_costs_a_fixed_number_of_queries(django_assert_num_queries):
    from tests.factories import TopicFactory

    ann = ResearcherFactory(name="Ann Lee")
    paper = paper_with_authors(ann)
    client, _user = owner_of(ann)
    for n in range(2):  # more topics on her list and the paper, more venues: the same queries
        ann.profile_topics.create(topic=TopicFactory(), position=n)
        paper.topics.add(TopicFactory())
        VenueFactory()
        with django_assert_num_queries(PROPOSE_PAPER_QUERIES):
            assert client.get(f"/propose/paper/{paper.pk}/").status_code == 200
