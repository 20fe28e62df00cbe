"""BibTeX's LaTeX is decoded as pylatexenc decodes it, without running pylatexenc on plain text and braces,
and at most once per distinct string; each distinct name is split once (curation/importers/latex.py)."""

import random

import pylatexenc.latexwalker
import pytest
from pylatexenc.latex2text import LatexNodes2Text

from benchmarks.import_bibtex import generate
from curation.importers import bibtex, latex

PYLATEXENC = LatexNodes2Text(math_mode="verbatim")  # what bibtex.DECODER answered before it had a plain path
# Pieces of what BibTeX fields hold: text, braces, dashes, quotes, ties, accents, macros, math, comments.
PIECES = [*"ab -{}\n\t'`!?.,:é#^_@\"<>/*", "--", "---", "{}", " {", "} ", "``", "''", "~", "\\&", "%c\n"]
PIECES += ['\\"u', '{\\"u}', "\\c{s}", "\\'e", "$x^2$", "\\emph{x}", "\\ss{}", "{\\o}"]


def generated_strings(count, seed=18):
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 10))) for _ in range(count)]


def test_the_plain_path_gives_pylatexenc_text():
    taken = 0
    for text in generated_strings(20_000):
        decoded = latex.plain(text)
        if decoded is not None:
            taken += 1
            assert decoded == PYLATEXENC.latex_to_text(text), text
    assert taken > 2_000  # the strings exercise the plain path, not only the parser


@pytest.mark.parametrize(
    "text", ['M{\\"u}ller', "\\emph{x}", "$\\alpha$", "a~b", "``q''", "50\\%", "a}b", "{a", "x & y", "?`Que?"]
)
def test_what_needs_the_parser_goes_to_it(text):
    assert latex.plain(text) is None
    assert bibtex.DECODER.latex_to_text(text) == PYLATEXENC.latex_to_text(text)


def test_every_string_decodes_as_pylatexenc_decodes_it():
    decoder = latex.Decoder(math_mode="verbatim")
    for text in generated_strings(5_000, seed=7):
        assert decoder.latex_to_text(text) == PYLATEXENC.latex_to_text(text), text


def test_a_file_parses_to_the_records_pylatexenc_and_bibtexparser_give(monkeypatch):
    text = generate(300)
    fast = bibtex.parse(text)
    # The reference: pylatexenc on every field and name part, bibtexparser splitting every name.
    decoding = next(m for m in bibtex.PARSE_STACK if hasattr(m, "_decoder"))
    monkeypatch.setattr(bibtex, "DECODER", PYLATEXENC)
    monkeypatch.setattr(decoding, "_decoder", PYLATEXENC)
    monkeypatch.setattr(bibtex, "_name_parts", bibtex.parse_single_name_into_parts)
    assert [r.__dict__ for r in bibtex.parse(text)] == [r.__dict__ for r in fast]


def test_names_and_venues_are_parsed_once_per_distinct_string(monkeypatch):
    """40 entries printing the same three accented people at the same venue: their LaTeX is parsed once."""
    people = "M{\\\"u}ller, J{\\\"u}rgen and {\\c{C}}elik, Ay{\\c{s}}e and Garc{\\'i}a, Jos{\\'e}"
    text = "\n".join(
        f"@inproceedings{{k{n}, title = {{Paper {n}}}, author = {{{people}}}, booktitle = {{Caf{{\\'e}} Workshop}},"
        f" year = 2024}}"
        for n in range(40)
    )
    walkers = []
    walker_init = pylatexenc.latexwalker.LatexWalker.__init__

    def counting_init(self, s, *args, **kwargs):
        walkers.append(s)
        walker_init(self, s, *args, **kwargs)

    monkeypatch.setattr(pylatexenc.latexwalker.LatexWalker, "__init__", counting_init)
    bibtex.DECODER._decoded.cache_clear()
    records = bibtex.parse(text)
    assert [a.name for a in records[0].authors] == ["Jürgen Müller", "Ayşe Çelik", "José García"]
    assert records[39].venue_text == "Café Workshop"
    assert len(walkers) == len(set(walkers)) and len(walkers) <= 7  # the six name parts and the venue
