from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChangeProposalQuerySet(models.QuerySet["ChangeProposal"]):
    def pending(self):
        return self.filter(status=ChangeProposal.Status.PENDING)

    def for_queue(self):
        """The curators' queue and the API's list: who proposed what for which record; 1 query."""
        return self.select_related("proposer", "paper", "researcher", "decided_by").order_by("-created", "-pk")


class ChangeProposal(models.Model):
    """A correction to a shared record (a paper's title, venue, authors or links; another person's profile),
    proposed by a profile's owner and applied only when a curator accepts it (curation/proposals.py).

    `changes` is the diff: {field: {"old": value when proposed, "new": proposed value}}; accepting refuses
    when a field no longer holds its "old" value (someone changed it since).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals")
    paper = models.ForeignKey("papers.Paper", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    researcher = models.ForeignKey(
        "researchers.Researcher", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    changes = models.JSONField(help_text='{field: {"old": …, "new": …}}')
    comment = models.TextField(blank=True, help_text="Why, from the proposer: a source, a link.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(blank=True, help_text="The curator's answer, mailed to the proposer.")
    created = models.DateTimeField(auto_now_add=True)
    decided = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
