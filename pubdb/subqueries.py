"""Counting related rows per object in a correlated subquery rather than a join and GROUP BY."""

from django.db.models import IntegerField, Subquery, Value


class SubqueryCount(Subquery):
    """The number of rows of `queryset` (which refers to OuterRef("pk")), e.g. a researcher's authorships.

    `annotate(n=Count("authorships"))` joins and groups every row of both tables before a page can be
    ordered or cut; this counts, through the foreign key's index, only for the rows a page keeps.
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _rows)"
    output_field = IntegerField()

    def __init__(self, queryset, **extra):
        # Rows only: no columns (so an index on the filtered column answers alone) and no ordering to sort.
        super().__init__(queryset.order_by().values(row=Value(1)), **extra)
