"""A paper's author list as every output gives it: the one rule for truncated ("et al.") lists.

A source may print only the first authors and "et al."; pubdb then knows some later authors (a profile
owner) only as authors beyond the printed list, with no position (Authorship.position is null).
The rule, for every output:
- a byline (BibTeX, RIS, CSL-JSON, citeproc, homepages, the feed's summary) prints the printed authors in
  order and then "others" (or "et al." for people): a later author has no place in an ordered byline;
- a list of people (JSON-LD, citation_author meta tags, Atom <author>) names the printed authors in order
  and then those known beyond them, so that the owner's paper is found under their name;
- the HTML author line does both: "A, B, et al. (incl. Owner)";
- a file export (BibTeX, RIS, CSL-JSON) adds a note naming those beyond, so that a reference manager's
  search finds the owner's paper and pubdb's importers put them back (`beyond_note`, `names_in_note`).
"""

import re
from dataclasses import dataclass

# BibTeX's, CSL-JSON's and RIS's word for the authors a truncated list leaves out (read back by the importers).
OTHERS = "others"
BEYOND = "Further authors include "
BEYOND_NOTE = re.compile(rf"^{BEYOND}(.+?)\.?$")


@dataclass(frozen=True, slots=True)
class AuthorList:
    printed: list  # Authorship (or an author row with the same attributes), in order
    beyond: list  # known to be authors after the truncation, in no known order
    truncated: bool  # the printed list ends in "others"

    @classmethod
    def of(cls, authorships, *, truncated=False):
        """From authorships in order (those without a position last); a later author implies a truncation."""
        printed = [a for a in authorships if a.position is not None]
        beyond = [a for a in authorships if a.position is None]
        return cls(printed, beyond, truncated or bool(beyond))

    def byline(self, name=lambda a: a.display_name, others=OTHERS):
        """The printed authors as `name` gives each, then `others` if the list is truncated."""
        return [name(a) for a in self.printed] + ([others] if self.truncated else [])

    @property
    def people(self):
        """Every author known: the printed ones in order, then those beyond a truncated list."""
        return self.printed + self.beyond


def beyond_note(author_list):
    """'Further authors include Kunlong Chen; Ada Lovelace.' for the authors known beyond a truncated list."""
    names = [a.display_name for a in author_list.beyond]
    return f"{BEYOND}{'; '.join(names)}." if names else ""


def names_in_note(note):
    """The names a `beyond_note` (a line of `note`) lists, [] for any other note."""
    for line in (note or "").splitlines():
        if match := BEYOND_NOTE.match(" ".join(line.split())):
            return [name.strip() for name in match.group(1).split(";") if name.strip()]
    return []
