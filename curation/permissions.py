"""What each curator action may do, in one table: the model permissions it needs, checked here.

An action needs the permission for every kind of change it makes, deletions included: reverting an
import deletes the papers, people, venues and links it created, so it needs their delete permissions;
a merge deletes the merged person. The admin's change and delete pages check Django's own permissions;
these are the actions that write several models at once and so would otherwise be judged by one.

The owners' rule is here too (may_edit_profile, may_propose): a profile's owner edits that profile and
proposes corrections to the papers they wrote and to other people; a curator edits and reviews everything;
an anonymous visitor changes nothing. The public forms, the admin's queues and the API all ask these.
"""

from django.core.exceptions import PermissionDenied

# The rows a merge, a split or their undo writes: the person, their names and old URLs, everything on a
# profile, and the authorships and awards that point to them.
_PROFILE_ITEMS = [
    "researchers.position",
    "researchers.newsitem",
    "researchers.talk",
    "researchers.service",
    "researchers.project",
    "papers.profiletopic",
]
_PEOPLE_ROWS = ["researchers.researcher", "researchers.alias", "researchers.oldslug", *_PROFILE_ITEMS]


def _perms(actions, models):
    return frozenset(f"{model.split('.')[0]}.{action}_{model.split('.')[1]}" for model in models for action in actions)


ACTION_PERMISSIONS = {
    # The import page writes new papers, people, venues and links and updates known papers.
    "import_papers": frozenset({"papers.add_importbatch"})
    | _perms(["add", "change"], ["papers.paper", "papers.authorship", "papers.paperlink", "papers.venue"])
    | _perms(["add"], ["researchers.researcher"]),
    # Reverting an import deletes what it created and puts back what it updated.
    "revert_import": _perms(
        ["change", "delete"],
        ["papers.paper", "papers.authorship", "papers.paperlink", "papers.venue", "researchers.researcher"],
    ),
    # A merge moves authorships, awards and profile items to the kept person and deletes the other.
    "merge_researchers": _perms(["change", "delete"], ["researchers.researcher"])
    | _perms(["add", "change"], ["researchers.alias", "researchers.oldslug"])
    | _perms(["change"], [*_PROFILE_ITEMS, "papers.authorship", "papers.award"])
    | _perms(["delete"], ["papers.profiletopic"]),  # a topic both had goes with the merged person
    # A split moves authorships to another person, perhaps a new one.
    "split_authorships": _perms(["change"], ["papers.authorship"]) | _perms(["add"], ["researchers.researcher"]),
    # Undoing a merge or split brings back the deleted person and their rows, deletes what it added.
    "undo_merge_or_split": _perms(["add", "change", "delete"], _PEOPLE_ROWS)
    | _perms(["change"], ["papers.authorship", "papers.award"]),
    # Deciding a source's disagreement: accepting one changes the paper (with its history), either marks it decided.
    "decide_disagreements": _perms(["change"], ["papers.paper", "papers.disagreement"]),
    # Reverting a paper to a version puts back its fields, author rows and links.
    "revert_paper": _perms(["change"], ["papers.paper"])
    | _perms(["add", "change", "delete"], ["papers.authorship", "papers.paperlink"]),
    # Cancelling a job changes its row; what the job wrote is its own import's to revert.
    "cancel_job": _perms(["change"], ["curation.job"]),
    # Accepting a claim makes an account a profile's owner.
    "review_claims": _perms(["change"], ["researchers.claim", "researchers.researcher"]),
    # Accepting a proposal writes the paper (fields, author rows, links, perhaps a new person) or the person.
    "review_proposals": _perms(["change"], ["curation.changeproposal", "papers.paper", "researchers.researcher"])
    | _perms(["add", "change", "delete"], ["papers.authorship", "papers.paperlink"])
    | _perms(["add"], ["researchers.researcher"]),
}


def missing_permissions(user, action):
    """The permissions `user` lacks for `action`, sorted (empty: allowed)."""
    return sorted(perm for perm in ACTION_PERMISSIONS[action] if not user.has_perm(perm))


def allowed(user, action):
    return not missing_permissions(user, action)


def require(user, action):
    """Raise PermissionDenied (a 403) naming what is missing, unless `user` may do `action`."""
    lacking = missing_permissions(user, action)
    if lacking:
        raise PermissionDenied(f"{action.replace('_', ' ').capitalize()} needs: {', '.join(lacking)}.")


def owned_profile_id(user):
    """The pk of the researcher `user` maintains (their accepted claim), or None; asked once per request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_pubdb_profile_id"):
        from researchers.models import Claim

        user._pubdb_profile_id = (
            Claim.objects.accepted().filter(user=user).values_list("researcher_id", flat=True).first()
        )
    return user._pubdb_profile_id


def may_edit_profile(user, researcher):
    """Their own profile for an owner, every profile for a curator (who may change researchers today)."""
    if not user.is_authenticated:
        return False
    return user.has_perm("researchers.change_researcher") or owned_profile_id(user) == researcher.pk


def may_propose(user, target):
    """A correction to `target`: a paper the owner is an author of, or another person; curators edit instead."""
    profile = owned_profile_id(user)
    if profile is None:
        return False
    if target._meta.label_lower == "papers.paper":
        return target.authorships.filter(researcher_id=profile).exists()
    return target.pk != profile  # their own profile they edit at once


def require_owner_of(user, researcher):
    if not may_edit_profile(user, researcher):
        raise PermissionDenied("Only this profile's owner or a curator may edit it.")
