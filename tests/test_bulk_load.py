import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from benchmarks.bulk_load import TableWriter, copy_text
from papers.models import Paper
from researchers.models import Researcher

pytestmark = pytest.mark.django_db

AWKWARD = ["tab\there", "new\nline", "back\\slash", r"\N", "carriage\rreturn", "None", ""]


def test_copy_text_formats_plain_rows_in_one_pass_and_escapes_awkward_ones_value_by_value():
    assert copy_text([(1, "a", None, True), (2, "b", 3, False)]) == "1\ta\t\\N\tTrue\n2\tb\t3\tFalse\n"
    assert copy_text([(1, ["x", "y"], {"k": None})], json_columns=[1, 2]) == '1\t["x", "y"]\t{"k": null}\n'
    # One awkward value is enough to escape the whole batch, booleans included.
    assert copy_text([(1, "a\tb", None, True), (2, "c\\N", "", False)]) == "1\ta\\tb\t\\N\tt\n2\tc\\\\N\t\tf\n"


def test_it_writes_awkward_text_nulls_and_json_intact_in_rows_and_in_values_every_row_shares():
    fields = ["id", "title", "abstract", "categories", "citation_count", "year", "created", "updated"]
    now = timezone.now()
    rows = [(900_000 + n, text, text, [text], None if n % 2 else n, 2000, now, now) for n, text in enumerate(AWKWARD)]
    same = {"publisher": "100%\tpure\\", "track": "Main"}
    with TableWriter() as writer:
        writer.write(Paper, fields, rows, same)
        person = (900_000, "Wei\tZhang", "wei", now, now)
        writer.write(Researcher, ["id", "name", "slug", "created", "updated"], [person], {"interests": ["a\tb"]})

    stored = Paper.objects.filter(pk__gte=900_000).order_by("pk")
    # created and updated left out: bulk_create stamps its own.
    assert [tuple(row) for row in stored.values_list(*fields[:6])] == [row[:6] for row in rows]
    assert list(stored.values_list("publisher", "track")) == [tuple(same.values())] * len(rows)
    assert Researcher.objects.values_list("name", "interests").get(pk=900_000) == ("Wei\tZhang", ["a\tb"])


def test_a_row_the_database_refuses_raises_on_the_caller():
    fields = ["id", "title", "year", "created", "updated"]
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic(), TableWriter() as writer:
        writer.write(Paper, fields, [(900_001, "Fine", 2000, now, now)])
        writer.write(Paper, fields, [(900_002, "Out of range", 3000, now, now)])  # paper_year_range
    assert not Paper.objects.filter(pk__gte=900_000).exists()
