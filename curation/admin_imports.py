"""The admin's import page (upload or paste -> preview -> confirm) and the import batches it leaves.

Preview and confirm call the same curation.importers.import_text as the command:
the preview is the real import, rolled back.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from curation.uploads import validate_bibtex_file, validate_import_file
from papers.models import ImportBatch

from .history import RevertRefused, change_set_records, revert_change_set
from .importers import NEW_PERSON, READERS, UnreadableFile, guess_format, import_text
from .permissions import allowed, require

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
        data = self.cleaned_data
        upload = data.get("file")
        if upload:
            data["text"] = upload.read().decode("utf-8-sig")  # validate_import_file checked it is UTF-8
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
        return data


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
        return [path("<int:pk>/revert/", revert, name="papers_importbatch_revert"), *super().get_urls()]

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
        confirm = "confirm" in request.POST
        try:
            report = import_text(
                data["text"],
                file_name=data["file_name"],
                format=data["format"],
                user=request.user,
                dry_run=not confirm,
                skip_invalid=data["skip_invalid"],
                decisions=decisions_from(request.POST),
                ask_initials=True,  # a curator decides "M. Zhang" when Min Zhang exists
            )
        except UnreadableFile as error:
            form.add_error(None, str(error))
            return render(request, "admin/papers/importbatch/import.html", {**context, "form": form})
        if report.written:
            counts = report.counts
            self.message_user(
                request,
                f"{report.batch}: {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
                f"{counts['invalid']} skipped.",
                messages.SUCCESS,
            )
            return redirect("admin:papers_importbatch_change", report.batch.pk)
        if confirm:
            self.message_user(request, "Nothing was imported: see the entries marked invalid.", messages.ERROR)
        hidden = ImportForm(initial=data)
        del hidden.fields["file"]
        for name in ("text", "file_name", "format", "skip_invalid"):
            hidden.fields[name].widget = forms.HiddenInput()
        return render(
            request,
            "admin/papers/importbatch/preview.html",
            {**context, "title": "Import preview", "report": report, "form": hidden, "new_person": NEW_PERSON},
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
