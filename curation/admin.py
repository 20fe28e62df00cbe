"""The admin as curators use it: the domain apps' model admins plus the curation actions and pages.

The domain admins (researchers/admin.py, papers/admin.py) know nothing of merging, splitting,
importing or linking a printed name to a person; this module adds those to them, so the dependency
points from curation to the domain.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from papers.admin import AuthorshipAdmin, PaperAdmin
from papers.models import Authorship, Paper, ProfileTopic
from researchers.admin import ResearcherAdmin
from researchers.models import Researcher

from .admin_disagreements import DisagreementAdmin  # noqa: F401 (registers the disagreement queue)
from .admin_imports import ImportBatchAdmin  # noqa: F401 (registers the import pages)
from .admin_jobs import JobAdmin  # noqa: F401 (registers the Jobs page)
from .admin_papers import MOVE, AuthorshipFormSet, CuratedAuthorshipInline, free_positions, moved
from .admin_people import duplicates_view, merge_into, merges_view, move_authorships
from .admin_review import ChangeProposalAdmin, ClaimAdmin  # noqa: F401 (registers the review queues)
from .history import RevertRefused, change_set, restore_paper_rows, unique_reason
from .permissions import allowed, require
from .provenance import described, stamp_curated


class ProfileTopicInline(admin.TabularInline):
    model = ProfileTopic
    extra = 0
    autocomplete_fields = ["topic"]
    verbose_name = "publication list topic"


class CuratedResearcherAdmin(ResearcherAdmin):
    actions = [merge_into]
    inlines = [ResearcherAdmin.inlines[0], ProfileTopicInline, *ResearcherAdmin.inlines[1:]]

    def has_merge_researchers_permission(self, request):
        return allowed(request.user, "merge_researchers")

    def get_urls(self):
        duplicates = self.admin_site.admin_view(lambda request: duplicates_view(self, request))
        merges = self.admin_site.admin_view(lambda request: merges_view(self, request))
        return [
            path("duplicates/", duplicates, name="researchers_researcher_duplicates"),
            path("merges/", merges, name="researchers_researcher_merges"),
            *super().get_urls(),
        ]


class CuratedAuthorshipAdmin(AuthorshipAdmin):
    actions = [move_authorships]

    def has_split_authorships_permission(self, request):
        return allowed(request.user, "split_authorships")


admin.site.unregister(Researcher)
admin.site.register(Researcher, CuratedResearcherAdmin)
admin.site.unregister(Authorship)
admin.site.register(Authorship, CuratedAuthorshipAdmin)


class CuratedPaperAdmin(PaperAdmin):
    inlines = [CuratedAuthorshipInline, *PaperAdmin.inlines[1:]]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-authors.js"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return (
            fieldsets
            if obj is None
            else [*fieldsets, (_("Where the values came from"), {"fields": ["provenance_table"]})]
        )

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "provenance_table"]

    @admin.display(description=_("fields"))
    def provenance_table(self, obj):
        rows = format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", described(obj))
        url = reverse("admin:papers_disagreement_changelist") + f"?paper__id__exact={obj.pk}"
        queue = format_html('<p><a href="{}">{}</a></p>', url, _("Disagreements of sources with this paper"))
        if not rows:
            return format_html("<p>{}</p>{}", _("Not known (entered before pubdb kept track)."), queue)
        return format_html('<table class="provenance">{}</table>{}', rows, queue)

    def save_model(self, request, obj, form, change):
        stamp_curated(obj, form.changed_data, request.user)  # what the curator changed is theirs now
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and MOVE in request.POST:
            request.POST = moved(request.POST)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, AuthorshipFormSet):
            free_positions(formset)
        super().save_formset(request, form, formset, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting to a version puts back the paper's author rows and links too, in one change set."""
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        require(request.user, "revert_paper")
        version = get_object_or_404(Paper.history.model, id=object_id, history_id=version_id)
        reason = unique_reason(f"Revert of paper #{object_id} to {version.history_date:%Y-%m-%d %H:%M:%S}")
        try:
            with transaction.atomic(), change_set(reason, request.user):
                response = super().history_form_view(request, object_id, version_id, extra_context)
                if response.status_code == 302:  # saved: the form was valid
                    restore_paper_rows(version)
        except RevertRefused as refusal:
            self.message_user(request, f"Not reverted: {refusal}", messages.ERROR)
            return redirect("admin:papers_paper_history", object_id)
        return response


admin.site.unregister(Paper)
admin.site.register(Paper, CuratedPaperAdmin)
