import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Max, Min

from papers.models import Authorship, Award, Paper, Topic, Venue
from researchers.models import Alias, Researcher

pytestmark = pytest.mark.django_db


def generate(papers, seed=7):
    out = io.StringIO()
    call_command("generate_corpus", papers=papers, seed=seed, stdout=out)
    return out.getvalue()


def snapshot():
    """The corpus without its ids: what a reader would see."""
    papers = Paper.objects.order_by("pk").values_list("title", "abstract", "year", "venue__slug", "doi")
    authors = Authorship.objects.order_by("paper_id", "position").values_list("researcher__slug", "printed_name")
    return list(papers), list(authors), list(Researcher.objects.order_by("pk").values_list("slug", "native_name"))


def wipe():
    for model in (Award, Authorship, Paper, Alias, Researcher, Venue, Topic):
        model.objects.all().delete()


def test_it_writes_the_requested_number_of_papers_each_with_ordered_authors():
    output = generate(600)

    assert Paper.objects.count() == 600
    assert "600 papers.Paper" in output
    per_paper = Paper.objects.annotate(n=Count("authorships"), top=Max("authorships__position"))
    assert not per_paper.filter(n=0).exists()
    # Positions run 1..n without gaps.
    assert not per_paper.exclude(top=F("n")).exists()
    assert Authorship.objects.aggregate(m=Min("position"))["m"] == 1
    average = Authorship.objects.count() / 600
    assert 3 <= average <= 4.5


def test_it_is_long_tailed_with_homonyms_awards_and_native_names():
    generate(3000)

    counts = sorted(Researcher.objects.annotate(n=Count("authorships")).values_list("n", flat=True), reverse=True)
    assert counts[0] > 1000  # a few very prolific people...
    assert counts[len(counts) // 2] <= 2  # ...and most people with one or two papers
    homonym = Researcher.objects.filter(slug__endswith="-2").first()
    assert Researcher.objects.filter(slug=homonym.slug[:-2], name=homonym.name).exists()
    assert Researcher.objects.exclude(native_name="").exists()
    assert Alias.objects.exists()
    assert Award.objects.filter(kind="paper", paper__isnull=False).exists()
    assert Award.objects.filter(kind="honour", recipients__isnull=False).exists()
    sizes = Venue.objects.annotate(n=Count("papers")).aggregate(big=Max("n"), small=Min("n"))
    assert sizes["big"] > 4 * sizes["small"]


def test_the_rows_pass_model_validation():
    generate(300)

    for model in (Paper, Researcher, Venue, Award):
        for obj in model.objects.order_by("?")[:30]:
            obj.full_clean()


def test_the_same_seed_writes_the_same_corpus_and_another_seed_a_different_one():
    generate(400, seed=3)
    first = snapshot()
    wipe()
    generate(400, seed=3)
    assert snapshot() == first
    wipe()
    generate(400, seed=4)
    assert snapshot() != first


def test_it_adds_to_existing_data_without_slug_clashes(demo):
    people, papers = Researcher.objects.count(), Paper.objects.count()
    generate(300)
    generate(300)

    assert Paper.objects.count() == papers + 600
    assert Researcher.objects.count() > people
    # A new paper through the ORM still gets a fresh id after the explicit ones.
    assert (
        Paper.objects.create(title="After the corpus", year=2020).pk
        > Paper.objects.exclude(title="After the corpus").aggregate(m=Max("pk"))["m"]
    )


def test_it_refuses_a_non_positive_size():
    with pytest.raises(CommandError, match="--papers"):
        generate(0)
    assert not Paper.objects.exists()


def test_postgresql_writes_every_search_document_once_after_the_load_and_turns_the_triggers_back_on():
    """The load writes the documents (title, abstract, authors) after the rows, not by trigger per statement."""
    if connection.vendor != "postgresql":
        pytest.skip("the search documents are PostgreSQL's (SQLite's FTS5 triggers stay on)")
    generate(300)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM papers_paper"
            " WHERE strip(search_vector) = strip(paper_search_document(id, title, abstract))"
        )
        assert cursor.fetchone()[0] == 300
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'paper_search%%' AND tgenabled = 'D'")
        assert cursor.fetchone()[0] == 0
    # A paper added afterwards gets its document from the triggers again.
    author = Authorship.objects.select_related("researcher").first().researcher
    paper = Paper.objects.create(title="Written after the corpus", year=2020)
    Authorship.objects.create(paper=paper, researcher=author, position=1, printed_name=author.name)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM papers_paper WHERE id = %s AND search_vector @@ plainto_tsquery('english', %s)",
            [paper.pk, author.name.split()[-1]],
        )
        assert cursor.fetchone()[0] == 1
