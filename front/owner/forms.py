"""The owner's plain forms: their profile, its items, their papers' flags, a new paper, a proposal."""

from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from papers.models import Authorship, Paper, ProfileTopic, Venue
from pubdb.forms import LinesListField
from researchers.models import LinkKind, NewsItem, Position, Project, Researcher, Service, Talk


class ProfileForm(forms.ModelForm):
    interests = LinesListField(required=False, label=_("Research interests"))

    class Meta:
        model = Researcher
        fields = [
            "headline",
            "affiliation",
            "bio",
            "photo",
            "interests",
            "email",
            "homepage",
            "orcid",
            "google_scholar",
            "semantic_scholar",
            "dblp",
            "openreview",
            "github",
        ]
        labels = {
            "headline": _("Headline"),
            "affiliation": _("Affiliation"),
            "bio": _("Bio (Markdown)"),
            "photo": _("Photo"),
            "email": _("E-mail (shown obfuscated)"),
            "homepage": _("Homepage"),
            "orcid": _("ORCID iD"),
            "google_scholar": _("Google Scholar id"),
            "semantic_scholar": _("Semantic Scholar author id"),
            "dblp": _("DBLP pid"),
            "openreview": _("OpenReview id"),
            "github": _("GitHub user"),
        }
        help_texts = {"bio": "", "photo": "", "orcid": ""}


# The items of a profile an owner edits as a list, each as a formset of its model: (model, fields, title).
ITEM_KINDS = {
    "news": (NewsItem, ["year", "month", "day", "text", "order"], _("News")),
    "talks": (Talk, ["title", "host", "year", "month", "day", "order"], _("Talks")),
    "services": (Service, ["role", "venue", "year_start", "year_end", "order"], _("Services")),
    "projects": (Project, ["name", "description", "order"], _("Projects")),
    "positions": (
        Position,
        ["kind", "title", "organization", "unit", "start_year", "start_month", "end_year", "end_month", "current"],
        _("Positions"),
    ),
    "topics": (ProfileTopic, ["topic", "position"], _("Topics")),
}


def item_formset(kind):
    model, fields, _title = ITEM_KINDS[kind]
    return modelformset_factory(model, fields=fields, extra=1, can_delete=True)


# The owner's own flags and order of their papers (Authorship.profile_order: 1 first, blank after the ordered).
PaperFlagsFormSet = modelformset_factory(
    Authorship,
    fields=["profile_order", "selected", "highlighted"],
    widgets={"profile_order": forms.NumberInput(attrs={"min": 1, "class": "order-input"})},
    extra=0,
)


class IdentifierForm(forms.Form):
    identifier = forms.CharField(
        label=_("Identifier"), max_length=200, help_text=_("doi:10.18653/v1/…, arxiv:2401.12345, or a bare DOI.")
    )


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PaperByHandForm(forms.ModelForm):
    authors = forms.CharField(
        label=_("Authors, in order"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line.")
    )

    class Meta:
        model = Paper
        fields = ["title", "year", "kind", "status", "venue", "track", "pages", "doi", "arxiv_id"]

    def clean_authors(self):
        names = _lines(self.cleaned_data["authors"])
        if not names:
            raise forms.ValidationError(_("List the authors, one per line."))
        return names


class PaperProposalForm(forms.Form):
    """A correction of a paper: its fields are the diff's (curation/proposals.py)."""

    title = forms.CharField(label=_("Title"), max_length=500)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.all(), required=False)
    track = forms.CharField(label=_("Track"), max_length=100, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    pages = forms.CharField(label=_("Pages"), max_length=40, required=False)
    doi = forms.CharField(label=_("DOI"), max_length=200, required=False)
    arxiv_id = forms.CharField(label=_("arXiv id"), max_length=40, required=False)
    authors = forms.CharField(
        label=_("Authors, in order"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_("One per line.")
    )
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: a kind (pdf, code, slides, …) and the address."),
    )
    comment = forms.CharField(
        label=_("Why (a source, a link)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, paper, **kwargs):
        super().__init__(*args, **kwargs)
        self.paper = paper

    def clean_authors(self):
        names = _lines(self.cleaned_data["authors"])
        if not names:
            raise forms.ValidationError(_("List the authors, one per line."))
        return names

    def clean_links(self):
        links, kinds, url = [], set(LinkKind.values), forms.URLField()
        for line in _lines(self.cleaned_data["links"]):
            kind, _space, address = line.partition(" ")
            if kind not in kinds:
                raise forms.ValidationError(_("“%(kind)s” is not a kind of link.") % {"kind": kind})
            links.append([kind, url.clean(address.strip())])
        return links

    def clean(self):
        data = super().clean()
        # The paper's own validators (DOI, arXiv id, year) on a copy: nothing is saved until a curator accepts.
        copy = Paper.objects.get(pk=self.paper.pk)
        for field in ("title", "track", "year", "pages", "doi", "arxiv_id"):
            if field in data:
                setattr(copy, field, data[field] if data[field] is not None else None)
        try:
            copy.clean_fields(exclude=[f.name for f in Paper._meta.fields if f.name not in data])
        except forms.ValidationError as error:
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data

    def proposed(self):
        data = dict(self.cleaned_data)
        data["venue"] = data["venue"].pk if data.get("venue") else None
        data.pop("comment", None)
        return data


class PersonProposalForm(forms.ModelForm):
    comment = forms.CharField(
        label=_("Why (a source, a link)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    class Meta:
        model = Researcher
        fields = ["name", "native_name", "headline", "homepage"]
        labels = {
            "name": _("Name"),
            "native_name": _("Native name"),
            "headline": _("Headline"),
            "homepage": _("Homepage"),
        }
        help_texts = {"name": "", "native_name": ""}

    def proposed(self):
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the curators"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Who you are and how a curator can check it (your lab's page, your work address)."),
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
