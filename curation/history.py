"""Change sets in the history: every record written inside `change_set(...)` carries its reason and user.

Imports, merges, splits and reverts run inside one, so the admin's history
pages say which import or merge made a change, and `revert_change_set` can undo
all of it at once. simple-history fills the user of admin and API requests
itself (HistoryRequestMiddleware; DRF sets request.user on the Django request).
"""

import contextvars
import secrets
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from simple_history.models import HistoricalChanges
from simple_history.utils import get_m2m_reverse_field_name

from papers.models import Authorship, PaperLink
from researchers.models import Researcher

# (reason, user) of the change set under way, or None outside one.
_current: contextvars.ContextVar[tuple[str, Any] | None] = contextvars.ContextVar("pubdb_change_set", default=None)


def unique_reason(text):
    """A change-set name for an operation that may repeat (a merge undone and done again): the text, shortened
    so that "Revert of …" still fits the 100 characters of a history record, and a random tag."""
    return f"{text[:78]} #{secrets.token_hex(4)}"


@contextmanager
def change_set(reason, user=None):
    token = _current.set((reason[:100], user))
    try:
        yield
    finally:
        _current.reset(token)


def label_history_record(sender, history_instance, **kwargs):
    """simple-history's pre_create_historical_record hook: stamp the current change set, if any."""
    current = _current.get()
    if current is None:
        return
    reason, user = current
    history_instance.history_change_reason = history_instance.history_change_reason or reason
    if user is not None and user.is_authenticated and history_instance.history_user_id is None:
        history_instance.history_user = user


def history_models():
    """The historical models of pubdb's tracked models (not the m2m-through history tables)."""
    return [
        m
        for m in apps.get_models()
        if issubclass(m, HistoricalChanges) and any(f.name == "history_change_reason" for f in m._meta.fields)
    ]


def _object_pk(record):
    return getattr(record, record.instance_type._meta.pk.attname)


def change_set_records(reason):
    """Every history record of a change set, oldest first."""
    records = []
    for model in history_models():
        records += list(model.objects.filter(history_change_reason=reason))
    return sorted(records, key=lambda r: (r.history_date, r.history_id))


def _restore(record):
    """Save the object as `record` shows it, many-to-many fields (award recipients) included."""
    instance = record.instance
    instance.save()
    for field in getattr(record, "_history_m2m_fields", []):
        target = get_m2m_reverse_field_name(field)
        getattr(instance, field.name).set([getattr(row, f"{target}_id") for row in getattr(record, field.name).all()])


class RevertRefused(Exception):
    pass


def _describe(obj):
    paper = f" of “{obj.paper}”" if getattr(obj, "paper_id", None) else ""
    return f"{obj._meta.verbose_name} “{obj}”{paper}"


def _delete(record, reason):
    """Delete the row `record` created; refused, naming them, when rows made since still point to it."""
    try:
        record.instance_type.objects.filter(pk=_object_pk(record)).delete()
    except (ProtectedError, RestrictedError) as error:
        blockers = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        names = "; ".join(sorted(_describe(obj) for obj in blockers))
        raise RevertRefused(
            f"{record.instance_type._meta.verbose_name} “{record}” is still used by {names}, added after {reason}."
        ) from None


def _free_positions(records):
    """Clear the positions of the author rows about to be restored: positions are unique per paper and checked
    row by row, so restoring a swap would otherwise collide halfway. The restores record the positions."""
    pks = [_object_pk(r) for r in records if r.instance_type is Authorship]
    Authorship.objects.filter(pk__in=pks).update(position=None)


@transaction.atomic
def revert_change_set(reason, *, user=None):
    """Undo a change set, newest change first; refused when a later change touched the same rows,
    or when a row it created is still used by rows made since (a new person now on another paper)."""
    records = change_set_records(reason)
    for record in records:
        later = (
            type(record)
            .objects.filter(
                **{record.instance_type._meta.pk.attname: _object_pk(record)}, history_date__gt=record.history_date
            )
            .exclude(history_change_reason=reason)
        )
        if later.exists():
            raise RevertRefused(f"{record.instance_type._meta.verbose_name} “{record}” was changed after {reason}.")
    with change_set(f"Revert of {reason}", user):
        _free_positions(records)
        for record in reversed(records):
            if record.history_type == "+":
                _delete(record, reason)
            elif record.history_type == "~" and record.prev_record:
                _restore(record.prev_record)
            elif record.history_type == "-":
                record.instance.save()
    return len(records)


def rows_as_of(history_model, before, **filters):
    """The rows matching `filters` as they stood just before the time `before` (None: now), as history records."""
    records = history_model.objects.filter(**filters)
    if before is not None:
        records = records.filter(history_date__lt=before)
    latest = {_object_pk(r): r for r in records.order_by("history_date", "history_id")}
    return [r for r in latest.values() if r.history_type != "-"]


# A paper's own rows, restored with it: the author list and the links.
PAPER_ROWS: list[Any] = [Authorship, PaperLink]  # Any: both have .history and .objects


def restore_paper_rows(version):
    """Give the paper of the history record `version` back the authors and links it had in that version:
    as they stood until the paper's next version was saved (the admin saves the paper, then its rows).
    Run inside the change set of the revert, so that the paper and its rows are one change."""
    paper_pk = version.id
    following = type(version).objects.filter(id=paper_pk, history_date__gt=version.history_date)
    until = following.order_by("history_date").values_list("history_date", flat=True).first()
    for model in PAPER_ROWS:
        wanted = rows_as_of(model.history.model, until, paper_id=paper_pk)
        for row in model.objects.filter(paper_id=paper_pk).exclude(pk__in=[_object_pk(r) for r in wanted]):
            row.delete()
        if model is Authorship:
            gone = {r.researcher_id for r in wanted} - set(
                Researcher.objects.filter(pk__in=[r.researcher_id for r in wanted]).values_list("pk", flat=True)
            )
            if gone:
                names = ", ".join(r.printed_name or f"#{r.researcher_id}" for r in wanted if r.researcher_id in gone)
                raise RevertRefused(f"Not every author of that version exists any more (merged or removed): {names}.")
            _free_positions(wanted)
        for record in wanted:
            record.instance.save()
