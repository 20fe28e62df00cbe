"""The curators' queues in the admin: claims of profiles and change proposals, each accepted or rejected with a
reason on its change page (curation/claims.py and curation/proposals.py do the work, as for the API)."""

from typing import ClassVar

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join

from researchers.models import Claim

from . import claims, proposals
from .models import ChangeProposal
from .permissions import require

DECISIONS = ("_accept", "_reject")


class ReviewAdmin(admin.ModelAdmin):
    """A queue: nothing is added or edited here by hand; a decision is the change page's two buttons."""

    change_form_template = "admin/curation/review_change_form.html"
    list_filter = ["status"]
    action: ClassVar[str]  # the curator action of curation/permissions.py a decision needs
    decide: ClassVar[dict]  # "_accept" / "_reject" -> function(obj, by=, reason=, build_url=)

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        shown = list(self.fields or [])
        return [f for f in shown if f != "reason"] if obj and obj.status == "pending" else shown

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        decision = next((d for d in DECISIONS if d in request.POST), None)
        if request.method == "POST" and object_id and decision:
            require(request.user, self.action)
            obj = self.get_object(request, object_id)
            if obj is None:
                raise Http404
            try:
                self.decide[decision](
                    obj, by=request.user, reason=request.POST.get("reason", ""), build_url=request.build_absolute_uri
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
            messages.success(request, f"{obj}: {obj.get_status_display()}; the person was mailed.")
            return redirect(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
        extra_context = {**(extra_context or {}), "decisions": True}
        return super().changeform_view(request, object_id, form_url, extra_context)


def _decide_claim(accept):
    def decide(claim, *, by, reason, build_url):
        if accept:
            return claims.accept(claim, by=by, reason=reason, build_url=build_url)
        return claims.reject(claim, by=by, reason=reason, build_url=build_url)

    return decide


@admin.register(Claim)
class ClaimAdmin(ReviewAdmin):
    list_display = ["researcher", "user", "method", "status", "created"]
    list_select_related = ["researcher", "user"]
    search_fields = ["researcher__name", "user__email"]
    fields = ["researcher", "user", "method", "message", "status", "reason", "created", "decided", "decided_by"]
    action = "review_claims"
    decide = {"_accept": _decide_claim(True), "_reject": _decide_claim(False)}


@admin.register(ChangeProposal)
class ChangeProposalAdmin(ReviewAdmin):
    list_display = ["__str__", "proposer", "status", "created"]
    list_select_related = ["proposer", "paper", "researcher"]
    fields = ["target", "proposer", "diff", "comment", "status", "reason", "created", "decided", "decided_by"]
    action = "review_proposals"
    decide = {
        "_accept": lambda p, *, by, reason, build_url: proposals.accept(p, by=by, build_url=build_url),
        "_reject": proposals.reject,
    }

    @admin.display(description="Record")
    def target(self, obj):
        return format_html('<a href="{}">{}</a>', obj.target.get_absolute_url(), obj.target)

    @admin.display(description="Change (old → new)")
    def diff(self, obj):
        rows = format_html_join(
            "", '<tr><th>{}</th><td class="old">{}</td><td class="new">{}</td></tr>', proposals.diff(obj)
        )
        return format_html('<table class="diff">{}</table>', rows)
