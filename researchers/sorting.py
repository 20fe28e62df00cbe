"""The directory's order: by family name, then given names, as a stored key the database can index.

A Latin-script name is taken as written given-first ("Chen Zhang" files under Z) unless a comma puts
the family name first ("Zhang, Chen"); a name in Chinese characters as written family-first (张辰 is
"zhang chen"). Either way the key is lowercase ASCII (pinyin or transliteration, through the slug
function), so one ordering serves every script.
"""

from .slugs import HAN, slugify

MAX_LENGTH = 220  # Researcher.sort_key's; pinyin can be longer than the characters it spells


def sort_key(name, native_name=""):
    if not name.strip() or HAN.search(name):
        return slugify(name or native_name).replace("-", " ")[:MAX_LENGTH]
    if "," in name:  # "Zhang, Chen": family name first already
        family, _, given = name.partition(",")
    else:
        *given, family = name.split()
        given = " ".join(given)
    return " ".join(part for part in (slugify(family), slugify(given)) if part).replace("-", " ")[:MAX_LENGTH]
