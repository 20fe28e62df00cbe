"""How titles are compared: the one rule behind matching an imported record to a paper and `Paper.title_key`."""

import re
import unicodedata


def normalise_title(title: str | None) -> str:
    """Case, accents, punctuation and spacing folded away: titles as a curator would compare them."""
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()
