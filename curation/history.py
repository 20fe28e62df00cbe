"""Change sets in the history: every record written inside `change_set(...)` carries its reason and user.

Imports, merges, splits and reverts run inside one, so the admin's history
pages say which import or merge made a change, and `revert_change_set` can undo
all of it at once. simple-history fills the user of admin and API requests
itself (HistoryRequestMiddleware; DRF sets request.user on the Django request).
"""

import contextvars
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import transaction
from simple_history.models import HistoricalChanges
from simple_history.utils import get_m2m_reverse_field_name

from pubdb import bulk

# (reason, user) of the change set under way, or None outside one.
_current: contextvars.ContextVar[tuple[str, Any] | None] = contextvars.ContextVar("pubdb_change_set", default=None)


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


def bulk_history(objects, date):
    """The history records ("+") of rows that bulk_create wrote (it sends no signals), stamped as
    label_history_record stamps those of saves. `date` orders them: a revert undoes the newest first."""
    if not objects:
        return
    reason, user = _current.get() or ("", None)
    history = type(objects[0]).history.model
    if user is None or not user.is_authenticated:
        user = history.get_default_history_user(objects[0])  # the request's user, as for a save
    tracked = [f.attname for f in history.tracked_fields]
    user_id = user.pk if user is not None else None
    rows = [[*(getattr(o, name) for name in tracked), date, reason, "+", user_id] for o in objects]
    bulk.insert(history, [*tracked, "history_date", "history_change_reason", "history_type", "history_user_id"], rows)


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


@transaction.atomic
def revert_change_set(reason, *, user=None):
    """Undo a change set, newest change first; refused when a later change touched the same rows."""
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
        for record in reversed(records):
            model = record.instance_type
            if record.history_type == "+":
                model.objects.filter(pk=_object_pk(record)).delete()
            elif record.history_type == "~" and record.prev_record:
                _restore(record.prev_record)
            elif record.history_type == "-":
                record.instance.save()
    return len(records)
