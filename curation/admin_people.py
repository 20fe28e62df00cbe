"""Admin actions and pages for fixing people: merge into…, move authorships (split), possible duplicates.

The rules live in curation/merging.py; these only ask the curator and report.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render

from researchers.models import Researcher

from .history import RevertRefused
from .merging import (
    duplicate_papers,
    duplicate_people,
    merge_researchers,
    merges_and_splits,
    split_authorships,
    undo_merge_or_split,
)
from .permissions import allowed, require


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=Researcher.objects.none(), widget=forms.RadioSelect, required=False)
    keep_slug = forms.SlugField(required=False, label="or another researcher, by slug")

    def __init__(self, *args, selected, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = selected  # type: ignore[attr-defined]  # the ModelChoiceField above

    def clean(self):
        data = self.cleaned_data
        if data.get("keep_slug"):
            try:
                data["keep"] = Researcher.objects.get(slug=data["keep_slug"])
            except Researcher.DoesNotExist:
                raise ValidationError({"keep_slug": f"No researcher has the slug “{data['keep_slug']}”."}) from None
        if not data.get("keep"):
            raise ValidationError("Choose the researcher to keep.")
        return data


def _intermediate(modeladmin, request, queryset, template, form, title, action):
    return render(
        request,
        template,
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "queryset": queryset,
            "form": form,
            "title": title,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


# permissions=[name] makes the admin ask the model admin's has_<name>_permission (curation/admin.py),
# which asks curation.permissions: the action is offered and run only for those who may do all it does.
@admin.action(description="Merge selected researchers into…", permissions=["merge_researchers"])
def merge_into(modeladmin, request, queryset):
    form = MergeForm(request.POST if "apply" in request.POST else None, selected=queryset)
    if form.is_bound and form.is_valid():
        keep = form.cleaned_data["keep"]
        merged = [r for r in queryset if r.pk != keep.pk]
        try:
            with transaction.atomic():  # all or none: one refusal leaves every person as they were
                for other in merged:
                    merge_researchers(keep=keep, other=other, user=request.user)
        except ValidationError as refusal:
            modeladmin.message_user(request, f"Nothing merged: {refusal.messages[0]}", messages.ERROR)
            return None
        names = ", ".join(r.name for r in merged) or "nobody"
        modeladmin.message_user(request, f"Merged {names} into {keep.name} ({keep.slug}).", messages.SUCCESS)
        return None
    return _intermediate(
        modeladmin, request, queryset, "admin/researchers/merge.html", form, "Merge researchers", "merge_into"
    )


class MoveForm(forms.Form):
    target_slug = forms.SlugField(required=False, label="Move to the researcher with slug")
    new_name = forms.CharField(required=False, max_length=200, label="or to a new researcher named")

    def clean(self):
        data = self.cleaned_data
        data["target"] = None
        if data.get("target_slug"):
            try:
                data["target"] = Researcher.objects.get(slug=data["target_slug"])
            except Researcher.DoesNotExist:
                raise ValidationError({"target_slug": f"No researcher has the slug “{data['target_slug']}”."}) from None
        return data


@admin.action(description="Move selected authorships to another person…", permissions=["split_authorships"])
def move_authorships(modeladmin, request, queryset):
    form = MoveForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            target = split_authorships(
                authorships=queryset.select_related("researcher"),
                target=form.cleaned_data["target"],
                new_name=form.cleaned_data["new_name"],
                user=request.user,
            )
        except ValidationError as refusal:
            modeladmin.message_user(request, f"Nothing moved: {refusal.messages[0]}", messages.ERROR)
            return None
        modeladmin.message_user(
            request, f"Moved {len(queryset)} authorships to {target.name} ({target.slug}).", messages.SUCCESS
        )
        return None
    return _intermediate(
        modeladmin,
        request,
        queryset.select_related("paper", "researcher"),
        "admin/researchers/move_authorships.html",
        form,
        "Move authorships",
        "move_authorships",
    )


def duplicates_view(modeladmin, request):
    """People whose names may print the same person; papers with the same DOI or title. Two queries."""
    return render(
        request,
        "admin/researchers/duplicates.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": "Possible duplicates",
            "people": duplicate_people(),
            "papers": duplicate_papers(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


def merges_view(modeladmin, request):
    """The latest merges and splits with an Undo button each; a POST undoes the one it names."""
    if request.method == "POST":
        require(request.user, "undo_merge_or_split")
        reason = request.POST.get("reason", "")
        try:
            count = undo_merge_or_split(reason, user=request.user)
        except RevertRefused as refusal:
            modeladmin.message_user(request, f"Not undone: {refusal}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"Undone: {reason} ({count} changes).", messages.SUCCESS)
        return redirect("admin:researchers_researcher_merges")
    return render(
        request,
        "admin/researchers/merges.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": "Merges and splits",
            "changes": merges_and_splits(),
            "can_undo": allowed(request.user, "undo_merge_or_split"),
        },
    )
