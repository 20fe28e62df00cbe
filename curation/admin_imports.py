"""The admin's import page (upload or paste -> preview -> confirm) and the import batches it leaves.

Preview and confirm call the same readers and writer (curation.importers) as the command, after the same
checks: the preview is the real import, rolled back.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from curation.uploads import upload_text, validate_bibtex_file, validate_import_file
from papers.models import ImportBatch

from .history import RevertRefused, change_set_records, revert_change_set
from .importers import (
    NEW_PERSON,
    READERS,
    UnreadableFile,
    check_text,
    database_failure,
    guess_format,
    import_records,
    read_records,
    too_large_for_a_request,
)
from .jobs import queue_fetch, queue_import
from .permissions import allowed, require
from .sources import MAX_IDENTIFIERS, import_identifiers, needs_a_job, split_identifiers

DECISION_PREFIX = "author:"


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        validators=[validate_import_file],
        help_text="BibTeX, CSL-JSON, a DBLP person XML or OpenAlex works JSON.",
    )
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 12, "cols": 100}), label="or paste")
    file_name = forms.CharField(required=False, widget=forms.HiddenInput)
    format = forms.ChoiceField(choices=[("", "guess from the file")] + [(f, f) for f in READERS], required=False)
    skip_invalid = forms.BooleanField(required=False, label="Import the good entries and list the bad ones")

    def clean(self):
        """The text (upload or paste) through the importers' checks, read into records: the view writes those."""
        data = self.cleaned_data
        upload = data.get("file")
        if upload:
            data["text"] = upload_text(upload)  # validate_import_file has passed: this cannot fail
            data["file_name"] = upload.name
            if (data.get("format") or guess_format(upload.name, data["text"])) == "bibtex":
                try:
                    validate_bibtex_file(upload)
                except forms.ValidationError as error:
                    self.add_error("file", error)
                    return data
        if not data.get("text", "").strip():
            raise forms.ValidationError("Upload a file or paste its text.")
        data["file_name"] = data.get("file_name") or "pasted text"
        data["format"] = data.get("format") or guess_format(data["file_name"], data["text"])
        try:
            check_text(data["text"], "The pasted text" if not upload else "The import file")
            data["records"] = read_records(data["text"], format=data["format"])
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from None
        return data


class FetchForm(forms.Form):
    identifiers = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8, "cols": 100}),
        help_text="One or many, one a line or separated by spaces: doi:10.…, arxiv:2401.12345, openalex:W…, s2:…, "
        "a person's works by orcid:0000-…, dblp:<pid> or openalex:A…; a plain list of DOIs works too.",
    )
    skip_invalid = forms.BooleanField(required=False, label="Add what can be fetched and list what cannot")

    def clean_identifiers(self):
        identifiers = split_identifiers(self.cleaned_data["identifiers"])
        if not identifiers:
            raise forms.ValidationError("Paste at least one identifier.")
        if len(identifiers) > MAX_IDENTIFIERS:
            raise forms.ValidationError(f"At most {MAX_IDENTIFIERS} identifiers at a time ({len(identifiers)} given).")
        return identifiers


def decisions_from(post):
    return {
        key[len(DECISION_PREFIX) :]: value for key, value in post.items() if key.startswith(DECISION_PREFIX) and value
    }


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "user",
        "created",
        "created_papers",
        "updated_papers",
        "unchanged_papers",
        "skipped_total",
    ]
    list_select_related = ["user"]
    readonly_fields = [
        "file_name",
        "format",
        "user",
        "created",
        "created_papers",
        "updated_papers",
        "skipped",
        "changes",
    ]
    exclude = ["unchanged_papers"]
    change_form_template = "admin/papers/importbatch/change_form.html"
    change_list_template = "admin/papers/importbatch/change_list.html"

    def has_change_permission(self, request, obj=None):
        return False  # a batch is a record of what happened; revert it, don't edit it

    def add_view(self, request, form_url="", extra_context=None):
        """Adding an import batch is importing a file."""
        return self.import_view(request)

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_revert"] = allowed(request.user, "revert_import")
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self):
        revert = self.admin_site.admin_view(self.revert_view)
        fetch = self.admin_site.admin_view(self.fetch_view)
        return [
            path("<int:pk>/revert/", revert, name="papers_importbatch_revert"),
            path("fetch/", fetch, name="papers_importbatch_fetch"),
            *super().get_urls(),
        ]

    @admin.display(description="skipped")
    def skipped_total(self, obj):
        return len(obj.skipped)

    @admin.display(description="changes in this import")
    def changes(self, obj):
        rows = [
            (record.get_history_type_display(), record.instance_type._meta.verbose_name, record.history_object)
            for record in change_set_records(obj.change_reason)
        ]
        return format_html(
            "<table><tr><th>change</th><th>what</th><th>record</th></tr>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    def import_view(self, request):
        require(request.user, "import_papers")
        form = ImportForm(request.POST or None, request.FILES or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "Import papers"}
        if not form.is_bound or not form.is_valid():
            return render(request, "admin/papers/importbatch/import.html", {**context, "form": form})
        data = form.cleaned_data
        hidden = ImportForm(initial=data)
        del hidden.fields["file"]
        reason = too_large_for_a_request(data["records"])
        if reason:
            options = {
                "user": request.user,
                "skip_invalid": data["skip_invalid"],
                "decisions": decisions_from(request.POST),
            }
            return self._as_job(
                request,
                reason,
                hidden,
                context,
                name=data["file_name"],
                queue=lambda dry_run: queue_import(
                    data["text"], file_name=data["file_name"], format=data["format"], dry_run=dry_run, **options
                ),
            )
        confirm = "confirm" in request.POST
        try:
            report = import_records(
                data["records"],
                file_name=data["file_name"],
                format=data["format"],
                user=request.user,
                dry_run=not confirm,
                skip_invalid=data["skip_invalid"],
                decisions=decisions_from(request.POST),
                ask_initials=True,  # a curator decides "M. Zhang" when Min Zhang exists
            )
        except (OperationalError, InterfaceError) as error:  # rolled back; the page is drawn on a new connection
            form.add_error(None, database_failure(data["file_name"], error))
            return render(request, "admin/papers/importbatch/import.html", {**context, "form": form})
        return self._answer(request, report, hidden, context, name=data["file_name"])

    def fetch_view(self, request):
        """Add by identifier: the same preview-and-confirm as a file, the papers fetched from the sources."""
        if not (self.has_add_permission(request) and request.user.has_perm("papers.add_paper")):
            raise PermissionDenied
        form = FetchForm(request.POST or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "Add by identifier"}
        if not form.is_bound or not form.is_valid():
            return render(request, "admin/papers/importbatch/fetch.html", {**context, "form": form})
        data = form.cleaned_data
        hidden = FetchForm(initial={**data, "identifiers": "\n".join(data["identifiers"])})
        if needs_a_job(data["identifiers"]):
            options = {
                "user": request.user,
                "skip_invalid": data["skip_invalid"],
                "decisions": decisions_from(request.POST),
            }
            count = len(data["identifiers"])
            reason = f"Fetching {count} identifiers, or a person's works, takes longer than a web request."
            return self._as_job(
                request,
                reason,
                hidden,
                context,
                name=" ".join(data["identifiers"]),
                queue=lambda dry_run: queue_fetch(data["identifiers"], dry_run=dry_run, **options),
            )
        report = import_identifiers(
            data["identifiers"],
            user=request.user,
            dry_run="confirm" not in request.POST,
            skip_invalid=data["skip_invalid"],
            decisions=decisions_from(request.POST),
            ask_initials=True,
        )
        return self._answer(request, report, hidden, context, name=" ".join(data["identifiers"]))

    def _as_job(self, request, reason, hidden, context, *, name, queue):
        """Too long for a request: the page says so and offers a background job; its buttons queue one (a dry run
        or the import), and the curator follows it on the job's page."""
        if "confirm" in request.POST or "check" in request.POST:
            job = queue("check" in request.POST)
            self.message_user(request, f"Queued as a background job: {job}.", messages.SUCCESS)
            return redirect(job.get_absolute_url())
        for field in hidden.fields.values():
            field.widget = forms.HiddenInput()
        return render(
            request,
            "admin/papers/importbatch/as_job.html",
            {**context, "title": "Import as a background job", "reason": reason, "form": hidden, "name": name},
        )

    def _answer(self, request, report, hidden, context, *, name):
        """The batch's page once written; else the preview, with the form's input carried in hidden fields."""
        if report.written:
            counts = report.counts
            self.message_user(
                request,
                f"{report.batch}: {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
                f"{counts['invalid']} skipped.",
                messages.SUCCESS,
            )
            return redirect("admin:papers_importbatch_change", report.batch.pk)
        if "confirm" in request.POST:
            self.message_user(request, "Nothing was imported: see the entries marked invalid.", messages.ERROR)
        for field in hidden.fields.values():
            field.widget = forms.HiddenInput()
        return render(
            request,
            "admin/papers/importbatch/preview.html",
            {
                **context,
                "title": "Import preview",
                "report": report,
                "form": hidden,
                "name": name,
                "skip_invalid": hidden.initial.get("skip_invalid"),
                "new_person": NEW_PERSON,
            },
        )

    def revert_view(self, request, pk):
        batch = get_object_or_404(ImportBatch, pk=pk)
        if request.method != "POST":
            raise PermissionDenied
        require(request.user, "revert_import")
        try:
            count = revert_change_set(batch.change_reason, user=request.user)
        except RevertRefused as refusal:
            self.message_user(request, f"Not reverted: {refusal}", messages.ERROR)
        else:
            self.message_user(request, f"Reverted {count} changes of {batch}.", messages.SUCCESS)
        return redirect(reverse("admin:papers_importbatch_change", args=[pk]))
