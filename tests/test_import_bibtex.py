"""`import_bibtex`: real-world BibTeX quirks, matching, ambiguity, atomicity and change sets."""

import io

import pytest
from django.core.management import CommandError, call_command

from papers.models import Authorship, ImportBatch, Paper, PaperLink, Venue
from researchers.models import Alias, Researcher
from tests.factories import AuthorshipFactory, PaperFactory, ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db


def run(tmp_path, text, *args, name="refs.bib"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bibtex", str(path), *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def authors(paper):
    return [a.printed_name for a in paper.authorships.in_order()]


def table_counts():
    return {m.__name__: m.objects.count() for m in (Paper, Authorship, Researcher, Venue, PaperLink, ImportBatch)}


ACL = "Proceedings of the 63rd Annual Meeting of the Association for Computational Linguistics"


def test_strings_concatenation_and_month_macros_are_resolved(tmp_path):
    VenueFactory(acronym="ACL", slug="acl", name="Annual Meeting of the Association for Computational Linguistics")
    run(
        tmp_path,
        f"""@string{{acl = "{ACL}"}}
        @STRING{{vol = " (Volume 1: Long Papers)"}}
        @inproceedings{{a, title = {{A}}, author = {{Ann Lee}}, booktitle = acl # vol, year = 2025, month = jul}}""",
    )
    paper = Paper.objects.get()
    assert (paper.venue.acronym, paper.track, paper.year, paper.month) == ("ACL", "Volume 1: Long Papers", 2025, 7)


def test_latex_accents_braces_escapes_and_math_become_readable_unicode(tmp_path):
    run(
        tmp_path,
        r"""@article{b, title = {{BERT} Models for {\"U}ber $\alpha$-Tests \& More},
        author = {M{\"u}ller, Hans and {\c{C}}elik, Ay{\c{s}}e}, journal = {J}, year = {2024}}""",
    )
    paper = Paper.objects.get()
    assert paper.title == r"BERT Models for Über $\alpha$-Tests & More"
    assert authors(paper) == ["Hans Müller", "Ayşe Çelik"]


def test_name_forms_von_jr_cjk_and_others(tmp_path):
    run(
        tmp_path,
        """@inproceedings{c, title = {深度学习的研究}, booktitle = {Conf},
        author = {van der Berg, Jan and Smith, Jr., John and Ada Lovelace and 张辰 and others}, year = 2023}""",
    )
    paper = Paper.objects.get()
    assert paper.title == "深度学习的研究"
    assert authors(paper) == ["Jan van der Berg", "John Smith Jr.", "Ada Lovelace", "张辰"]
    assert paper.authors_truncated


def test_identifiers_pages_and_entry_kinds(tmp_path):
    run(
        tmp_path,
        """@misc{p, title = {Pre}, author = {A B}, year = 2024, eprint = {2401.12345}, archivePrefix = {arXiv},
              primaryClass = {cs.CL}}
        @article{j, title = {Jour}, author = {A B}, journal = {TOIS}, year = 2022, pages = {1--10},
              doi = {https://doi.org/10.1145/12345.678}}
        @phdthesis{t, title = {Thesis}, author = {A B}, school = {BIT}, year = 2020}
        @techreport{r, title = {Report}, author = {A B}, institution = {Lab}, year = 2019}
        @book{k, title = {Book}, author = {A B}, publisher = {P}, year = 2018}
        @incollection{i, title = {Chapter}, author = {A B}, booktitle = {Some Book}, year = 2017}
        @article{x, title = {On arXiv}, author = {A B}, journal = {arXiv preprint arXiv:2402.00001}, year = 2024}
        @misc{v, title = {Versioned}, author = {A B}, eprint = {arXiv:2403.00002v3}, year = 2024}
        @misc{h, title = {On HAL}, author = {A B}, eprint = {hal-01234567}, eprinttype = {hal}, year = 2024}""",
    )
    kinds = dict(Paper.objects.values_list("title", "kind"))
    assert kinds == {
        "Pre": "preprint",
        "Jour": "journal",
        "Thesis": "thesis",
        "Report": "report",
        "Book": "book",
        "Chapter": "chapter",
        "On arXiv": "preprint",
        "Versioned": "preprint",
        "On HAL": "preprint",
    }
    pre = Paper.objects.get(title="Pre")
    assert (pre.arxiv_id, pre.categories, pre.status, pre.venue) == ("2401.12345", ["cs.CL"], "preprint", None)
    journal = Paper.objects.get(title="Jour")
    assert (journal.doi, journal.pages) == ("10.1145/12345.678", "1-10")
    assert Paper.objects.get(title="On arXiv").arxiv_id == "2402.00001"
    assert Paper.objects.get(title="Versioned").arxiv_id == "2403.00002"
    assert Paper.objects.get(title="On HAL").arxiv_id == ""


def test_crossref_entries_inherit_the_proceedings_fields(tmp_path):
    run(
        tmp_path,
        """@inproceedings{child, title = {Child}, author = {A B}, crossref = {conf24}, pages = {5--6}}
        @proceedings{conf24, title = {Proceedings of Conf 2024}, year = 2024, publisher = {ACL}}""",
    )
    paper = Paper.objects.get()
    assert (paper.title, paper.year, paper.publisher, paper.venue.name) == (
        "Child",
        2024,
        "ACL",
        "Proceedings of Conf 2024",
    )


def test_venues_match_by_acronym_and_proceedings_title(tmp_path):
    acl = VenueFactory(
        acronym="ACL", slug="acl", name="Annual Meeting of the Association for Computational Linguistics"
    )
    emnlp = VenueFactory(
        acronym="EMNLP", slug="emnlp", name="Conference on Empirical Methods in Natural Language Processing"
    )
    run(
        tmp_path,
        f"""@inproceedings{{a, title = {{One}}, author = {{A B}}, booktitle = {{{ACL}}}, year = 2025}}
        @inproceedings{{b, title = {{Two}}, author = {{A B}},
            booktitle = {{Findings of the Association for Computational Linguistics: ACL 2025}}, year = 2025}}
        @inproceedings{{c, title = {{Three}}, author = {{A B}},
            booktitle = {{Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing}},
            year = 2023}}""",
    )
    venues = {p.title: (p.venue, p.track) for p in Paper.objects.select_related("venue")}
    assert venues == {"One": (acl, ""), "Two": (acl, "Findings"), "Three": (emnlp, "")}
    assert Venue.objects.count() == 2


def test_reimporting_a_file_changes_nothing(tmp_path):
    text = """@inproceedings{a, title = {Same Paper}, author = {Ann Lee and Bo Li}, booktitle = {Conf}, year = 2024,
              doi = {10.18653/v1/2024.acl-long.1}, url = {https://example.org/a.pdf}}"""
    run(tmp_path, text)
    before = table_counts()
    history = Paper.history.count() + Authorship.history.count()
    output = run(tmp_path, text)
    assert "1 unchanged" in output
    assert table_counts() == before
    assert Paper.history.count() + Authorship.history.count() == history


def test_a_known_paper_is_completed_not_duplicated(tmp_path):
    paper = PaperFactory(title="Known: A Paper", year=2024, doi="", venue=None, kind="preprint", status="preprint")
    acl = VenueFactory(acronym="ACL", slug="acl")
    run(tmp_path, "@inproceedings{k, title = {Known - a paper}, booktitle = {ACL}, year = 2024, doi = {10.1000/k2}}")
    paper.refresh_from_db()
    assert Paper.objects.count() == 1
    assert (paper.doi, paper.venue, paper.kind, paper.status) == ("10.1000/k2", acl, "conference", "published")


def test_names_link_the_one_researcher_with_that_name_or_alias(tmp_path):
    bing = ResearcherFactory(name="Bing Qin")
    Alias.objects.create(researcher=bing, name="Bin Qin")
    run(tmp_path, "@article{a, title = {T}, author = {Qin, Bin and Lee, Ann}, journal = {J}, year = 2020}")
    first, second = Paper.objects.get().authorships.in_order()
    assert first.researcher == bing and first.printed_name == "Bin Qin"
    assert second.researcher.name == "Ann Lee"


def test_an_ambiguous_name_is_reported_and_never_merged(tmp_path):
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang-2")
    text = "@article{a, title = {T}, author = {Chen Zhang}, journal = {J}, year = 2020}"
    with pytest.raises(CommandError):
        run(tmp_path, text)
    assert Paper.objects.count() == 0
    output = run(tmp_path, text, "--dry-run")
    assert 'ambiguous "Chen Zhang" in a (line 1): chen-zhang, chen-zhang-2' in output
    run(tmp_path, text, "--author", "Chen Zhang=chen-zhang-2")
    assert Paper.objects.get().authorships.get().researcher.slug == "chen-zhang-2"


def test_a_curators_homonym_choice_survives_reimport(tmp_path):
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    other = ResearcherFactory(name="Chen Zhang", slug="chen-zhang-2")
    paper = PaperFactory(title="Chosen", year=2020)
    AuthorshipFactory(paper=paper, researcher=other, position=1, printed_name="Chen Zhang")
    output = run(tmp_path, "@article{a, title = {Chosen}, author = {Chen Zhang}, journal = {J}, year = 2020}")
    assert "1 unchanged" in output


def test_a_bad_entry_aborts_the_whole_file_with_key_and_line(tmp_path):
    Researcher.objects.create(name="Existing Person")
    before = table_counts()
    text = """@article{good, title = {Good}, author = {Ann Lee}, journal = {J}, year = 2020}

    @article{broken, title = {Broken
    @article{future, title = {Future}, author = {Ann Lee}, journal = {J}, year = 3024}
    @article{nonsense, title = {X}, author = {Ann Lee}, journal = {J}, year = {twenty}}"""
    with pytest.raises(CommandError, match="Nothing imported: 3 invalid entries"):
        run(tmp_path, text)
    assert table_counts() == before
    output = run(tmp_path, text, "--dry-run")
    assert "broken (line 3): it does not parse" in output
    assert "future (line 4): Year 3024 is out of range" in output
    assert 'nonsense (line 5): the year "twenty" is not a number' in output


def test_skip_invalid_imports_the_good_entries_and_lists_the_bad(tmp_path):
    text = """@article{good, title = {Good}, author = {Ann Lee}, journal = {J}, year = 2020}
    @article{future, title = {Future}, author = {Ann Lee}, journal = {J}, year = 3024}"""
    output = run(tmp_path, text, "--skip-invalid")
    assert list(Paper.objects.values_list("title", flat=True)) == ["Good"]
    assert "future (line 2)" in output and "Skipped 1 invalid entries." in output
    assert ImportBatch.objects.get().skipped[0]["entry"] == "future (line 2)"


def test_verbose_output_lists_which_researcher_each_name_links_to(tmp_path):
    ResearcherFactory(name="Ann Lee", slug="ann-lee")
    output = run(
        tmp_path, "@article{a, title = {T}, author = {Ann Lee and Bo Li}, journal = {J}, year = 2020}", "-v", "2"
    )
    assert '"Ann Lee" -> ann-lee' in output and '"Bo Li" -> a new person' in output


def test_dry_run_writes_nothing(tmp_path):
    output = run(tmp_path, "@article{a, title = {T}, author = {Ann Lee}, journal = {J}, year = 2020}", "--dry-run")
    assert "new      a (line 1)" in output
    assert "1 of 1 entries checked\n" in output and "entries written" not in output
    assert table_counts()["Paper"] == 0 and table_counts()["Researcher"] == 0


def test_an_import_is_one_change_set_named_after_the_file(tmp_path):
    run(tmp_path, "@article{a, title = {T}, author = {Ann Lee}, journal = {J}, year = 2020}", name="lab-2024.bib")
    batch = ImportBatch.objects.get()
    assert batch.change_reason == f"Import #{batch.pk}: lab-2024.bib"
    assert Paper.history.get().history_change_reason == batch.change_reason
    assert Authorship.history.get().history_change_reason == batch.change_reason
    assert Researcher.history.get().history_change_reason == batch.change_reason


def test_unreadable_file_is_a_clear_error(tmp_path):
    path = tmp_path / "x.bib"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match=r"x.bib is not UTF-8 text \(byte 0\)"):
        call_command("import_bibtex", str(path))
    with pytest.raises(CommandError, match="Cannot read .*missing.bib: No such file"):
        call_command("import_bibtex", str(tmp_path / "missing.bib"))


def test_a_new_person_decision_is_one_person_for_the_whole_file(tmp_path):
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang")
    ResearcherFactory(name="Chen Zhang", slug="chen-zhang-2")
    text = """@article{a, title = {One}, author = {Chen Zhang}, journal = {J}, year = 2020}
    @article{b, title = {Two}, author = {Chen Zhang}, journal = {J}, year = 2021}"""
    run(tmp_path, text, "--author", "Chen Zhang=+new")
    assert Researcher.objects.filter(name="Chen Zhang").count() == 3
    assert Researcher.objects.get(slug="chen-zhang-3").authorships.count() == 2


def test_duplicate_keys_are_reported(tmp_path):
    text = """@article{a, title = {One}, author = {Ann Lee}, journal = {J}, year = 2020}
    @article{a, title = {Two}, author = {Ann Lee}, journal = {J}, year = 2021}"""
    with pytest.raises(CommandError):
        run(tmp_path, text)
    assert 'a (line 2): the key "a" is used twice' in run(tmp_path, text, "--dry-run")
