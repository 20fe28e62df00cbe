"""What each curator action may do, in one table: the model permissions it needs, checked here.

An action needs the permission for every kind of change it makes, deletions included: reverting an
import deletes the papers, people, venues and links it created, so it needs their delete permissions;
a merge deletes the merged person. The admin's change and delete pages check Django's own permissions;
these are the actions that write several models at once and so would otherwise be judged by one.
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
