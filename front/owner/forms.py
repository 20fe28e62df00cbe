"""The owner's plain forms: their profile, its items, their papers' flags, a new paper, a proposal."""

from django import forms
from django.db.models import Q
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from papers.models import Authorship, Paper, ProfileTopic, Topic, Venue
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
        help_texts = {"bio": "", "photo": "", "orcid": "", "email": "", "headline": _("Current position, one line.")}


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LinksField(forms.CharField):
    """Typed links as lines of a kind (pdf, code, slides, …) and an address: [[kind, url], …]."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Links"))
        kwargs.setdefault("help_text", _("One per line: a kind (pdf, code, slides, …) and the address."))
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        links, kinds, url = [], set(LinkKind.values), forms.URLField()
        for line in _lines(super().clean(value)):
            kind, _space, address = line.partition(" ")
            if kind not in kinds:
                raise forms.ValidationError(_("“%(kind)s” is not a kind of link.") % {"kind": kind})
            links.append([kind, url.clean(address.strip())])
        return links


def link_lines(links):
    return "\n".join(f"{link.kind} {link.url}" for link in links)


class LinkedItemForm(forms.ModelForm):
    """A talk or a project with its links (TalkLink, ProjectLink: the item's `links`), written when they change."""

    links = LinksField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["links"] = link_lines(self.instance.links.all())  # prefetched by the view

    def save_links(self):
        if "links" not in self.changed_data:
            return
        labels = {(link.kind, link.url): link.label for link in self.instance.links.all()}
        self.instance.links.all().delete()
        for kind, url in self.cleaned_data["links"]:
            self.instance.links.create(kind=kind, url=url, label=labels.get((kind, url), ""))


# The labels of the items' fields, in the language of the page (the models' own are the admin's, in English).
ITEM_LABELS = {
    "year": _("Year"),
    "month": _("Month"),
    "day": _("Day"),
    "text": _("Text (Markdown)"),
    "order": _("Order"),
    "title": _("Title"),
    "host": _("Where it was given"),
    "role": _("Role"),
    "venue": _("Venue"),
    "year_start": _("From (year)"),
    "year_end": _("To (year; empty for one year)"),
    "name": _("Name"),
    "description": _("Description (Markdown)"),
    "kind": _("Kind"),
    "organization": _("Organization"),
    "unit": _("Lab or department"),
    "start_year": _("Start year"),
    "start_month": _("Start month"),
    "end_year": _("End year"),
    "end_month": _("End month"),
    "current": _("Current"),
    "topic": _("Topic"),
    "position": _("Place in the list"),
}

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


LINKED_KINDS = {"talks", "projects"}  # items with links of their own


def item_formset(kind):
    model, fields, _title = ITEM_KINDS[kind]
    form = LinkedItemForm if kind in LINKED_KINDS else forms.ModelForm
    labels = {field: ITEM_LABELS[field] for field in fields}
    help_texts = dict.fromkeys(fields, "")  # the models' are the admin's, in English; the labels say enough
    return modelformset_factory(
        model, form=form, fields=fields, labels=labels, help_texts=help_texts, extra=1, can_delete=True
    )


class PaperFlagsForm(forms.ModelForm):
    # A small integer column: past its top PostgreSQL refuses the write and SQLite would store it; a 400 on both.
    profile_order = forms.IntegerField(
        min_value=1, max_value=32767, required=False, widget=forms.NumberInput(attrs={"class": "order-input"})
    )


# The owner's own flags and order of their papers (Authorship.profile_order: 1 first, blank after the ordered).
PaperFlagsFormSet = modelformset_factory(
    Authorship, form=PaperFlagsForm, fields=["profile_order", "selected", "highlighted"], extra=0
)


class IdentifierForm(forms.Form):
    identifier = forms.CharField(
        label=_("Identifier"), max_length=200, help_text=_("doi:10.18653/v1/…, arxiv:2401.12345, or a bare DOI.")
    )


class PaperByHandForm(forms.ModelForm):
    authors = forms.CharField(
        label=_("Authors, in order"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line.")
    )

    class Meta:
        model = Paper
        fields = ["title", "year", "kind", "status", "venue", "track", "pages", "doi", "arxiv_id"]
        # In the page's language, as the proposal form labels the same fields (the model's are the admin's).
        labels = {
            "title": _("Title"),
            "year": _("Year"),
            "kind": _("Kind"),
            "status": _("Status"),
            "venue": _("Venue"),
            "track": _("Track"),
            "pages": _("Pages"),
            "doi": _("DOI"),
            "arxiv_id": _("arXiv id"),
        }
        help_texts = {
            "venue": _("Empty for a preprint."),
            "track": _("“Findings”, “Main”, “Volume 1: Long Papers”."),
            "doi": "",
            "arxiv_id": "",
            "year": "",
            "pages": "",
        }

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
    links = LinksField()
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    comment = forms.CharField(
        label=_("Why (a source, a link)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, paper, owner_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.paper = paper
        # The topics of the proposer's own list and the paper's own: the choices an author makes for a paper.
        self.fields["topics"].queryset = (
            Topic.objects.filter(Q(profile_topics__researcher_id=owner_id) | Q(papers=paper))
            .distinct()
            .order_by("name")
        )

    def clean_authors(self):
        names = _lines(self.cleaned_data["authors"])
        if not names:
            raise forms.ValidationError(_("List the authors, one per line."))
        return names

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
        data["topics"] = sorted(topic.pk for topic in data.get("topics", []))
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
        help_texts = {"name": "", "native_name": "", "headline": _("Current position, one line.")}

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
