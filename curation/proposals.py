"""Change proposals: an owner's correction to a shared record (a paper's fields, authors, links and topics;
another person), kept as a diff until a curator accepts it
(then written through the same paths as the admin's edits, inside a change set, so it is in the history and
can be reverted) or rejects it with a reason. Either way the proposer is mailed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from papers.models import Paper, PaperLink, Topic, Venue
from researchers.models import Researcher

from . import mail
from .authors import AuthorEntry, set_authors
from .history import change_set, unique_reason
from .models import ChangeProposal

# What a proposal may change, with the labels its diff shows.
PAPER_FIELDS = {
    "title": gettext_lazy("Title"),
    "venue": gettext_lazy("Venue"),
    "track": gettext_lazy("Track"),
    "year": gettext_lazy("Year"),
    "pages": gettext_lazy("Pages"),
    "doi": gettext_lazy("DOI"),
    "arxiv_id": gettext_lazy("arXiv id"),
    "authors": gettext_lazy("Authors, in order"),
    "links": gettext_lazy("Links"),
    # A paper's topics are one set on the shared record (Paper.topics), which every co-author's profile groups
    # the paper by: an owner's choice is a proposal. Which topics their own list shows, in what order, is theirs
    # (ProfileTopic, the owner's "Topics" list) and goes live at once.
    "topics": gettext_lazy("Topics"),
}
PERSON_FIELDS = {
    "name": gettext_lazy("Name"),
    "native_name": gettext_lazy("Native name"),
    "headline": gettext_lazy("Headline"),
    "homepage": gettext_lazy("Homepage"),
}
_SCALARS = ("title", "track", "year", "pages", "doi", "arxiv_id")


def current_values(target):
    """The record's values as a proposal's diff holds them (JSON: a venue by pk, authors by printed name,
    links as [kind, url], topics as sorted pks)."""
    if isinstance(target, Researcher):
        return {field: getattr(target, field) for field in PERSON_FIELDS}
    values = {field: getattr(target, field) for field in _SCALARS}
    values["venue"] = target.venue_id
    values["authors"] = [a.display_name for a in target.authorships.in_order().select_related("researcher")]
    values["links"] = [[link.kind, link.url] for link in target.links.order_by("pk")]
    values["topics"] = sorted(target.topics.values_list("pk", flat=True))
    return values


def propose(user, target, proposed, *, comment=""):
    """Record `user`'s proposal to give `target` the `proposed` values; only what differs goes in the diff."""
    current = current_values(target)
    changes = {
        field: {"old": current[field], "new": value}
        for field, value in proposed.items()
        if field in current and value != current[field]
    }
    if not changes:
        raise ValidationError(_("Nothing differs from the record as it is."))
    key = "paper" if isinstance(target, Paper) else "researcher"
    return ChangeProposal.objects.create(proposer=user, changes=changes, comment=comment.strip(), **{key: target})


def diff(proposal):
    """(label, old, new) per changed field, as people read them: a venue's name, lists as lines."""
    labels = PAPER_FIELDS if proposal.paper_id else PERSON_FIELDS
    venues = Venue.objects.in_bulk(
        [v for change in [proposal.changes.get("venue")] if change for v in (change["old"], change["new"]) if v]
    )
    topics = Topic.objects.in_bulk(
        [t for change in [proposal.changes.get("topics")] if change for t in change["old"] + change["new"]]
    )

    def shown(field, value):
        if field == "venue":
            return str(venues[value]) if value in venues else "—"
        if field == "topics":
            return "\n".join(sorted(str(topics[pk]) for pk in value if pk in topics))
        if field == "links":
            return "\n".join(f"{kind} {url}" for kind, url in value)
        if isinstance(value, list):
            return "\n".join(value)
        return "" if value is None else str(value)

    return [
        (labels.get(field, field), shown(field, change["old"]), shown(field, change["new"]))
        for field, change in proposal.changes.items()
    ]


def _apply(proposal):
    target = proposal.target
    if isinstance(target, Researcher):
        for field, change in proposal.changes.items():
            setattr(target, field, change["new"])
        target.full_clean()
        target.save()
        return
    paper = target
    for field, change in proposal.changes.items():
        if field in _SCALARS:
            setattr(paper, field, change["new"])
        elif field == "venue":
            paper.venue_id = change["new"]
    paper.full_clean()
    paper.save()
    if "authors" in proposal.changes:
        known = {a.display_name: a for a in paper.authorships.select_related("researcher")}
        entries = []
        for position, name in enumerate(proposal.changes["authors"]["new"], start=1):
            row = known.get(name)
            entries.append(
                AuthorEntry(
                    name=name,
                    researcher_slug=row.researcher.slug if row else "",
                    position=position,
                    equal_contribution=bool(row and row.equal_contribution),
                    corresponding=bool(row and row.corresponding),
                    selected=bool(row and row.selected),
                )
            )
        set_authors(paper, entries)
    if "topics" in proposal.changes:
        paper.topics.set(proposal.changes["topics"]["new"])
    if "links" in proposal.changes:
        paper.links.all().delete()
        for kind, url in proposal.changes["links"]["new"]:
            link = PaperLink(paper=paper, kind=kind, url=url)
            link.full_clean()
            link.save()


@transaction.atomic
def accept(proposal, *, by, build_url=str):
    """Apply the proposal as one change set; refused when a field no longer holds the value it was proposed on."""
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ChangeProposal.Status.PENDING:
        raise ValidationError(_("This proposal is already decided."))
    current = current_values(proposal.target)
    stale = [
        str(diff_label) for field, diff_label in _labels(proposal) if current[field] != proposal.changes[field]["old"]
    ]
    if stale:
        raise ValidationError(_("Changed since it was proposed: %(fields)s.") % {"fields": ", ".join(stale)})
    with change_set(unique_reason(f"Proposal #{proposal.pk} by {proposal.proposer}"), by):
        _apply(proposal)
    _decide(proposal, ChangeProposal.Status.ACCEPTED, by, "", build_url)
    return proposal


def reject(proposal, *, by, reason, build_url=str):
    if not reason.strip():
        raise ValidationError(_("Give the proposer a reason."))
    if proposal.status != ChangeProposal.Status.PENDING:
        raise ValidationError(_("This proposal is already decided."))
    _decide(proposal, ChangeProposal.Status.REJECTED, by, reason.strip(), build_url)
    return proposal


def _labels(proposal):
    labels = PAPER_FIELDS if proposal.paper_id else PERSON_FIELDS
    return [(field, labels.get(field, field)) for field in proposal.changes]


def _decide(proposal, status, by, reason, build_url):
    proposal.record_decision(status, by, reason)
    if proposal.proposer.email:
        link = build_url(proposal.target.get_absolute_url())
        mail.send("proposal_decided", proposal.proposer.email, {"proposal": proposal, "link": link})
