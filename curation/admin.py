"""The admin as curators use it: the domain apps' model admins plus the curation actions and pages.

The domain admins (researchers/admin.py, papers/admin.py) know nothing of merging, splitting,
importing or linking a printed name to a person; this module adds those to them, so the dependency
points from curation to the domain.
"""

from django.contrib import admin
from django.urls import path

from papers.admin import AuthorshipAdmin, PaperAdmin
from papers.models import Authorship, Paper, ProfileTopic
from researchers.admin import ResearcherAdmin
from researchers.models import Researcher

from .admin_imports import ImportBatchAdmin  # noqa: F401 (registers the import pages)
from .admin_papers import MOVE, AuthorshipFormSet, CuratedAuthorshipInline, free_positions, moved
from .admin_people import duplicates_view, merge_into, move_authorships


class ProfileTopicInline(admin.TabularInline):
    model = ProfileTopic
    extra = 0
    autocomplete_fields = ["topic"]
    verbose_name = "publication list topic"


class CuratedResearcherAdmin(ResearcherAdmin):
    actions = [merge_into]
    inlines = [ResearcherAdmin.inlines[0], ProfileTopicInline, *ResearcherAdmin.inlines[1:]]

    def get_urls(self):
        duplicates = self.admin_site.admin_view(lambda request: duplicates_view(self, request))
        return [path("duplicates/", duplicates, name="researchers_researcher_duplicates"), *super().get_urls()]


class CuratedAuthorshipAdmin(AuthorshipAdmin):
    actions = [move_authorships]


admin.site.unregister(Researcher)
admin.site.register(Researcher, CuratedResearcherAdmin)
admin.site.unregister(Authorship)
admin.site.register(Authorship, CuratedAuthorshipAdmin)


class CuratedPaperAdmin(PaperAdmin):
    inlines = [CuratedAuthorshipInline, *PaperAdmin.inlines[1:]]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-authors.js"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and MOVE in request.POST:
            request.POST = moved(request.POST)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, AuthorshipFormSet):
            free_positions(formset)
        super().save_formset(request, form, formset, change)


admin.site.unregister(Paper)
admin.site.register(Paper, CuratedPaperAdmin)
