"""The disagreement queue: values a source proposes against a paper's curated (or other sources') values, each
shown with the difference, for a curator to accept or reject (curation/provenance.py applies the decision)."""

from difflib import SequenceMatcher

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from papers.models import Disagreement

from .permissions import allowed
from .provenance import StaleDisagreement, accept, reject, source_label


def word_diff(current, proposed):
    """The two values word by word: what goes in <del>, what comes in <ins>, the rest as it is (escaped)."""
    old, new = str("" if current is None else current).split(), str("" if proposed is None else proposed).split()
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", " ".join(old[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", " ".join(new[j1:j2])))
    return format_html_join(" ", "{}", ((part,) for part in parts))


class StatusFilter(admin.SimpleListFilter):
    """Open disagreements unless another status is asked for: the queue is what is left to decide."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Disagreement.Status.choices, ("all", _("All"))]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or Disagreement.Status.OPEN) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or Disagreement.Status.OPEN
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(Disagreement)
class DisagreementAdmin(admin.ModelAdmin):
    list_display = ["paper_link", "field", "difference", "source_name", "proposed_on"]  # the status: the filter
    list_display_links = None  # a disagreement is decided here, not edited
    list_filter = [StatusFilter, "source", "field"]
    list_select_related = ["paper"]
    search_fields = ["paper__title", "identifier"]
    actions = ["accept_selected", "reject_selected"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def has_add_permission(self, request):
        return False  # sources make them (curation/provenance.py)

    def has_change_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return allowed(request.user, "decide_disagreements")

    @admin.display(description=_("paper"), ordering="paper__title")
    def paper_link(self, obj):
        url = reverse("admin:papers_paper_change", args=[obj.paper_id])
        return format_html('<a href="{}">{}</a>', url, obj.paper.title)

    @admin.display(description=_("current → proposed"))
    def difference(self, obj):
        return format_html('<span class="diff">{}</span>', word_diff(obj.current, obj.proposed))

    @admin.display(description=_("source"), ordering="source")
    def source_name(self, obj):
        return format_html('{}<br><span class="quiet">{}</span>', source_label(obj.source), obj.identifier)

    @admin.display(description=_("proposed"), ordering="created")
    def proposed_on(self, obj):
        return f"{obj.created:%Y-%m-%d}"

    def changelist_view(self, request, extra_context=None):
        title = _("Disagreements of sources with the papers: accept or reject")
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    @admin.action(description=_("Accept the proposed values"), permissions=["decide"])
    def accept_selected(self, request, queryset):
        self._decide(request, queryset, accept, _("Accepted %(count)d proposed values."))

    @admin.action(description=_("Reject the proposed values (they are not proposed again)"), permissions=["decide"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, reject, _("Rejected %(count)d proposed values."))

    def _decide(self, request, queryset, decide, done_message):
        done = 0
        for disagreement in queryset.select_related("paper"):
            try:
                decide(disagreement.pk, request.user)
            except StaleDisagreement as stale:
                self.message_user(request, str(stale), messages.WARNING)
            except ValidationError as invalid:  # the proposed value does not fit the paper: nothing written
                text = "; ".join(invalid.messages)
                self.message_user(
                    request, _("Not accepted: %(what)s: %(why)s") % {"what": disagreement, "why": text}, messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
