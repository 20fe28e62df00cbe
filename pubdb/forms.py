"""The admin's form field for every JSON list of strings (a paper's categories, a researcher's interests).

A curator types one item per line instead of editing a raw JSON value such as `[]`.
"""

from django import forms
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class LinesListField(forms.CharField):
    """A list of strings as a textarea, one per line; blank lines and repeats are dropped."""

    widget = forms.Textarea(attrs={"rows": 3, "class": "vLinesList"})

    def __init__(self, *, max_length=None, encoder=None, decoder=None, **kwargs):
        kwargs.setdefault("help_text", "")
        kwargs["help_text"] = format_lazy("{} {}", _("One per line."), kwargs["help_text"])  # the owner's form too
        super().__init__(strip=False, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        lines = (line.strip() for line in (value or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


class ListFieldsAdminMixin:
    """For a ModelAdmin: every JSONField whose default is a list gets LinesListField."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.JSONField) and db_field.default is list:
            kwargs["form_class"] = LinesListField
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
