"""The curators' own rows: background jobs (curation/jobs/ runs them) and the change proposals they review
(curation/proposals.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from researchers.decisions import CuratorDecision


class JobQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state__in=Job.ACTIVE)

    def stale(self, before):
        """Running jobs whose progress has not moved since `before`: their worker has gone."""
        return self.filter(state=Job.RUNNING, heartbeat__lt=before)


class Job(models.Model):
    IMPORT_FILE, FETCH, REFRESH_CITATIONS = "import_file", "fetch", "refresh_citations"
    KINDS = [
        (IMPORT_FILE, _("file import")),
        (FETCH, _("fetch by identifier")),
        (REFRESH_CITATIONS, _("citation counts refresh")),
    ]
    QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
    STATES = [
        (QUEUED, _("queued")),
        (RUNNING, _("running")),
        (DONE, _("done")),
        (FAILED, _("failed")),
        (CANCELLED, _("cancelled")),
    ]
    ACTIVE = (QUEUED, RUNNING)

    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    title = models.CharField(_("title"), max_length=255, help_text=_("What the job does, e.g. the file's name."))
    params = models.JSONField(_("input"), default=dict, help_text=_("What the job was asked to do."))
    state = models.CharField(_("state"), max_length=10, choices=STATES, default=QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True, help_text=_("The current step, or why."))
    result = models.JSONField(_("result"), default=dict, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("started by")
    )
    task_id = models.CharField(_("task id"), max_length=64, blank=True, help_text=_("The queue's id of the run."))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat = models.DateTimeField(_("last progress"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["state", "heartbeat"], name="job_state_heartbeat")]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return reverse("admin:curation_job_change", args=[self.pk])

    @property
    def is_active(self):
        return self.state in self.ACTIVE

    @property
    def percent(self):
        if self.state == self.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class ChangeProposalQuerySet(models.QuerySet["ChangeProposal"]):
    def pending(self):
        return self.filter(status=ChangeProposal.Status.PENDING)

    def for_queue(self):
        """The curators' queue and the API's list: who proposed what for which record; 1 query."""
        return self.select_related("proposer", "paper", "researcher", "decided_by").order_by("-created", "-pk")


class ChangeProposal(CuratorDecision):
    """A correction to a shared record (a paper's title, venue, authors or links; another person's profile),
    proposed by a profile's owner and applied only when a curator accepts it (curation/proposals.py).

    `changes` is the diff: {field: {"old": value when proposed, "new": proposed value}}; accepting refuses
    when a field no longer holds its "old" value (someone changed it since).
    """

    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals")
    paper = models.ForeignKey("papers.Paper", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    researcher = models.ForeignKey(
        "researchers.Researcher", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    changes = models.JSONField(help_text='{field: {"old": …, "new": …}}')
    comment = models.TextField(blank=True, help_text="Why, from the proposer: a source, a link.")
    reason = models.TextField(blank=True, help_text="The curator's answer, mailed to the proposer.")

    objects = ChangeProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paper__isnull=False, researcher__isnull=True)
                | Q(paper__isnull=True, researcher__isnull=False),
                name="proposal_one_record",
                violation_error_message="A proposal is about one paper or one person.",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.target} ({self.get_status_display()})"

    @property
    def target(self):
        return self.paper or self.researcher
