"""Real-browser tests: Playwright driving Debian's Chromium against the live server.

Skipped only when /usr/bin/chromium is missing and PUBDB_REQUIRE_BROWSER is not set; CI sets it, so there
a missing browser fails. Screenshots go to test-artifacts/ (gitignored).
"""

import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import pytest

from api.curators import curator_group

# Playwright's sync API runs an event loop in this thread; Django must still allow its ORM here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
CURATOR_PASSWORD = "a-long-curator-passphrase"
SIX = ["chen-zhang", "zekun-wang", "yu-zhang", "hanting-chen", "songming-zhang", "kunlong-chen"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests"
        if os.environ.get("PUBDB_REQUIRE_BROWSER"):
            pytest.fail(message + " (PUBDB_REQUIRE_BROWSER is set)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def make_curator(django_user_model, username="cora"):
    user = django_user_model.objects.create_user(username, password=CURATOR_PASSWORD, is_staff=True)
    user.groups.add(curator_group())
    return user


@contextmanager
def admin_page(browser, base_url, username="cora"):
    """A desktop page logged in to the admin as a curator made by `make_curator`; the browser console's errors
    and the page's uncaught exceptions are collected in `page.errors`."""
    context = browser.new_context(viewport=DESKTOP, base_url=base_url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", CURATOR_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def test_visitor_reads_a_profile_expands_an_abstract_and_follows_a_coauthor(page):
    page.goto("/researchers/hanting-chen/")
    assert page.locator("h1").inner_text() == "Hanting Chen"
    entry = page.locator("li.paper", has_text="Multi-Granularity Semantic Revision")
    abstract = entry.locator("details.abstract p")
    assert not abstract.is_visible()
    entry.locator("details.abstract summary").click()
    assert abstract.is_visible()
    assert "Knowledge distillation is crucial" in abstract.inner_text()

    entry.locator(".paper-authors a", has_text="Yunhe Wang").click()
    page.wait_for_url("**/researchers/yunhe-wang/")
    assert page.locator("h1").inner_text() == "Yunhe Wang"
    assert page.locator("strong.owner", has_text="Yunhe Wang").count() == 1
    assert page.locator("li.paper", has_text="Multi-Granularity Semantic Revision").count() == 1


def test_visitor_searches_by_native_name_and_opens_the_profile(page):
    page.goto("/")
    page.fill("#site-q", "张辰")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert unquote(page.url).endswith("q=张辰")
    page.locator("#sr-people + ul a", has_text="Chen Zhang").click()
    page.wait_for_url("**/researchers/chen-zhang/")
    assert "张辰" in page.locator("h1").inner_text()
    assert page.locator("h3.group-title").first.inner_text().startswith("Efficient Language Models")


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(("label", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_pages_fit_phone_and_desktop_widths(page, label, viewport):
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size(viewport)
    for path in [f"/researchers/{slug}/" for slug in SIX] + ["/", "/papers/", "/search/?q=distillation", "/awards/"]:
        page.goto(path)
        assert no_horizontal_overflow(page), f"{path} overflows at {viewport['width']}px"
    page.goto("/researchers/chen-zhang/")
    main = page.locator(".profile-main").bounding_box()
    if label == "desktop":
        sidebar = page.locator(".profile-side").bounding_box()
        assert sidebar["x"] > main["x"] + main["width"] - 1  # metrics and honours beside the list
    else:  # one column on a phone, the metrics above the list and the other boxes below it
        metrics, honours = page.locator(".metrics").bounding_box(), page.locator("#honours").bounding_box()
        assert metrics["y"] < main["y"] < honours["y"] and abs(metrics["x"] - main["x"]) < 1
    page.screenshot(path=str(ARTIFACTS / f"chen-zhang-{label}.png"), full_page=True)
    page.goto("/researchers/kunlong-chen/")
    page.screenshot(path=str(ARTIFACTS / f"kunlong-chen-{label}.png"))


def test_dark_mode_and_print_style(page):
    page.goto("/researchers/zekun-wang/")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light != dark and dark == "rgb(20, 23, 29)"
    page.screenshot(path=str(ARTIFACTS / "zekun-wang-dark.png"))
    page.emulate_media(media="print", color_scheme="light")
    assert not page.locator(".section-nav").is_visible()
    assert not page.locator("form.filters").is_visible()
    assert page.locator("li.paper").first.is_visible()


ISSUE_TITLE = r"Learning $x^2$ and $\alpha_i$ with 100% {Braces} & under_scores #1: “Quotes” ~ Über-naïve café"
ISSUE_AUTHORS = ["Chen Zhang", "王小明", "José Müller-Łukasiewicz", "Zoë Ñúñez de la Peña", "François O'Brien"]


def test_the_issue_paper_page_cites_it_in_its_proceedings_in_apa_and_acl(page):
    """The Cite block as a visitor sees it: names (one-word, particle, apostrophe) and 'In Proceedings of'."""
    from papers.models import Venue
    from researchers.models import Researcher
    from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory

    acl = Venue.objects.get(acronym="ACL")
    paper = PaperFactory(title=ISSUE_TITLE, venue=acl, track="Volume 1: Long Papers", year=2025, pages="100-112")
    for position, name in enumerate(ISSUE_AUTHORS, start=1):
        person = Researcher.objects.get(slug="chen-zhang") if position == 1 else ResearcherFactory(name=name)
        AuthorshipFactory(paper=paper, researcher=person, position=position, printed_name=name)
    page.goto(f"/papers/{paper.pk}/")
    references = {
        figure.locator("figcaption").inner_text(): figure.locator("p").inner_text()
        for figure in page.locator("figure.reference").all()
        if figure.locator("p").count()
    }
    proceedings = (
        "Proceedings of the Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)"
    )
    assert references["APA"] == (
        "Zhang, C., 王小明, Müller-Łukasiewicz, J., de la Peña, Z. Ñ., & O'Brien, F. (2025). "
        f"{ISSUE_TITLE}. In {proceedings} (pp. 100–112). ACL."
    )
    assert references["ACL"] == (
        "Chen Zhang, 王小明, José Müller-Łukasiewicz, Zoë Ñúñez de la Peña, and François O'Brien. 2025. "
        f"{ISSUE_TITLE}. In {proceedings}, pages 100–112. ACL."
    )
    # The proceedings' title is set in italics, as both styles want it.
    assert page.locator("figure.reference p i", has_text="Proceedings of the").count() == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("section.cite").screenshot(path=str(ARTIFACTS / "issue-paper-cite.png"))


# Draws two different characters in the page's font: a missing CJK font draws the same box ("tofu") for both.
DRAWS_DISTINCT_GLYPHS = """(chars) => {
  const font = getComputedStyle(document.querySelector("h1")).font;
  const drawn = chars.map((c) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 64;
    const ctx = canvas.getContext("2d");
    ctx.font = font.replace(/\\d+(\\.\\d+)?px/, "40px");
    ctx.fillText(c, 4, 48);
    return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(",");
  });
  return drawn[0] !== drawn[1];
}"""


def test_a_reader_switches_to_chinese_and_reads_a_profile_in_cjk(page):
    page.goto("/researchers/chen-zhang/")
    page.locator("nav.languages a", has_text="简体中文").click()
    page.wait_for_url("**/zh-hans/researchers/chen-zhang/")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("张辰") and heading.endswith("Chen Zhang")  # the name as he writes it, first
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("#coauthors-h").inner_text().startswith("合作者")
    assert page.locator("#pubs-h").inner_text().startswith("论文")
    assert page.evaluate(DRAWS_DISTINCT_GLYPHS, ["张", "辰"]), "CJK characters render as empty boxes: no CJK font"
    assert no_horizontal_overflow(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chen-zhang-zh-hans.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert no_horizontal_overflow(page)
    page.screenshot(path=str(ARTIFACTS / "chen-zhang-zh-hans-phone.png"))
    # Links keep the language; the switch back gives the same page in English, and the choice holds.
    page.locator(".site-header .nav a", has_text="论文").click()
    page.wait_for_url("**/zh-hans/papers/")
    page.locator("nav.languages a", has_text="English").click()
    page.wait_for_url(lambda url: url.endswith("/papers/") and "/zh-hans/" not in url)
    assert page.locator("h1").inner_text() == "Papers"


def test_a_chinese_browser_arrives_on_the_chinese_pages(browser, live_server, demo):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto("/researchers/zekun-wang/")
        assert page.url.endswith("/zh-hans/researchers/zekun-wang/")
        assert page.locator("h1").inner_text().startswith("汪泽堃")
        page.screenshot(path=str(ARTIFACTS / "zekun-wang-zh-hans.png"))
    finally:
        context.close()
