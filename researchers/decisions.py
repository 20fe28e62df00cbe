from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy


class CuratorDecision(models.Model):
    """A request a curator accepts or rejects: an account's claim of a profile, an owner's change proposal.
    Each subclass adds what is asked and its own `reason` (the answer mailed to the one who asked)."""

    class Status(models.TextChoices):
        # A decision's context: a paper's "Accepted" (for publication) is another word in Chinese.
        PENDING = "pending", pgettext_lazy("decision", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("decision", "Accepted")
        REJECTED = "rejected", pgettext_lazy("decision", "Rejected")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    decided = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def record_decision(self, status, by, reason):
        self.status, self.reason, self.decided, self.decided_by = status, reason, timezone.now(), by
        self.save()
