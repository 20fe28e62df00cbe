"""The paper form's ordered author rows: positions follow the rows, a name alone finds or makes the person.

Positions are filled in the order of the rows (static/js/admin-authors.js reorders them by dragging or by
the ↑/↓ buttons; without script those buttons are submit buttons that move the row and save). A row with
only a printed name is linked as the API links it (curation.authors.resolve_author): the one researcher of
that name or alias, a new one when there is none, a form error naming the candidates when there are several.
"""

import math
import re

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.html import format_html

from papers.admin import AuthorshipInline
from papers.models import Authorship

from .authors import AmbiguousAuthor, resolve_author

MOVE = "_move"  # the submit button that moves a row without script: value "<position input name>:up|down"
MAX_ROWS = 1000  # Django's limit of forms in a formset
MOVE_VALUE = re.compile(r"^(?P<prefix>[\w-]+)-(?P<index>\d+)-position:(?P<direction>up|down)$")


class PositionInput(forms.NumberInput):
    """The position box with the row's ↑/↓ buttons."""

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        buttons = [
            format_html(
                '<button type="submit" name="{}" value="{}:{}" class="author-move" title="Move {} (saves)">{}</button>',
                MOVE,
                name,
                direction,
                direction,
                arrow,
            )
            for direction, arrow in (("up", "↑"), ("down", "↓"))
        ]
        return format_html('<span class="author-order">{}{}{}</span>', box, *buttons)


class PreloadedAutocomplete(AutocompleteSelect):
    """The researcher box of a row: the chosen person comes with the rows, not from one query per row."""

    preloaded = None  # the row's researcher, set by AuthorshipForm

    def optgroups(self, name, value, attr=None):
        chosen = self.preloaded
        if chosen is None or [str(v) for v in value if v] != [str(chosen.pk)]:
            return super().optgroups(name, value, attr)
        label = self.choices.field.label_from_instance(chosen)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        return [(None, [*options, self.create_option(name, chosen.pk, label, True, len(options))], 0)]


class AuthorshipForm(forms.ModelForm):
    beyond = forms.BooleanField(
        required=False,
        label="after et al.",
        help_text="Known to be an author, but beyond a truncated list: no position.",
    )

    class Meta:
        model = Authorship
        fields = AuthorshipInline.fields
        widgets = {"position": PositionInput(attrs={"min": 1, "class": "author-position"})}
        labels = {"equal_contribution": "equal", "corresponding": "corr.", "highlighted": "highl."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["researcher"].required = False
        self.fields["researcher"].help_text = "Or type only the printed name."
        self.fields["position"].help_text = "Filled in the order of the rows."
        if self.instance.pk and self.instance.position is None:
            self.initial["beyond"] = True
        box = self.fields["researcher"].widget
        if isinstance(box := getattr(box, "widget", box), PreloadedAutocomplete) and self.instance.researcher_id:
            box.preloaded = self.instance.researcher

    @cached_property
    def changed_data(self):
        # The position only orders the rows (the script numbers empty rows too): alone it is no change.
        return [name for name in super().changed_data if name != "position"]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("researcher") or self.has_error("researcher"):
            return data
        name = data.get("printed_name", "").strip()
        if not name:
            raise ValidationError({"researcher": "Choose the researcher, or type the printed name."})
        try:
            data["researcher"] = resolve_author(name, create=False)  # None: a new person, made on save
        except AmbiguousAuthor as ambiguous:
            people = ", ".join(f"{c.name} ({c.slug})" for c in ambiguous.candidates)
            self.add_error("researcher", f"“{name}” could be any of: {people}. Choose one here.")
        return data

    def save(self, commit=True):
        if self.instance.researcher_id is None:
            self.instance.researcher = resolve_author(self.instance.printed_name)
        return super().save(commit)


def author_order(rows):
    """Row indices in author order, from (index, position typed or None): typed positions by number, the rest
    after them in row order. The one rule for saving the rows and for moving one without script."""
    return [index for index, position in sorted(rows, key=lambda row: (row[1] or math.inf, row[0]))]


class AuthorshipFormSet(BaseInlineFormSet):
    def clean(self):
        kept = [f for f in self.forms if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")]
        listed = [f for f in kept if not f.cleaned_data.get("beyond")]
        order = author_order((i, f.cleaned_data.get("position")) for i, f in enumerate(listed))
        for position, index in enumerate(order, start=1):
            self._place(listed[index], position)
        for form in kept:
            if form.cleaned_data.get("beyond"):
                self._place(form, None)
        new = [f.cleaned_data["printed_name"].casefold() for f in kept if not f.errors and not f.instance.researcher_id]
        if len(set(new)) != len(new):
            raise ValidationError("The same new person is listed twice: give each author one row.")
        super().clean()

    @staticmethod
    def _place(form, position):
        form.cleaned_data["position"] = form.instance.position = position
        if form.instance.pk and position != form.initial.get("position") and "position" not in form.changed_data:
            form.changed_data.append("position")  # so the formset saves the renumbered row


class CuratedAuthorshipInline(AuthorshipInline):
    form = AuthorshipForm
    formset = AuthorshipFormSet
    fields = [*AuthorshipInline.fields, "beyond"]

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if obj is None else 1  # a new paper starts with three empty rows

    def get_queryset(self, request):
        authorships = super().get_queryset(request)
        return authorships.in_order().select_related("researcher")  # type: ignore[attr-defined]  # an AuthorshipQuerySet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "researcher":
            kwargs["widget"] = PreloadedAutocomplete(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def moved(post):
    """The POST of a no-script ↑/↓ button: the row swapped with its neighbour, every position written out."""
    match = MOVE_VALUE.match(post.get(MOVE, ""))
    if not match:
        return post
    prefix = match["prefix"]
    total = post.get(f"{prefix}-TOTAL_FORMS", "")
    total = min(int(total), MAX_ROWS) if total.isdigit() else 0

    def value(index, name):
        return post.get(f"{prefix}-{index}-{name}", "")

    def typed(index):
        return int(value(index, "position")) if value(index, "position").isdigit() else None

    listed = [
        i
        for i in range(total)
        if (value(i, "researcher") or value(i, "printed_name")) and not (value(i, "DELETE") or value(i, "beyond"))
    ]
    order = [listed[i] for i in author_order((n, typed(i)) for n, i in enumerate(listed))]
    index = int(match["index"])
    if index in order:
        at = order.index(index)
        other = at - 1 if match["direction"] == "up" else at + 1
        if 0 <= other < len(order):
            order[at], order[other] = order[other], order[at]
    post = post.copy()
    for position, row in enumerate(order, start=1):
        post[f"{prefix}-{row}-position"] = str(position)
    post["_continue"] = "1"  # saved, then back to the form
    return post


def free_positions(formset):
    """Before saving reordered rows: clear the old positions of the rows that move or go, so that no row
    collides with another's old position (the unique constraint is checked row by row)."""
    moving = [
        form.instance.pk
        for form in formset.initial_forms
        if form.instance.pk
        and (form in formset.deleted_forms or form.instance.position != form.initial.get("position"))
    ]
    # No history record for this step: the saves that follow record each row's new position.
    Authorship.objects.filter(pk__in=moving).update(position=None)
