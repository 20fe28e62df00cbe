"""Seed fidelity: each of the six seed profiles, rendered, shows its papers, awards and sections as the seed lists them.

The expectations are read from demo/*.yaml (the faithful transcription of ../shared/seeds/) and, for a few
facts, written out by hand from the seed pages themselves.
"""

import html
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

SIX = ["chen-zhang", "zekun-wang", "yu-zhang", "hanting-chen", "songming-zhang", "kunlong-chen"]


def seed_files():
    return [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(Path(settings.BASE_DIR, "demo").glob("*.yaml"))
    ]


def seed_profile(slug):
    """(profile data, papers of that profile, the file) from the demo transcription."""
    for data in seed_files():
        for prof in data.get("profiles") or []:
            if prof["slug"] == slug:
                papers = [p for p in data.get("papers") or [] if is_author(p, prof)]
                return prof, papers, data
    raise LookupError(slug)


def is_author(paper, prof):
    for author in paper["authors"]:
        if isinstance(author, str) and author == prof["name"]:
            return True
        if isinstance(author, dict) and (
            author.get("researcher") == prof["slug"] or author.get("name") == prof["name"]
        ):
            return not author.get("researcher") or author["researcher"] == prof["slug"]
    return prof["slug"] in (paper.get("extra_authors") or [])


INLINE_TAGS = r"</?(a|strong|em|sup|span|time|code|b|i)\b[^>]*>"


def page_text(response):
    """The visible text of a page: inline tags dropped, block tags made spaces, entities decoded."""
    body = response.content.decode().split("<body>", 1)[1]
    body = re.sub(r"<[^>]+>", " ", re.sub(INLINE_TAGS, "", body))
    return " ".join(html.unescape(body).split())


def squash(text):
    return " ".join(text.split())


def markdown_text(text):
    """What Markdown shows of a news line: link text without its URL."""
    return squash(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text))


@pytest.fixture
def profile_page(demo, client):
    def get(slug):
        response = client.get(f"/researchers/{slug}/")
        assert response.status_code == 200
        return response, page_text(response)

    return get


@pytest.mark.parametrize("slug", SIX)
def test_every_seed_paper_appears_with_its_venue_and_year(profile_page, slug):
    prof, papers, _ = seed_profile(slug)
    response, text = profile_page(slug)
    assert papers, "the seed lists papers for every profile"
    for paper in papers:
        assert squash(paper["title"]) in text
        entry = next(p for p in response.context["entries"] if p.title == paper["title"])
        assert entry.venue_acronym == paper.get("venue")
        assert entry.year == paper.get("year")
    assert response.context["paper_total"] >= len(papers)


@pytest.mark.parametrize("slug", SIX)
def test_every_seed_award_appears_once_in_honours(profile_page, slug):
    prof, papers, _ = seed_profile(slug)
    response, text = profile_page(slug)
    expected = [(h["name"], h.get("year")) for h in prof.get("honours") or []]
    expected += [(a["name"], a.get("year")) for p in papers for a in p.get("awards") or []]
    honours = [(a.name, a.year) for a in response.context["honours"]]
    assert sorted(honours) == sorted(expected)
    for name, _year in expected:
        assert name in text


@pytest.mark.parametrize("slug", SIX)
def test_profile_sections_match_the_seed(profile_page, slug):
    prof, _, data = seed_profile(slug)
    response, text = profile_page(slug)
    assert prof["name"] in text
    for field in ("native_name", "headline"):
        if prof.get(field):
            assert prof[field] in text
    for item in prof.get("news") or []:
        assert markdown_text(item["text"]) in text
    for project in prof.get("projects") or []:
        assert project["name"] in text
    for talk in prof.get("talks") or []:
        assert talk["title"] in text
    for service in prof.get("services") or []:
        assert service["venue"] in text
    for position in prof.get("positions") or []:
        assert position["organization"] in text
        for advisor in position.get("advisors") or []:
            assert advisor in text
    for interest in prof.get("interests") or []:
        assert interest in text
    if prof.get("email"):
        assert prof["email"] not in response.content.decode()  # shown obfuscated only
    sections = {"News": prof.get("news"), "Projects": prof.get("projects"), "Talks": prof.get("talks")}
    for heading, items in sections.items():
        assert (f">{heading}</h2>" in response.content.decode()) == bool(items)


@pytest.mark.parametrize("slug", SIX)
def test_equal_contribution_and_truncation_marks_follow_the_seed(profile_page, slug):
    _, papers, _ = seed_profile(slug)
    response, text = profile_page(slug)
    page = response.content.decode()
    seed_marks = sum(1 for p in papers for a in p["authors"] if isinstance(a, dict) and a.get("equal_contribution"))
    # Each paper is listed once, selected or not, and so are its marks.
    assert page.count('<sup class="eq" title="Equal contribution">') == seed_marks
    assert ("equal contribution" in text) == bool(seed_marks)
    assert text.count("et al.") >= sum(1 for p in papers if p.get("authors_truncated"))


def test_chen_zhang_groups_by_the_seeds_topics_in_order(profile_page):
    prof, papers, _ = seed_profile("chen-zhang")
    response, _ = profile_page("chen-zhang")
    groups = response.context["groups"]
    assert [g.title for g in groups] == prof["topics"]
    for group in groups:
        assert {p.title for p in group.papers} == {p["title"] for p in papers if p.get("topic") == group.title}


def test_profiles_without_topics_group_by_year_with_undated_papers_last(profile_page):
    response, text = profile_page("yu-zhang")
    titles = [g.title for g in response.context["groups"]]
    assert titles[-1] == "Year not given"
    years = [int(t) for t in titles[:-1]]
    assert years == sorted(years, reverse=True)
    # Seed 001 lists "Scalable MatMul-free Language Modeling" with no year: it is shown as undated.
    undated = response.context["groups"][-1].papers
    assert [p.title for p in undated] == ["Scalable MatMul-free Language Modeling"]


def test_songming_zhang_every_paper_selected_is_marked_in_place_without_a_block(profile_page):
    _, papers, _ = seed_profile("songming-zhang")
    response, _ = profile_page("songming-zhang")
    page = response.content.decode()
    selected = {p["title"] for p in papers if "songming-zhang" in (p.get("selected") or [])}
    assert selected == {p["title"] for p in papers}
    assert response.context["selected"] == [] and "Selected publications" not in page
    assert page.count('<span class="badge badge-selected">Selected</span>') == len(selected)


def test_kunlong_chen_is_shown_honestly_beyond_truncated_lists(profile_page):
    _, papers, _ = seed_profile("kunlong-chen")
    response, text = profile_page("kunlong-chen")
    beyond = [p for p in papers if "kunlong-chen" in (p.get("extra_authors") or [])]
    assert beyond
    assert text.count("et al. (incl. Kunlong Chen)") == len(beyond)


def test_kunlong_chen_metrics_are_the_stored_snapshot_with_its_source(profile_page):
    response, text = profile_page("kunlong-chen")
    metrics = response.context["metrics"]
    assert (metrics["citations"], metrics["h_index"], metrics["source_papers"]) == (2816, 10, 18)
    assert "Snapshot from a paper aggregator's author page, date not given." in text


def test_hand_checked_facts_from_the_seed_pages(profile_page):
    """A few facts read off ../shared/seeds/ directly, independent of the transcription."""
    _, text = profile_page("zekun-wang")
    assert "Two papers have been accepted by ICLR'25" in text  # seed 001 news
    assert "汪泽堃" in text
    _, text = profile_page("chen-zhang")
    assert "Towards the Law of Capacity Gap in Distilling Language Models" in text
    assert "Outstanding Paper Award" in text  # seed 000: ACL 2025 Outstanding Paper Award
    assert "Gold medal" in text  # seed 000: gold medal in AIMO 2025
    _, text = profile_page("hanting-chen")
    assert "Multi-Granularity Semantic Revision for Large Language Model Distillation" in text  # seed 002
    assert "Volume 1: Long Papers" in text
    _, text = profile_page("songming-zhang")
    assert "Beijing Jiaotong University" in text  # seed 003: PhD student at BJTU


@pytest.mark.parametrize("slug", SIX)
def test_public_profile_text_uses_no_internal_words(profile_page, slug):
    """A visitor never reads how the demo data was made ("seed 004")."""
    _, text = profile_page(slug)
    assert not re.search(r"\bseeds?\b", text, re.IGNORECASE)
