"""The admin's Jobs page: each background job's progress, state and result, and a Cancel button.

The pages refresh themselves (a meta refresh, no script) while a job on them is queued or running.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .jobs import request_cancel
from .models import Job
from .permissions import allowed, require

REFRESH_SECONDS = 2


def progress_bar(job):
    """A <progress> with the count beside it: readable without styles, scripts or a CDN."""
    label = f"{job.done:,} / {job.total:,}" if job.total else "—"
    return format_html(
        '<progress class="job-progress" value="{}" max="100">{}%</progress> <span class="job-count">{}</span>',
        job.percent,
        job.percent,
        label,
    )


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "progress", "message", "user", "created", "finished"]
    list_filter = ["state", "kind"]
    list_select_related = ["user"]
    fields = readonly_fields = (
        "kind",
        "title",
        "state",
        "progress",
        "message",
        "result_summary",
        "user",
        "created",
        "started",
        "finished",
        "heartbeat",
        "cancel_requested",
    )
    change_form_template = "admin/curation/job/change_form.html"
    change_list_template = "admin/curation/job/change_list.html"

    def has_add_permission(self, request):
        return False  # a job is queued by the import, fetch and refresh pages and commands

    def has_change_permission(self, request, obj=None):
        return False  # a record of work done; it is cancelled, not edited

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return progress_bar(obj)

    @admin.display(description=_("result"))
    def result_summary(self, obj):
        result = obj.result or {}
        if result.get("batch"):
            url = reverse("admin:papers_importbatch_change", args=[result["batch"]])
            return format_html('<a href="{}">{}</a>', url, _("the import it wrote"))
        invalid = result.get("invalid") or []
        lines = "; ".join(f"{item['entry']}: {' '.join(item['errors'])}" for item in invalid)
        return lines or "—"

    def get_urls(self):
        cancel = self.admin_site.admin_view(self.cancel_view)
        return [path("<int:pk>/cancel/", cancel, name="curation_job_cancel"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data"):
            shown = response.context_data["cl"].result_list
            response.context_data["refresh_seconds"] = REFRESH_SECONDS if any(j.is_active for j in shown) else 0
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_cancel"] = bool(obj and obj.is_active and allowed(request.user, "cancel_job"))
        context["refresh_seconds"] = REFRESH_SECONDS if obj and obj.is_active else 0
        return super().render_change_form(request, context, add, change, form_url, obj)

    def cancel_view(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        require(request.user, "cancel_job")
        job = get_object_or_404(Job, pk=pk)
        self.message_user(request, request_cancel(job, request.user), messages.SUCCESS)
        return redirect("admin:curation_job_change", pk)
