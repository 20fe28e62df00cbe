"""The site in English and Simplified Chinese (pubdb/i18n.py): the URL's language, Accept-Language and the
switch, the page cache kept apart by language, dates, numbers and names per locale, and the catalogue itself."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from papers.models import Paper
from researchers.models import Claim
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory, VenueFactory
from tests.site_data import add_papers, full_profile
from tests.test_pages import DIRECTORY_QUERIES, HOME_QUERIES, PAPER_LIST_QUERIES, PROFILE_QUERIES, SEARCH_QUERIES

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|<[^>]+>")

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return full_profile()


def html_of(response):
    assert response.status_code == 200, response
    return response.content.decode()


# The catalogue


def po_entries(text):
    """(flags, msgctxt, msgid, [msgstr...]) of each entry of a .po file, header included."""
    entries = []
    for block in text.strip().split("\n\n"):
        flags, fields, key = [], {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key] += eval(line)  # noqa: S307  a .po string is a C string literal, as Python reads it
            else:
                key, _, value = line.partition(" ")
                fields[key] = eval(value)  # noqa: S307
        strings = [value for name, value in fields.items() if name.startswith("msgstr")]
        entries.append((flags, fields.get("msgctxt"), fields["msgid"], strings))
    return entries


def test_every_message_is_translated_none_fuzzy_placeholders_and_markup_kept():
    entries = po_entries(PO.read_text(encoding="utf-8"))
    messages = [entry for entry in entries if entry[2]]
    assert len(messages) > 200
    for flags, _, msgid, strings in messages:
        assert "fuzzy" not in flags, msgid
        assert strings and all(strings), f"untranslated: {msgid!r}"
        for msgstr in strings:
            assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid)), (msgid, msgstr)
            # Written for Chinese readers: Chinese text in every message but names, formats and symbols.
            if re.search(r"[A-Za-z]{4,}", re.sub(PLACEHOLDER, "", msgid)) and msgid not in {"BibTeX", "DOI"}:
                assert re.search(r"[\u4e00-\u9fff]", msgstr), (msgid, msgstr)
    header = entries[0][3][0]
    assert "Language: zh_Hans" in header and "Plural-Forms: nplurals=1; plural=0;" in header
    # GNU gettext's own checks: syntax, the header, and each python-format's directives against its msgid.
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(PO)], check=True)  # noqa: S603, S607


def test_the_catalogue_holds_every_message_of_the_code_and_templates(tmp_path, monkeypatch):
    """`make messages` would add nothing: no wrapped string of the site (anyone's) is left untranslated.

    Run on a copy of the sources, so that the catalogue in the tree is left as it is."""
    root = PO.parent.parent.parent.parent
    for folder in ("pubdb", "researchers", "papers", "front", "curation", "api", "templates", "locale"):
        shutil.copytree(root / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    current = {(c, m) for _, c, m, _ in po_entries(PO.read_text(encoding="utf-8")) if m}
    gathered = po_entries((tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    missing = {(c, m) for _, c, m, _ in gathered if m} - current
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"


# Languages by URL, Accept-Language and the switch


def test_english_is_unprefixed_and_chinese_is_under_zh_hans(client, person):
    english = html_of(client.get(person.get_absolute_url()))
    assert '<html lang="en">' in english and "Co-authors" in english and "合作者" not in english
    chinese_url = f"/zh-hans{person.get_absolute_url()}"
    response = client.get(chinese_url)
    chinese = html_of(response)
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in chinese
    for words in ("合作者", "学术服务", "荣誉与奖项", "论文", "教育与工作经历", "研究兴趣"):
        assert words in chinese, words
    assert "Co-authors" not in chinese and "Education and experience" not in chinese
    # The paper lists' Jinja2 partials speak the page's language too.
    assert "<summary>摘要</summary>" in chinese and "<summary>Abstract</summary>" in english
    # Links within the Chinese page stay Chinese.
    assert 'href="/zh-hans/papers/' in chinese and 'href="/papers/' not in chinese


def test_names_as_the_person_writes_them_native_first_in_chinese(client, person):
    chinese = html_of(client.get(f"/zh-hans{person.get_absolute_url()}"))
    assert "<title>林伟 (Lin Wei) · pubdb</title>" in chinese
    native_first = r'<h1><span itemprop="name" lang="zh">林伟</span> <span class="native"[^>]*>Lin Wei</span></h1>'
    assert re.search(native_first, chinese)
    english = html_of(client.get(person.get_absolute_url()))
    assert "<title>Lin Wei (林伟) · pubdb</title>" in english
    assert re.search(r'<h1><span itemprop="name">Lin Wei</span> <span class="native"[^>]*>林伟</span></h1>', english)
    # In every list of people too (the directory's partial).
    directory = html_of(client.get("/zh-hans/researchers/"))
    listed = r'<a href="/zh-hans/researchers/[-\w]+/" lang="zh">林伟</a> <span lang="en" class="native">Lin Wei'
    assert re.search(listed, directory)


def test_accept_language_sends_an_arrival_to_the_chinese_page_with_its_query(client, person):
    url = f"{person.get_absolute_url()}?order=year"
    for accept in ("zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans", "zh"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=accept)
        assert response.status_code == 302, accept
        assert response["Location"] == f"/zh-hans{url}"
        assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    for accept in ("en-GB,en;q=0.9,zh;q=0.5", "fr", ""):
        assert client.get(url, HTTP_ACCEPT_LANGUAGE=accept).status_code == 200, accept
    # A Chinese address is Chinese whatever the browser says; the API and the admin are not redirected.
    assert client.get(f"/zh-hans{url}", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    api = client.get("/api/v1/papers/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert api.status_code == 200 and api["Content-Language"] == "en"
    assert client.post("/researchers/", HTTP_ACCEPT_LANGUAGE="zh-CN").status_code != 302  # a form's POST is not


def test_the_switch_links_the_same_page_and_remembers_the_choice(client, person):
    english = html_of(client.get(f"{person.get_absolute_url()}?order=year"))
    links = re.findall(r'<a href="(/language/[^"]+)" hreflang="([^"]+)"', english)
    assert links == [("/language/zh-hans/?next=%2Fresearchers%2Flin-wei%2F%3Forder%3Dyear", "zh-hans")]
    to_chinese = client.get(links[0][0].replace("&amp;", "&"))
    assert to_chinese.status_code == 302 and to_chinese["Location"] == "/zh-hans/researchers/lin-wei/?order=year"
    assert to_chinese.cookies["django_language"].value == "zh-hans"
    # Now an English address redirects to Chinese even without Accept-Language: the cookie says so.
    assert client.get("/papers/")["Location"] == "/zh-hans/papers/"
    chinese = html_of(client.get("/zh-hans/researchers/lin-wei/?order=year"))
    back = re.findall(r'<a href="(/language/en/[^"]+)" hreflang="en"', chinese)
    assert back == ["/language/en/?next=%2Fzh-hans%2Fresearchers%2Flin-wei%2F%3Forder%3Dyear"]  # this page
    to_english = client.get(back[0])
    assert to_english["Location"] == "/researchers/lin-wei/?order=year"
    assert to_english.cookies["django_language"].value == "en"
    # The English choice holds against a Chinese browser.
    assert client.get("/papers/", HTTP_ACCEPT_LANGUAGE="zh-CN").status_code == 200


def test_the_switch_refuses_other_languages_and_other_sites(client):
    assert client.get("/language/fr/?next=/papers/").status_code == 404
    for target in ("//evil.example/", "https://evil.example/papers/", "papers/", ""):
        response = client.get("/language/zh-hans/", {"next": target})
        assert response["Location"] == "/zh-hans/", target
    assert client.post("/language/zh-hans/?next=/papers/").status_code == 405


def test_hreflang_alternates_and_canonical_on_every_page(client, person):
    chinese = html_of(client.get("/zh-hans/papers/?year=2022"))
    assert '<link rel="canonical" href="http://testserver/zh-hans/papers/?year=2022">' in chinese
    assert '<link rel="alternate" hreflang="en" href="http://testserver/papers/?year=2022">' in chinese
    assert '<link rel="alternate" hreflang="zh-hans" href="http://testserver/zh-hans/papers/?year=2022">' in chinese
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/papers/?year=2022">' in chinese


def test_sitemap_lists_each_page_in_both_languages_with_alternates(client, person):
    xml = client.get("/sitemap.xml").content.decode()
    profile = f"http://testserver{person.get_absolute_url()}"
    chinese = f"http://testserver/zh-hans{person.get_absolute_url()}"
    assert f"<loc>{profile}</loc>" in xml and f"<loc>{chinese}</loc>" in xml
    assert f'<xhtml:link rel="alternate" hreflang="zh-hans" href="{chinese}"/>' in xml
    assert f'<xhtml:link rel="alternate" hreflang="x-default" href="{profile}"/>' in xml


@override_settings(ROOT_URLCONF="pubdb.urls")
def test_sitemap_pages_two_languages_without_reading_the_whole_table(client, person, django_assert_num_queries):
    from front.sitemaps import PaperSitemap

    sitemap = PaperSitemap()
    sitemap.limit = 3
    pairs = sitemap.paginator.page(2).object_list
    papers = list(Paper.objects.order_by("pk"))
    expected = [(papers[1].pk, "zh-hans"), (papers[2].pk, "en"), (papers[2].pk, "zh-hans")]
    assert [(p.pk, lang) for p, lang in pairs] == expected
    paginator = sitemap.paginator
    with django_assert_num_queries(2):  # the count, then two rows: not every paper
        assert paginator.num_pages == 2
        assert len(paginator.page(2).object_list) == 3


# Formats


def test_dates_and_numbers_per_locale(client):
    venue = VenueFactory(acronym="ACL", slug="acl")
    paper = PaperFactory(title="Dated", venue=venue, year=2024, month=3, citation_count=2816)
    AuthorshipFactory(paper=paper, researcher=ResearcherFactory(slug="dated", name="Dee Dated"))
    day = PaperFactory(title="Dated to the day", venue=venue, year=2024, month=3, day=9)
    AuthorshipFactory(paper=day, researcher=ResearcherFactory(slug="dated-2", name="Dee Dated"))
    english = html_of(client.get("/papers/"))
    chinese = html_of(client.get("/zh-hans/papers/"))
    assert "Mar 2024" in english and "Mar 9, 2024" in english and "2,816 citations" in english
    assert "2024年3月" in chinese and "2024年3月9日" in chinese and "被引 2,816 次" in chinese
    assert "Mar 2024" not in chinese
    page = html_of(client.get(f"/zh-hans/papers/{paper.pk}/"))
    assert "2024年3月" in page and "被引 2,816 次" in page and "会议论文" in page


def test_home_counts_with_thousand_separators(client):
    papers = PaperFactory.create_batch(3)
    english = html_of(client.get("/"))
    chinese = html_of(client.get("/zh-hans/"))
    assert f"pubdb holds <strong>{len(papers)}</strong> papers" in english
    assert f"pubdb 收录论文 <strong>{len(papers)}</strong> 篇" in chinese


# Feeds, errors


def test_feeds_and_error_pages_in_chinese(client, person):
    feed = client.get(f"/zh-hans{person.get_absolute_url()}feed/").content.decode()
    assert "<title>Lin Wei 的论文</title>" in feed and 'href="http://testserver/zh-hans/papers/' in feed
    english_feed = client.get(f"{person.get_absolute_url()}feed/").content.decode()
    assert "<title>Papers by Lin Wei</title>" in english_feed
    missing = client.get("/zh-hans/researchers/nobody-here/")
    assert missing.status_code == 404 and "找不到该页面" in missing.content.decode()
    assert "We could not find that page" in client.get("/researchers/nobody-here/").content.decode()


def test_a_merged_away_slug_redirects_in_its_language(client, person):
    from researchers.models import OldSlug

    OldSlug.objects.create(slug="wei-lin-old", researcher=person)
    assert client.get("/zh-hans/researchers/wei-lin-old/feed/")["Location"] == "/zh-hans/researchers/lin-wei/feed/"
    assert client.get("/researchers/wei-lin-old/")["Location"] == "/researchers/lin-wei/"


# Query counts: the Chinese pages cost what the English ones do, and do not grow


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", HOME_QUERIES),
        ("/papers/", PAPER_LIST_QUERIES),
        ("/researchers/", DIRECTORY_QUERIES),
        ("/researchers/lin-wei/", PROFILE_QUERIES),
        ("/search/?q=study", SEARCH_QUERIES),
    ],
)
def test_chinese_pages_cost_the_pinned_queries(client, person, django_assert_num_queries, path, expected):
    for _ in range(2):
        with django_assert_num_queries(expected):
            html_of(client.get(f"/zh-hans{path}"))
        add_papers(person, 20)


# The page cache


@pytest.mark.page_cache
def test_the_page_cache_keeps_the_languages_apart(person, django_assert_num_queries):
    browser = Client()
    for path in ("/", "/papers/", "/researchers/lin-wei/", "/api/v1/papers/"):
        english = browser.get(path)
        chinese_path = path if path.startswith("/api/") else f"/zh-hans{path}"
        chinese = browser.get(chinese_path)
        assert english.status_code == chinese.status_code == 200
        if chinese_path != path:
            assert chinese.content != english.content and chinese["ETag"] != english["ETag"]
        with django_assert_num_queries(0):  # both are served from the cache, each in its language
            assert browser.get(chinese_path).content == chinese.content
            assert browser.get(path).content == english.content
        # A Chinese browser asking for the English address is sent on, never served the cached English page.
        assert Client(HTTP_ACCEPT_LANGUAGE="zh-CN").get(path).status_code == (200 if path.startswith("/api/") else 302)
    # The API's answer does not change with a browser's language either: one cached entry, in English.
    assert Client(HTTP_ACCEPT_LANGUAGE="zh-CN").get("/api/v1/papers/")["ETag"] == browser.get("/api/v1/papers/")["ETag"]


def test_reverse_in_both_languages():
    assert reverse("papers:list") == "/papers/"
    from django.utils import translation

    with translation.override("zh-hans"):
        assert reverse("papers:list") == "/zh-hans/papers/"
        assert reverse("sitemap") == "/sitemap.xml" and reverse("switch_language", args=["en"]) == "/language/en/"


def test_a_decision_is_not_worded_as_a_paper_accepted_for_publication(client, django_user_model):
    """The same English "Accepted": 已录用 for a paper's status, 已通过 for a curator's decision on a claim."""
    owner = django_user_model.objects.create_user("ann", "ann@example.org", "a-long-test-passphrase-42")
    researcher = ResearcherFactory(name="Ann Lee")
    researcher.claims.create(user=owner, method=Claim.Method.CURATOR, status=Claim.Status.ACCEPTED)
    client.force_login(owner)
    claims = html_of(client.get("/zh-hans/me/")).split('id="claims-h"')[1]
    assert "已通过" in claims and "已录用" not in claims
    paper = PaperFactory(status=Paper.Status.ACCEPTED)
    assert "已录用" in html_of(client.get("/zh-hans" + paper.get_absolute_url()))
