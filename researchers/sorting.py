"""The directory's order: by family name, then given names, as a stored key the database can index.

A Latin-script name is taken as written given-first ("Chen Zhang" files under Z); a name in Chinese
characters as written family-first (张辰 is "zhang chen"). Either way the key is lowercase ASCII
(pinyin or transliteration, through the slug function), so one ordering serves every script.
"""

from .slugs import HAN, slugify


def sort_key(name, native_name=""):
    if not name.strip() or HAN.search(name):
        return slugify(name or native_name).replace("-", " ")
    *given, family = name.split()
    return " ".join(part for part in (slugify(family), slugify(" ".join(given))) if part).replace("-", " ")
