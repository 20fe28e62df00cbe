"""Done when: three people in a real browser — an owner, another owner and a curator — sign up, claim, edit,
propose and review, and the public pages show the result. Screenshots go to test-artifacts/self-service-*.png."""

import re

import pytest
from django.core import mail

from api.curators import curator_group
from tests.factories import ResearcherFactory, VenueFactory, paper_with_authors
from tests.test_browser import ARTIFACTS, DESKTOP, browser  # noqa: F401 (the one Chromium of the browser tests)

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture
def people(transactional_db, django_user_model):
    ann = ResearcherFactory(name="Ann Lee", headline="Student")
    bo = ResearcherFactory(name="Bo Li", email="bo@lab.example")
    venue = VenueFactory(acronym="ACL")
    paper = paper_with_authors(ann, coauthors=0, title="Shared Paper With A Typo", venue=venue, year=2022)
    paper.authorships.create(researcher=bo, position=2, printed_name="Bo Li")
    paper_with_authors(ann, coauthors=1, title="Ann's Newer Paper", venue=venue, year=2024)
    paper_with_authors(ann, coauthors=1, title="Ann's Older Paper", venue=venue, year=2019)
    curator = django_user_model.objects.create_user("cora", "cora@example.org", PASSWORD, is_staff=True)
    curator.groups.add(curator_group())
    return ann, bo, paper


@pytest.fixture
def person(browser, live_server):  # noqa: F811
    """A browser of its own per person: person() opens one; all are closed at the end."""
    contexts = []

    def open_one():
        context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_one
    for context in contexts:
        context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"self-service-{name}.png"), full_page=True)


def titles(page, where):
    return page.locator(f"{where} .paper-title").all_inner_texts()


def sign_up(page, email):
    page.goto("/")
    page.click("text=Sign in")
    page.click("a[href^='/accounts/signup/']")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("form button[type=submit]")
    link = re.search(r"http://[^/]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.click("form button[type=submit]")  # confirm the address
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/me/")


def test_owner_other_owner_and_curator_claim_edit_propose_and_review(people, person):
    ann, bo, paper = people

    # Ann signs up and asks a curator to approve her claim.
    owner = person()
    sign_up(owner, "ann@example.org")
    owner.goto(ann.get_absolute_url())
    owner.click("text=Claim this profile")
    owner.fill("textarea[name=message]", "I am Ann Lee of the NLP lab: see our lab page.")
    owner.click("button[value=curator]")
    assert "waiting for a curator" in owner.inner_text(".messages")

    # Bo signs up and proves his claim by the mail to his profile's address.
    other = person()
    sign_up(other, "bo.personal@example.org")
    other.goto(bo.get_absolute_url())
    other.click("text=Claim this profile")
    other.click("button[value=email]")
    link = re.search(r"http://[^/]+(/me/claims/\S+/)", mail.outbox[-1].body).group(1)
    assert mail.outbox[-1].to == ["bo@lab.example"]
    other.goto(link)
    assert "You now maintain the profile of Bo Li" in other.inner_text(".messages")

    # The curator accepts Ann's claim from the admin's queue.
    curator = person()
    curator.goto("/admin/login/")
    curator.fill("#id_username", "cora")
    curator.fill("#id_password", PASSWORD)
    curator.click("input[type=submit]")
    curator.goto("/admin/researchers/claim/?status__exact=pending")
    curator.click("text=Ann Lee")
    assert "I am Ann Lee of the NLP lab" in curator.inner_text("#content")
    shot(curator, "claim-queue")
    curator.click("input[name=_accept]")
    assert "Accepted" in curator.inner_text(".messagelist")

    # Ann edits her own profile: live at once.
    owner.goto("/me/")
    owner.click("text=Edit your profile")
    owner.fill("input[name=headline]", "Assistant Professor")
    owner.click("form.owner-form button[type=submit]")
    assert owner.inner_text(".headline") == "Assistant Professor"
    assert "Maintained by its owner" in owner.inner_text(".maintained")
    shot(owner, "owner-profile")

    # Ann puts her oldest paper first with the ↑ buttons (the local script numbers the rows) and selects two.
    owner.goto("/me/")
    owner.click("text=Your papers")
    rows = owner.locator("table.papers-order tbody tr")
    assert rows.locator("td:nth-child(2)").all_inner_texts()[2].startswith("Ann's Older Paper")  # newest first
    for _ in range(2):
        rows.filter(has_text="Ann's Older Paper").locator("button.move").first.click()
    assert [row.input_value() for row in rows.locator("input.order-input").all()] == ["1", "2", "3"]
    for title in ("Ann's Older Paper", "Ann's Newer Paper"):
        rows.filter(has_text=title).locator("input[name$=-selected]").check()
    shot(owner, "papers-form")
    owner.click("form.owner-form button[type=submit]")
    assert "Saved." in owner.inner_text(".messages")
    assert owner.locator("input.order-input").first.input_value() == "1"
    owner.goto(f"/zh-hans/profile/{ann.slug}/papers/")
    assert owner.inner_text("h1") == "我的论文: Ann Lee"
    assert owner.locator("button.move").first.get_attribute("title") == "上移"
    shot(owner, "papers-form-zh")

    # Bo may not edit Ann's profile or her papers; he may propose a correction to the paper they share.
    refused = other.goto(f"/profile/{ann.slug}/edit/")
    assert refused.status == 403
    assert other.goto(f"/profile/{ann.slug}/papers/").status == 403
    other.goto(paper.get_absolute_url())
    other.click("text=Propose a correction")
    other.fill("input[name=title]", "Shared Paper Without A Typo")
    other.fill("textarea[name=comment]", "The camera-ready title.")
    other.click("form.owner-form button[type=submit]")
    assert "waiting for a curator" in other.inner_text(".messages")
    assert "Shared Paper With A Typo" in other.inner_text("h1")  # not before a curator accepts

    # The curator sees the diff and accepts; the proposer is mailed and the public page shows the new title.
    curator.goto("/admin/curation/changeproposal/")
    curator.click("text=Shared Paper With A Typo")
    assert "Shared Paper Without A Typo" in curator.inner_text("table.diff")
    shot(curator, "proposal-diff")
    curator.click("input[name=_accept]")
    assert mail.outbox[-1].to == ["bo.personal@example.org"]
    visitor = person()
    visitor.goto(ann.get_absolute_url())
    assert "Shared Paper Without A Typo" in visitor.inner_text("#publications")
    assert "Assistant Professor" in visitor.inner_text(".headline")
    shot(visitor, "public-profile")

    # The selected papers head the profile in Ann's order (by year they would read the other way round), and
    # a visitor may list them all in her order; in English and in Chinese.
    assert titles(visitor, ".selected-papers") == ["Ann's Older Paper", "Ann's Newer Paper"]
    visitor.select_option("select[name=order]", "profile")
    visitor.click("form.filters button[type=submit]")
    assert "order=profile" in visitor.url
    assert titles(visitor, "#publications") == ["Ann's Older Paper", "Ann's Newer Paper", "Shared Paper Without A Typo"]
    shot(visitor, "owners-order")
    visitor.goto(f"/zh-hans{ann.get_absolute_url()}?order=profile")
    assert visitor.locator("select[name=order] option:checked").inner_text() == "按主页所有者的排序"
    assert titles(visitor, ".selected-papers") == ["Ann's Older Paper", "Ann's Newer Paper"]
    shot(visitor, "owners-order-zh")


@pytest.fixture
def signed_in_owner(transactional_db, django_user_model, person):
    """Ann, who owns her profile (a claim accepted), signed in in a browser of her own."""
    from allauth.account.models import EmailAddress

    from researchers.models import Claim

    ann = ResearcherFactory(name="Ann Lee")
    user = django_user_model.objects.create_user("ann", "ann@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Claim.objects.create(user=user, researcher=ann, method=Claim.Method.CURATOR, status=Claim.Status.ACCEPTED)
    page = person()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/me/")
    return ann, page


def fill_item(page, kind, values, links=""):
    """The owner's list of `kind` (news, talks, …): the empty last form filled with `values` and saved."""
    page.goto("/me/")
    page.click(f"a[href$='/items/{kind}/']")
    form = page.locator("fieldset.item-form").last
    for name, value in values.items():
        field = form.locator(f"[name$=-{name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        elif field.get_attribute("type") == "checkbox":
            field.check()
        else:
            field.fill(value)
    if links:
        form.locator("textarea[name$=-links]").fill(links)
    page.click("form.owner-form button[type=submit]")
    assert "Saved." in page.inner_text(".messages"), page.inner_text("main")


def test_an_owner_keeps_every_part_of_their_profile_on_the_public_site(signed_in_owner, tmp_path):
    """The issue's list, as the owner does it in the browser: bio, headline, affiliation, photo, interests, links
    and ids; news, talks, services, projects, positions and topics (talks and projects with their links); a paper
    added by hand. The public profile shows each."""
    from PIL import Image

    from tests.factories import OrganizationFactory, TopicFactory

    ann, owner = signed_in_owner
    OrganizationFactory(name="Example University")
    VenueFactory(acronym="EMNLP")
    topic = TopicFactory(name="Parsing")
    photo = tmp_path / "ann.png"
    Image.new("RGB", (64, 64), "teal").save(photo)

    owner.click("text=Edit your profile")
    owner.fill("input[name=headline]", "Assistant Professor")
    owner.select_option("select[name=affiliation]", label="Example University")
    owner.fill("textarea[name=bio]", "I work on **parsing**.")
    owner.set_input_files("input[name=photo]", str(photo))
    owner.fill("textarea[name=interests]", "Parsing\nMachine translation")
    owner.fill("input[name=homepage]", "https://ann.example.org/")
    owner.fill("input[name=github]", "annlee")
    owner.click("form.owner-form button[type=submit]")

    fill_item(owner, "news", {"year": "2025", "text": "Our paper was accepted."})
    fill_item(owner, "talks", {"title": "On Parsing", "host": "EU"}, links="slides https://ann.example.org/talk.pdf")
    fill_item(owner, "services", {"role": "Area chair", "venue": "EMNLP", "year_start": "2024"})
    fill_item(
        owner, "projects", {"name": "Parser", "description": "A fast parser."}, links="code https://git.example/p"
    )
    fill_item(
        owner,
        "positions",
        {
            "kind": "Employment",
            "title": "Assistant Professor",
            "organization": "Example University",
            "start_year": "2023",
            "current": "on",
        },
    )
    fill_item(owner, "topics", {"topic": "Parsing", "position": "1"})

    owner.goto("/me/")
    owner.click("text=Add a paper")
    owner.fill("input[name=title]", "Parsing By Hand")
    owner.fill("input[name=year]", "2024")
    owner.fill("textarea[name=authors]", "Ann Lee\nBo Li")
    owner.click("form:has(input[name=title]) button[type=submit]")
    assert owner.inner_text("h1") == "Parsing By Hand"

    owner.goto(ann.get_absolute_url())
    profile = owner.inner_text("article.profile")
    for shown in (
        "Assistant Professor",
        "Example University",
        "parsing",
        "Machine translation",
        "Our paper was accepted.",
        "On Parsing",
        "Area chair",
        "Parser",
        "Parsing By Hand",
    ):
        assert shown in profile, shown
    assert owner.locator("img.avatar").count() == 1
    assert owner.locator("#talks a[href='https://ann.example.org/talk.pdf']").count() == 1
    assert owner.locator("#projects a[href='https://git.example/p']").count() == 1
    assert owner.locator("a[href='https://github.com/annlee']").count() == 1
    shot(owner, "owner-everything")
    owner.goto(f"/zh-hans/profile/{ann.slug}/items/talks/")
    shot(owner, "talks-form-zh")
    assert "Title" not in owner.inner_text("form.owner-form")  # the labels are translated
    assert topic.pk


def test_an_owner_adds_a_paper_by_its_doi_after_a_preview(transactional_db, django_user_model, person, sources):
    """The owner gives a DOI; the paper is fetched from the (local) source and previewed, nothing written; on
    confirmation it is added, the owner linked among its authors, and their profile lists it. In Chinese too."""
    from allauth.account.models import EmailAddress

    from papers.models import Paper
    from researchers.models import Claim

    wei = ResearcherFactory(name="Wei Chen")
    user = django_user_model.objects.create_user("wei", "wei@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Claim.objects.create(user=user, researcher=wei, method=Claim.Method.CURATOR, status=Claim.Status.ACCEPTED)
    owner = person()
    owner.goto("/zh-hans/accounts/login/")
    owner.fill("input[name=login]", user.email)
    owner.fill("input[name=password]", PASSWORD)
    owner.click("form button[type=submit]")
    owner.wait_for_url("**/me/")

    owner.goto("/me/")
    owner.click("text=Add a paper")
    owner.fill("input[name=identifier]", "doi:10.18653/v1/2023.acl-long.101")
    owner.click("form:has(input[name=identifier]) button[type=submit]")
    preview = owner.locator(".add-preview")
    assert preview.locator(".paper-title").inner_text() == "Sparse Attention with Early Exit for Efficient Inference"
    assert preview.locator(".authors").inner_text() == "Ada Lovelace, Wei Chen and Suharto"
    assert preview.locator(".warning").count() == 0  # the source lists Wei Chen: he is among its authors
    assert not Paper.objects.exists()
    shot(owner, "add-by-doi-preview")

    preview.locator("button[name=confirm]").click()
    assert owner.inner_text("h1") == "Sparse Attention with Early Exit for Efficient Inference"
    assert "Added from the source." in owner.inner_text(".messages")
    owner.goto(wei.get_absolute_url())
    assert "Sparse Attention with Early Exit for Efficient Inference" in titles(owner, "#publications")
    assert owner.locator("#publications strong.owner").first.inner_text() == "Wei Chen"

    owner.goto(f"/zh-hans/profile/{wei.slug}/papers/add/")
    owner.fill("input[name=identifier]", "doi:10.18653/v1/2023.acl-long.101")
    owner.click("form:has(input[name=identifier]) button[type=submit]")
    assert owner.locator(".add-preview .authors").inner_text() == "Ada Lovelace、Wei Chen和Suharto"
    assert "已在数据库中" in owner.inner_text(".add-preview")  # fetched again: the paper is there, unchanged
    shot(owner, "add-by-doi-preview-zh")
