"""A write that breaks a unique rule is a 409 naming the record that holds the value, never a 500.

One rule, met at two moments: before the write, when the model's validation finds the value taken
(ModelCleanMixin), and at the write, when a concurrent request took it between that check and our insert
and the database's unique index refuses it (CuratedViewSet).
"""

from django.db import models
from rest_framework import status
from rest_framework.exceptions import APIException


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, detail=None, *, existing=None):
        super().__init__(detail)
        if existing:  # as given: DRF would turn the id into a string
            self.detail = {"detail": self.detail, "existing": existing}


def _unique_sets(model):
    """(field names, condition) of each unique rule of `model`: unique fields and UniqueConstraints."""
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            yield (field.name,), None
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            yield constraint.fields, constraint.condition


def holder(instance):
    """(field names, the other row) of the first unique value of `instance` another row has, or None."""
    model = type(instance)
    for names, condition in _unique_sets(model):
        values = {name: getattr(instance, model._meta.get_field(name).attname) for name in names}
        if any(value in (None, "") for value in values.values()):
            continue  # a blank DOI or slug is not a value (the constraints exclude it; save() fills a slug)
        others = model._default_manager.filter(**values).exclude(pk=instance.pk)
        if condition is not None:
            others = others.filter(condition)
        if (other := others.first()) is not None:
            return names, other
    return None


def conflict(instance, view=None):
    """The 409 for `instance`'s taken value, naming the record (and its API URL); None if nothing is taken."""
    found = holder(instance)
    if found is None:
        return None
    names, other = found
    model = type(instance)._meta
    what = " and ".join(str(model.get_field(name).verbose_name) for name in names)
    existing = {"id": other.pk, "name": str(other)}
    if view is not None:
        lookup = getattr(other, view.lookup_field)
        existing["url"] = view.request.build_absolute_uri(view.reverse_action("detail", args=[lookup]))
    return Conflict(f"Another {model.verbose_name} already has this {what}: {other}.", existing=existing)
