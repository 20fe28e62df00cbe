"""`load_demo` loads the five seed pages faithfully, and loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from curation.demo import load_demo
from papers.models import Authorship, Award, Paper, PaperLink, Venue
from researchers.models import Position, Researcher

pytestmark = pytest.mark.django_db

PROFILES = ["chen-zhang", "zekun-wang", "yu-zhang", "hanting-chen", "songming-zhang", "kunlong-chen"]


def papers_of(slug):
    return Paper.objects.filter(authorships__researcher__slug=slug)


def titles_of(slug):
    return set(papers_of(slug).values_list("title", flat=True))


def table_sizes():
    return {model.__name__: model.objects.count() for model in (Researcher, Paper, Authorship, PaperLink, Award, Venue)}


def test_loading_twice_writes_nothing_the_second_time(demo):
    before = table_sizes()
    history_before = Paper.history.count() + Researcher.history.count()
    assert load_demo() == 0
    assert table_sizes() == before
    assert Paper.history.count() + Researcher.history.count() == history_before


def test_command_says_when_data_is_already_up_to_date(demo):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "already up to date" in out.getvalue()


def test_every_profiled_person_exists_with_their_paper_count(demo):
    counts = {slug: papers_of(slug).count() for slug in PROFILES}
    assert counts == {
        "chen-zhang": 27,
        "zekun-wang": 1,
        "yu-zhang": 9,
        "hanting-chen": 2,
        "songming-zhang": 5,
        "kunlong-chen": 18,
    }


def test_chen_zhang_papers_topics_and_awards(demo):
    chen = Researcher.objects.get(slug="chen-zhang")
    assert chen.native_name == "张辰"
    assert "Towards the Law of Capacity Gap in Distilling Language Models" in titles_of("chen-zhang")
    assert list(chen.profile_topics.values_list("topic__name", flat=True)) == [
        "Efficient Language Models",
        "Language Agents",
        "Opinion Mining",
        "Model Generalization",
    ]
    capacity = Paper.objects.get(title="Towards the Law of Capacity Gap in Distilling Language Models")
    assert [str(a) for a in capacity.awards.all()] == ["ACL 2025 Outstanding Paper Award"]
    doge = Paper.objects.get(title__startswith="Doge Tickets")
    assert [str(a) for a in doge.awards.all()] == ["NLPCC 2022 Best Paper Award"]
    # The honours list repeats the two paper awards; they are stored once, on the papers.
    assert chen.awards.count() == 9
    assert not chen.awards.filter(kind=Award.Kind.PAPER).exists()
    assert chen.talks.count() == 2 and chen.services.count() == 12 and chen.news.count() == 7


def test_equal_contribution_marks_survive(demo):
    sparse = Paper.objects.get(title="Sparse Teachers Can Be Dense with Knowledge")
    marks = [(a.printed_name, a.equal_contribution) for a in sparse.authorships.in_order()]
    assert marks == [("Yi Yang", True), ("Chen Zhang", True), ("Dawei Song", False)]


def test_papers_without_a_year_on_the_page_have_none(demo):
    elastic = Paper.objects.get(title="On Elastic Language Models")
    assert elastic.year is None and elastic.venue.acronym == "TOIS" and elastic.kind == Paper.Kind.JOURNAL
    assert Paper.objects.get(title__startswith="LongLLaVA").status == Paper.Status.PREPRINT


def test_seed_without_urls_yields_no_links(demo):
    """Chen Zhang's page prints [arXiv][code] labels without URLs: they are not links."""
    assert not PaperLink.objects.filter(paper__authorships__researcher__slug="chen-zhang").exists()


def test_zekun_wang_page_is_attributed_by_authorship(demo):
    assert titles_of("zekun-wang") == {"Improved Diffusion-based Generative Model with Better Adversarial Robustness"}
    delta = Paper.objects.get(title="Parallelizing Linear Transformers with the Delta Rule over Sequence Length")
    assert [a.printed_name for a in delta.authorships.in_order()][:3] == ["Songlin Yang", "Bailin Wang", "Yu Zhang"]
    assert set(delta.links.values_list("kind", flat=True)) == {"pdf", "bib", "arxiv", "code", "semantic_scholar"}
    assert delta.arxiv_id == "2406.06484"
    awarded = Paper.objects.filter(awards__isnull=False, authorships__researcher__slug="yu-zhang")
    assert {str(a) for p in awarded for a in p.awards.all()} == {
        "COLING 2022 Best Paper Award",
        "NLPCC 2020 Best Paper Award",
    }


def test_name_variants_are_one_person(demo):
    qin = Researcher.objects.get(name="Bing Qin")
    assert list(qin.aliases.values_list("name", flat=True)) == ["Bin Qin"]
    assert Researcher.objects.matching_name("Bin Qin").get() == qin
    zekun_phd = Position.objects.get(researcher__slug="zekun-wang", title="Ph.D.")
    assert set(zekun_phd.advisors.values_list("name", flat=True)) == {"Ming Liu", "Bing Qin"}


def test_coauthors_shared_across_pages_are_one_researcher(demo):
    min_zhang = Researcher.objects.get(name="Min Zhang")
    slugs = set(
        Researcher.objects.filter(authorships__paper__authorships__researcher=min_zhang).values_list("slug", flat=True)
    )
    assert {"chen-zhang", "yu-zhang"} <= slugs


def test_songming_zhang_selected_papers_and_timeline(demo):
    songming = Researcher.objects.get(slug="songming-zhang")
    assert songming.authorships.filter(selected=True).count() == 5
    assert songming.positions.filter(kind="education").count() == 3
    assert songming.positions.filter(kind="internship").count() == 3
    assert [str(a) for a in songming.awards.all()] == ["2025 National Scholarship"]
    dskd = Paper.objects.get(arxiv_id="2504.11426")
    assert dskd.status == Paper.Status.PREPRINT and dskd.venue is None


def test_hanting_chen_acl_2026_long_papers(demo):
    papers = papers_of("hanting-chen")
    assert {(p.venue.acronym, p.year, p.track) for p in papers} == {("ACL", 2026, "Volume 1: Long Papers")}
    match = Paper.objects.get(title__startswith="MATCH")
    assert match.authorships.count() == 15
    assert match.authorships.get(position=10).printed_name == "Hanlin xu"


def test_kunlong_chen_truncated_lists_stay_honest(demo):
    kunlong = Researcher.objects.get(slug="kunlong-chen")
    assert kunlong.h_index == 10 and kunlong.citations == 2816 and kunlong.metrics_source
    assert all(p.authors_truncated for p in papers_of("kunlong-chen"))
    supervalid = Paper.objects.get(title__startswith="SuperValid")
    listed = [a.printed_name for a in supervalid.authorships.in_order() if a.position]
    assert listed == ["Quanen Sun", "Changxin Tian", "Ke Shi"]
    assert supervalid.authorships.get(researcher=kunlong).position is None
    assert supervalid.categories == ["cs.CL"]
    kdd = Paper.objects.get(title__startswith="LLM-Powered Ensemble")
    assert [a.place for a in kdd.awards.all()] == ["3rd place"]
