"""What every FilterSet of the site shares, on the pages and in the API: strict booleans, old names kept as
aliases, the list of parameters a FilterSet reads, and the valid filters a page shows as chosen."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0; `on` from a checkbox); anything else is an error rather than silently no filter."""

    widget = forms.TextInput  # the default select maps unknown values to "no filter" before validation
    values = {"": None, "true": True, "1": True, "on": True, "false": False, "0": False}

    def to_python(self, value):
        text = (value or "").strip().lower()
        if text not in self.values:
            raise forms.ValidationError(_("Enter true or false."), code="invalid")
        return self.values[text]


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class FilterSet(filters.FilterSet):
    aliases: dict[str, str] = {}  # a former parameter name -> the filter it now is

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and any(old in data for old in self.aliases):
            data = data.copy()
            for old, new in self.aliases.items():
                if old in data:
                    value = data[old]  # the last one given, as for any other parameter
                    del data[old]
                    data.setdefault(new, value)
        super().__init__(data, *args, **kwargs)

    @classmethod
    def parameters(cls):
        """Every query parameter this FilterSet reads, aliases included."""
        return set(cls.base_filters) | set(cls.aliases)

    @property
    def active(self):
        """The valid filters given, by name; an invalid one is reported by the form and ignored here."""
        self.is_valid()
        return {k: v for k, v in getattr(self.form, "cleaned_data", {}).items() if v not in (None, "")}
