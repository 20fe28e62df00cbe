"""The owner's pages: their account page, claiming a profile, editing it, adding papers, proposing corrections.

Every write asks curation/permissions.py (one rule) and goes through the same writers as the admin's, inside a
change set, so it is in the history; saves bump the data version, which drops the cached pages.
"""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from curation import claims, proposals
from curation.authors import AuthorEntry, set_authors
from curation.history import change_set, unique_reason
from curation.models import ChangeProposal
from curation.permissions import may_propose, owned_profile_id, require_owner_of
from curation.sources import import_identifiers
from curation.sources.identifiers import parse_identifier
from papers.models import Authorship, Paper
from researchers.models import Claim, Researcher

from . import forms

# Paper identifiers only: a person's (orcid:, dblp:) would bring all their works.
PAPER_SCHEMES = {"doi", "arxiv"}
# Rows of the owner's papers form per page: each sends ~3 fields, and Django refuses a POST of more than
# DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000).
PAPERS_PAGE_SIZE = 100


def _too_many(request, action):
    if ratelimit.consume(request, action=action, user=request.user):
        return None
    return HttpResponse(_("Too many requests: try again later."), status=429, content_type="text/plain")


def _edit(request, what):
    """The change set of one owner edit: its history records name the account and what they edited."""
    return change_set(unique_reason(f"{what} by {request.user}"), request.user)


@login_required
def home(request):
    """The account's page: the profile they maintain (or how to claim one), their claims and proposals."""
    profile_id = owned_profile_id(request.user)
    context = {
        "profile": Researcher.objects.filter(pk=profile_id).first() if profile_id else None,
        "claims": Claim.objects.filter(user=request.user).select_related("researcher"),
        "proposals": ChangeProposal.objects.filter(proposer=request.user).for_queue(),
        "item_kinds": [(kind, title) for kind, (_m, _f, title) in forms.ITEM_KINDS.items()],
    }
    return render(request, "owner/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def claim(request, slug):
    researcher = get_object_or_404(Researcher.objects.with_maintained(), slug=slug)
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limited := _too_many(request, "claim_profile"):
            return limited
        try:
            made = claims.start_claim(
                request.user,
                researcher,
                method=request.POST.get("method", ""),
                message=form.cleaned_data["message"],
                build_url=request.build_absolute_uri,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _CLAIM_STARTED[made.status, made.method])
            return redirect("owner:home")
    context = {
        "researcher": researcher,
        "form": form,
        "orcid": claims.verified_orcid(request.user),
        "Method": Claim.Method,
    }
    return render(request, "owner/claim.html", context, status=400 if form.errors else 200)


_CLAIM_STARTED = {
    (Claim.Status.ACCEPTED, Claim.Method.ORCID): gettext_lazy("Your ORCID iD matches: you now maintain this profile."),
    (Claim.Status.PENDING, Claim.Method.EMAIL): gettext_lazy(
        "We mailed a link to the profile's address: open it to finish."
    ),
    (Claim.Status.PENDING, Claim.Method.CURATOR): gettext_lazy("Your claim is waiting for a curator."),
}


@login_required
def confirm_claim(request, token):
    try:
        made = claims.confirm_email_claim(request.user, token, build_url=request.build_absolute_uri)
    except ValidationError as error:
        return render(request, "owner/message.html", {"errors": error.messages}, status=400)
    messages.success(request, _("You now maintain the profile of %(name)s.") % {"name": made.researcher.name})
    return redirect("owner:home")


def _editable(request, slug):
    researcher = get_object_or_404(Researcher, slug=slug)
    require_owner_of(request.user, researcher)
    return researcher


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request, slug):
    researcher = _editable(request, slug)
    form = forms.ProfileForm(request.POST or None, request.FILES or None, instance=researcher)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic(), _edit(request, "Profile edit"):
            form.save()
        messages.success(request, _("Your profile is saved; the page shows it now."))
        return redirect(researcher.get_absolute_url())
    return render(request, "owner/profile_form.html", {"researcher": researcher, "form": form})


def _share_choices(formset):
    """Every form of a formset offers the same venues, organizations or topics: read them once, not per form."""
    shared = {}
    for form in formset:
        for name, field in form.fields.items():
            if hasattr(field, "queryset") and name != "id":  # the row's own id is a hidden field, no options
                if name not in shared:
                    shared[name] = list(field.choices)
                field.choices = shared[name]


@login_required
@require_http_methods(["GET", "POST"])
def edit_items(request, slug, kind):
    if kind not in forms.ITEM_KINDS:
        raise PermissionDenied
    researcher = _editable(request, slug)
    model, _fields, title = forms.ITEM_KINDS[kind]
    items = model.objects.filter(researcher=researcher)
    if kind in forms.LINKED_KINDS:
        items = items.prefetch_related("links")
    formset = forms.item_formset(kind)(request.POST or None, queryset=items)
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic(), _edit(request, f"{kind.capitalize()} edit"):
            for item in formset.save(commit=False):
                item.researcher = researcher
                item.save()
            for item in formset.deleted_objects:
                item.delete()
            for form in formset.saved_forms if kind in forms.LINKED_KINDS else []:
                form.save_links()
        messages.success(request, _("Saved."))
        return redirect("owner:items", slug, kind)
    _share_choices(formset)
    context = {"researcher": researcher, "formset": formset, "kind": kind, "title": title}
    return render(request, "owner/items_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_papers(request, slug):
    """The order and the selected and highlighted flags of the owner's own authorships (theirs, not the shared
    paper's), listed in the owner's order."""
    researcher = _editable(request, slug)
    rows = Authorship.objects.filter(researcher=researcher).select_related("paper__venue").in_profile_order()
    page = Paginator(rows, PAPERS_PAGE_SIZE).get_page(request.GET.get("page"))
    formset = forms.PaperFlagsFormSet(request.POST or None, queryset=rows[page.start_index() - 1 : page.end_index()])
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic(), _edit(request, "Paper flags edit"):
            formset.save()
        messages.success(request, _("Saved."))
        return redirect(f"{reverse('owner:papers', args=[slug])}?page={page.number}")
    status = 400 if request.method == "POST" else 200
    context = {"researcher": researcher, "formset": formset, "page": page}
    return render(request, "owner/papers_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def add_paper(request, slug):
    """By identifier, the paper is previewed as the source gives it (a dry run of the import), then added on
    confirmation, like the admin's add by identifier; by hand, it is added at once."""
    researcher = _editable(request, slug)
    by_id = forms.IdentifierForm(request.POST if "identifier" in request.POST else None)
    by_hand = forms.PaperByHandForm(request.POST if "title" in request.POST else None)
    paper = preview = None
    if by_id.is_bound and by_id.is_valid():
        paper, preview = _add_by_identifier(request, by_id, researcher)
    elif by_hand.is_bound and by_hand.is_valid():
        paper = _add_by_hand(request, by_hand, researcher)
    if paper is not None:
        return redirect(paper.get_absolute_url())
    status = 400 if by_id.errors or by_hand.errors else 200
    context = {"researcher": researcher, "by_id": by_id, "by_hand": by_hand, "preview": preview}
    return render(request, "owner/add_paper.html", context, status=status)


def _add_by_identifier(request, form, researcher):
    """(the paper added, None) once confirmed; (None, what the source gives) for the preview; (None, None) on an
    error, which the form then carries."""
    try:
        identifier = parse_identifier(form.cleaned_data["identifier"])
    except ValueError as error:
        form.add_error("identifier", str(error))
        return None, None
    if identifier.scheme not in PAPER_SCHEMES:
        form.add_error("identifier", _("Give a paper's DOI or arXiv id."))
        return None, None
    confirmed = "confirm" in request.POST
    report = import_identifiers([str(identifier)], user=request.user, dry_run=not confirmed)
    results = [r for r in report.results if r.status != "invalid"]
    if not results:
        for result in report.invalid:
            form.add_error("identifier", "; ".join(result.errors))
        return None, None
    result = results[0]
    yours = any(link.researcher is not None and link.researcher.pk == researcher.pk for link in result.authors)
    if not confirmed:
        return None, {"identifier": str(identifier), "result": result, "record": result.record, "yours": yours}
    if not result.paper.authorships.filter(researcher=researcher).exists():
        messages.warning(request, _("The source does not list you among its authors: propose a correction."))
    else:
        messages.success(request, _("Added from the source."))
    return result.paper, None


def _add_by_hand(request, form, researcher):
    names = form.cleaned_data["authors"]
    own = {researcher.name.lower(), researcher.native_name.lower()} - {""}
    own |= {alias.name.lower() for alias in researcher.aliases.all()}
    if not own & {name.lower() for name in names}:
        form.add_error("authors", _("Your own name must be among the authors."))
        return None
    try:
        with transaction.atomic(), _edit(request, "Paper added"):
            paper = form.save()
            entries = [
                AuthorEntry(name=name, position=n, researcher_slug=researcher.slug if name.lower() in own else "")
                for n, name in enumerate(names, start=1)
            ]
            set_authors(paper, entries)
    except ValidationError as error:
        form.add_error("authors", error)
        return None
    messages.success(request, _("Paper added."))
    return paper


@login_required
@require_http_methods(["GET", "POST"])
def propose_paper(request, pk):
    paper = get_object_or_404(Paper, pk=pk)
    if not may_propose(request.user, paper):
        raise PermissionDenied(_("Only an owner who is an author of this paper may propose corrections to it."))
    initial = proposals.current_values(paper)
    initial["authors"] = "\n".join(initial["authors"])
    initial["links"] = "\n".join(f"{kind} {url}" for kind, url in initial["links"])
    owner_id = owned_profile_id(request.user)
    form = forms.PaperProposalForm(request.POST or None, initial=initial, paper=paper, owner_id=owner_id)
    return _propose(request, paper, form)


@login_required
@require_http_methods(["GET", "POST"])
def propose_person(request, slug):
    person = get_object_or_404(Researcher, slug=slug)
    if not may_propose(request.user, person):
        raise PermissionDenied(_("Only the owner of another profile may propose corrections to a person."))
    form = forms.PersonProposalForm(request.POST or None, instance=Researcher.objects.get(pk=person.pk))
    return _propose(request, person, form)


def _propose(request, target, form):
    if request.method == "POST" and form.is_valid():
        if limited := _too_many(request, "propose_change"):
            return limited
        try:
            proposals.propose(request.user, target, form.proposed(), comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your correction is waiting for a curator."))
            return redirect(target.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "owner/propose.html", {"target": target, "form": form}, status=status)
