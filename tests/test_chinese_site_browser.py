"""The site is usable in Chinese: a visitor and an owner walk the Chinese pages in Chromium (home, a profile by
topic and by year, a paper, search, the directory, an organization, the sign-in, the owner's forms, a proposal)
and read lists of names, captions and form labels as Chinese writes them. Screenshots: test-artifacts/zh-*.png."""

import pytest

from researchers.models import Claim, Position
from tests.factories import (
    AuthorshipFactory,
    OrganizationFactory,
    PaperFactory,
    ResearcherFactory,
    TopicFactory,
    VenueFactory,
)
from tests.test_browser import ARTIFACTS, DESKTOP, browser  # noqa: F401 (the one Chromium of the browser tests)
from tests.test_self_service_browser import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, django_user_model):
    lab = OrganizationFactory(name="Example University")
    ann = ResearcherFactory(name="Ann Lee", native_name="李安", slug="ann-lee", affiliation=lab)
    bo, chen = ResearcherFactory(name="Bo Li"), ResearcherFactory(name="Chen Wang")
    parsing = TopicFactory(name="Parsing")
    ann.profile_topics.create(topic=parsing, position=1)
    position = Position.objects.create(
        researcher=ann, kind=Position.Kind.EDUCATION, organization=lab, start_year=2019, current=True
    )
    position.advisors.add(bo, chen)
    venue = VenueFactory(acronym="ACL")
    papers = []
    for year, title in ((2021, "Parsing In Three Hands"), (2024, "Parsing Again")):
        paper = PaperFactory(title=title, year=year, venue=venue)
        for n, person in enumerate((ann, bo, chen), start=1):
            AuthorshipFactory(paper=paper, researcher=person, position=n)
        papers.append(paper)
    papers[0].topics.add(parsing)
    user = django_user_model.objects.create_user("ann", "ann@example.org", PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Claim.objects.create(user=user, researcher=ann, method=Claim.Method.CURATOR, status=Claim.Status.ACCEPTED)
    return ann, papers, parsing


@pytest.fixture
def page(browser, live_server):  # noqa: F811
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"zh-{name}.png"), full_page=True)


def test_a_visitor_reads_lists_of_names_and_captions_as_chinese_writes_them(site, page):
    ann, papers, _parsing = site
    page.goto("/zh-hans/")
    assert "Ann Lee、Bo Li和Chen Wang" in page.inner_text("main")
    shot(page, "home")
    for order in ("topic", "year"):
        page.goto(f"/zh-hans{ann.get_absolute_url()}?order={order}")
        authors = page.locator("#publications .authors").all_inner_texts()
        assert authors and all(text == "Ann Lee、Bo Li和Chen Wang" for text in authors), authors
        shot(page, f"profile-by-{order}")
    assert page.inner_text(".chart figcaption").startswith("每年论文数（2021–2024）")
    assert "Bo Li、Chen Wang" in page.inner_text("#timeline")
    page.goto(f"/zh-hans{papers[0].get_absolute_url()}")
    assert page.inner_text("h1 ~ .authors, main .authors >> nth=0") == "Ann Lee、Bo Li和Chen Wang"
    assert "Ann Lee, Bo Li, and Chen Wang" in page.inner_text("main")  # the ACL citation keeps its style's commas
    shot(page, "paper")
    page.goto("/zh-hans/search/?q=Parsing")
    assert "Ann Lee、Bo Li和Chen Wang" in page.inner_text("main")
    shot(page, "search")
    page.goto("/zh-hans/researchers/")
    shot(page, "directory")
    page.goto(f"/zh-hans{ann.affiliation.get_absolute_url()}")
    assert "Ann Lee、Bo Li和Chen Wang" in page.inner_text("main")
    shot(page, "organization")
    page.goto("/researchers/ann-lee/")  # an English address, a Chinese browser: the Chinese page
    assert page.url.endswith("/zh-hans/researchers/ann-lee/")
    page.click("text=English")
    assert "Ann Lee, Bo Li and Chen Wang" in page.locator("#publications .authors").first.inner_text()


def test_an_owner_signs_in_edits_and_proposes_in_chinese(site, page):
    ann, papers, parsing = site
    page.goto("/zh-hans/me/")  # a page that needs a sign-in sends to the Chinese sign-in form
    assert "/zh-hans/accounts/login/" in page.url
    assert page.locator("label[for=id_login]").inner_text().endswith("：")
    shot(page, "login")
    page.fill("input[name=login]", "ann@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/zh-hans/me/")

    page.goto(f"/zh-hans/profile/{ann.slug}/edit/")
    labels = page.locator("form.owner-form label").all_inner_texts()
    assert labels and all(label.endswith("：") for label in labels if not label.startswith("ORCID")), labels
    assert "Current position" not in page.inner_text("form.owner-form")
    shot(page, "edit-profile")
    page.goto(f"/zh-hans/profile/{ann.slug}/papers/add/")
    by_hand = page.inner_text("form:has(input[name=title])")
    for english in ("Title", "Year", "Kind", "Venue", "Track", "Empty for a preprint"):
        assert english not in by_hand, english
    shot(page, "add-paper")

    # Her topic for a paper she wrote: a proposal to the shared record, ticked on the Chinese form.
    page.goto(f"/zh-hans{papers[1].get_absolute_url()}")
    page.click("text=提交修改建议")
    page.locator(f"input[name=topics][value='{parsing.pk}']").check()
    page.fill("textarea[name=comment]", "这篇论文属于句法分析。")
    shot(page, "propose")
    page.click("form.owner-form button[type=submit]")
    assert "等待管理员" in page.inner_text(".messages")
    assert papers[1].topics.count() == 0  # until a curator accepts
    from curation.models import ChangeProposal

    assert ChangeProposal.objects.get().changes["topics"] == {"old": [], "new": [parsing.pk]}
