"""Browser journeys from outside: a homepage on another site embeds a list and calls the API; a newcomer opens the docs.

The other site is a plain http.server on another port of 127.0.0.1, so the browser treats it as another origin
than the live server (localhost, its own port), as it would treat a lab's homepage.
"""

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories import ResearcherFactory, paper_with_authors
from tests.test_browser import browser  # noqa: F401 (the one Chromium of the browser tests)

README = Path(__file__).resolve().parent.parent / "README.md"
PHONE = {"width": 390, "height": 844}
EXAMPLE_DOMAIN = re.compile(r"(^|\.)example\.(com|org|net)$")

pytestmark = pytest.mark.browser


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def other_site(tmp_path):
    """A second origin serving the files written to tmp_path; yields (folder, origin)."""
    (tmp_path / "favicon.ico").write_bytes(b"")  # the browser asks for one; a 404 would be a console error
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, live_server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def person(db):
    person = ResearcherFactory(name="Lin Wei", slug="lin-wei")
    paper_with_authors(person, title="Framed Paper", year=2024)
    paper_with_authors(person, title="Fetched Old Paper", year=2015)
    return person


def readme_iframe(live_server, slug):
    """The README's iframe snippet, pointed at the live server."""
    snippet = re.search(r'<iframe src="https://HOST/researchers/<slug>/embed/[^"]*"[^>]*></iframe>', README.read_text())
    return snippet.group(0).replace("https://HOST", live_server.url).replace("<slug>", slug)


def test_a_homepage_on_another_site_frames_the_list_and_fetches_the_api(page, live_server, other_site, person):
    folder, origin = other_site
    (folder / "index.html").write_text(
        f"""<!doctype html><meta charset="utf-8"><title>Lin Wei</title>
        {readme_iframe(live_server, person.slug)}
        <ol id="from-api"></ol>
        <script>
        fetch("{live_server.url}/api/v1/researchers/{person.slug}/papers/")
          .then(response => response.json())
          .then(data => data.results.forEach(paper => {{
            const item = document.createElement("li");
            item.textContent = paper.title;
            document.getElementById("from-api").append(item);
          }}));
        </script>"""
    )
    page.goto(f"{origin}/index.html")

    frame = page.frame_locator("iframe")
    frame.locator(".pubdb-list li", has_text="Framed Paper").wait_for()
    assert frame.locator(".pubdb-list li", has_text="Fetched Old Paper").count() == 0  # the snippet's ?start=2020
    border = frame.locator(".pubdb-list h2").first.evaluate("h2 => getComputedStyle(h2).borderBottomStyle")
    assert border == "solid"  # embed.css is applied inside the frame
    page.locator("#from-api li", has_text="Fetched Old Paper").wait_for()
    assert page.locator("#from-api li").all_inner_texts() == ["Framed Paper", "Fetched Old Paper"]
    assert page.errors == []


def test_another_site_cannot_frame_the_profile_page(page, live_server, other_site, person):
    folder, origin = other_site
    (folder / "index.html").write_text(f'<iframe src="{live_server.url}/researchers/{person.slug}/"></iframe>')
    page.goto(f"{origin}/index.html")
    page.wait_for_timeout(500)
    frame = page.frames[1]
    assert urlsplit(live_server.url).netloc not in frame.url or frame.locator("h1").count() == 0
    assert any("frame-ancestors 'none'" in error for error in page.errors)


def test_api_root_is_clean_and_fits_a_phone(browser, live_server):  # noqa: F811
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # a phone honours <meta viewport>
    page = phone.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/api/v1/", wait_until="networkidle")
    assert page.locator(".breadcrumb").inner_text().strip() == "Api Root"
    assert page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]") == [390, 390]
    assert errors == []
    phone.close()


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_api_docs_use_nothing_from_another_host(page, live_server, path):
    fetched = []
    page.on("response", lambda response: fetched.append(response.url))  # what reached a server, not what CSP refused
    page.goto(f"{live_server.url}{path}", wait_until="networkidle")
    page.locator("h1, h2", has_text="pubdb API").first.wait_for()  # the docs rendered
    page.wait_for_load_state("networkidle")
    host = urlsplit(live_server.url).netloc
    assert [url for url in fetched if url.startswith("http") and urlsplit(url).netloc != host] == []
    links = page.evaluate(
        "Array.from(document.querySelectorAll('[href], [src]'), e => e.href?.baseVal ?? e.href ?? e.src)"
    )
    # The samples of URL fields name the reserved example domains (RFC 2606), never a real host.
    elsewhere = [url for url in links if url.startswith("http") and urlsplit(url).netloc != host]
    assert [url for url in elsewhere if not EXAMPLE_DOMAIN.search(urlsplit(url).netloc)] == []


def test_favicon_ico_is_the_site_icon(page, live_server):
    response = page.goto(f"{live_server.url}/favicon.ico")
    assert response.ok
    assert response.url.endswith("/static/img/favicon.svg")
    assert response.headers["content-type"].startswith("image/svg+xml")
