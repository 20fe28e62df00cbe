"""Inserting many new rows at once, for the importers: COPY on PostgreSQL, bulk_create elsewhere.

COPY skips Django's statement building, which costs more than PostgreSQL storing the rows; the new rows' ids
are drawn from the table's sequence first, so that other rows can point at them. Neither way sends signals:
the caller bumps the cache (pubdb.cache.data_changed) and writes history records (curation.history).
"""

import io
import json

from django.db import connection
from django.db.models import JSONField

NULL = r"\N"


def create(model, objects):
    """Insert the new, unsaved `objects` of `model` (its concrete fields; auto_now ones filled), giving them pks."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects)
        return
    assign_ids(model, [obj for obj in objects if obj.pk is None])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # foreign keys from saved objects
        obj._state.adding, obj._state.db = False, connection.alias
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                f.pre_save(obj, add=True)
    fields = [model._meta.pk, *fields]
    insert(model, [f.attname for f in fields], [[getattr(o, f.attname) for f in fields] for o in objects])


def assign_ids(model, objects):
    """PostgreSQL: give new `objects` their ids from the table's sequence now (one query), so that rows pointing
    at them can be written first (foreign keys are checked at commit). False elsewhere: the insert gives them."""
    if connection.vendor != "postgresql":
        return False
    if objects:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, model._meta.pk.column, len(objects)],
            )
            for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
                obj.pk = pk
    return True


def insert(model, attnames, rows):
    """Append `rows` (values in the order of `attnames`) to the model's table; the other columns get defaults."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(attnames, row, strict=True))) for row in rows])
        return
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    columns = [by_attname[name] for name in attnames]
    text = copy_text(rows, [i for i, f in enumerate(columns) if isinstance(f, JSONField)])
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) FROM STDIN"
    with connection.cursor() as cursor:  # (Django's debug cursor logs COPY too: query counts include it)
        cursor.copy_expert(sql, io.StringIO(text))


def copy_text(rows, json_columns=(), tail=""):
    """COPY text format for `rows`, each followed by `tail` (COPY text already); JSON columns (by position) as JSON.

    Fast path: one %-format per row (booleans come out as True/False, which
    PostgreSQL reads as well as t/f). It is exact when no value holds a tab, a
    newline, a carriage return or a backslash, which counting those over the
    whole text verifies; otherwise every value is escaped one by one.
    """
    if json_columns:
        rows = [_with_json(row, json_columns) for row in rows]
    line = "\t".join(["%s"] * len(rows[0])) + tail.replace("%", "%%") + "\n"
    text = "".join([line % tuple([NULL if value is None else value for value in row]) for row in rows])
    nulls = sum(row.count(None) for row in rows)
    if (
        text.count("\t") == len(rows) * line.count("\t")
        and text.count("\n") == len(rows)
        and text.count("\\") == nulls + len(rows) * tail.count("\\")
        and "\r" not in text
    ):
        return text
    return "".join("\t".join([_copy_value(value) for value in row]) + tail + "\n" for row in rows)


def _with_json(row, json_columns):
    row = list(row)
    for i in json_columns:
        row[i] = None if row[i] is None else json.dumps(row[i])
    return tuple(row)


def _copy_value(value):
    if type(value) is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if value is None:
        return NULL
    if value is True or value is False:
        return "t" if value else "f"
    return str(value)
