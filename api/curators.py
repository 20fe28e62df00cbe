"""The "curator" group: add, change and delete permissions on every curated model."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

CURATOR_GROUP = "curator"
CURATED_APPS = ("researchers", "papers", "curation")  # curation: the jobs they queue, the proposals they review


def curator_group():
    """The group, created if missing and given any curated-model permission it lacks (idempotent)."""
    group, _ = Group.objects.get_or_create(name=CURATOR_GROUP)
    models = [m for app in CURATED_APPS for m in apps.get_app_config(app).get_models() if not m._meta.auto_created]
    codenames = [
        f"{action}_{model._meta.model_name}"
        for model in models
        if not model.__name__.startswith("Historical")
        for action in ("add", "change", "delete")
    ]
    wanted = Permission.objects.filter(content_type__app_label__in=CURATED_APPS, codename__in=codenames)
    group.permissions.add(*wanted)
    return group
