"""A figure's unit against its quote: the quote gives the row's unit beside the figure, as the Danish sources write
it. Used by `validate` (stage.py, step 5), once the quote is found to hold the figure. Pure functions.

The words of each unit are the code's (core/text.py: UNIT_WORDS, COUNT_UNITS, UNIT_FORMS), not datapackage.json's
or units.csv's, so that a pull request cannot change a unit and what it is called together.
- The unit written right after the figure is the unit whose words there are the longest ('54 kr. pr. indbygger' is
  kr_per_inhabitant, not kr); it must be the row's unit ('100 mio. kr.' is not mia_kr).
- A count (COUNT_UNITS) with no unit right after it may name what it counts elsewhere in the figure's sentence, as a
  word or as the last part of a compound ('Ud af de 98 kommuner har 80 responderet', '706 ikke-lovpligtige
  integrationsindsatser').
- A calendar year and a fraction (UNIT_FORMS) are the figure's form ('2019', 'knap 1/3'), with no unit after it.
- A unit with neither words nor a form in the code is refused: nothing would check it.
A figure the quote writes more than once needs its unit at one of the places.
"""

import functools
import re

from build_scripts.core.lang import Phrase
from build_scripts.core.text import COUNT_UNITS, UNIT_FORMS, UNIT_WORDS, excerpt
from build_scripts.stages.validate.problem import Finding

# What a figure of each form is, in the words of the language files' `problems`.
FORM_WORDS = {"year": Phrase("form_calendar_year"), "andel": Phrase("form_fraction")}
# A sentence ends with '.', '!' or '?' before a capital letter ('… 2021. Det er 9 pct.'; not 'ca. 25', 'Pr. 1. juli').
_SENTENCE_END = re.compile(r"(?<=[.!?]) (?=[A-ZÆØÅ])")


@functools.cache
def _right_after(word: str) -> re.Pattern:
    """A unit's words right after a figure: at most one space between, and not the start of a longer word or a
    compound with a hyphen ('pct.-point' is not pct)."""
    return re.compile(r" ?" + re.escape(word) + r"(?![\w-])", re.IGNORECASE)


@functools.cache
def _in_sentence(word: str) -> re.Pattern:
    """A counted noun as a word or as the last part of a compound ('integrationsindsatser')."""
    return re.compile(re.escape(word) + r"(?!\w)", re.IGNORECASE)


def written_after(quote: str, end: int) -> tuple[str, int] | None:
    """(the unit, where its words end) that the quote writes right after a figure ending at `end`: of every unit's
    words there, the longest."""
    best = None
    for unit, words in UNIT_WORDS.items():
        for word in words:
            found = _right_after(word).match(quote, end)
            if found and (best is None or found.end() > best[1]):
                best = (unit, found.end())
    return best


def _sentence(quote: str, start: int, end: int) -> str:
    """The sentence of the quote that holds quote[start:end]."""
    ends = [m.start() for m in _SENTENCE_END.finditer(quote)]
    first = max((e for e in ends if e < start), default=0)
    last = min((e for e in ends if e >= end), default=len(quote))
    return quote[first:last]


def _words(unit: str) -> str:
    return ", ".join(f"'{word}'" for word in UNIT_WORDS[unit])


def finding(quote: str, places: list[tuple[int, int]], figure: str, unit: str) -> Finding | None:
    """Why the quote does not give `unit` beside the figure `figure` (value_text) written at `places` (start, end:
    with its qualifier) in `quote` (whitespace normalised), or None."""
    form = UNIT_FORMS.get(unit)
    if unit not in UNIT_WORDS and form is None:
        known = ", ".join(sorted({*UNIT_WORDS, *UNIT_FORMS}))
        return Finding(Phrase("unit_without_words", unit=excerpt(unit), known=known), "unit_mismatch")
    other = None
    for start, end in places:
        after = written_after(quote, end)
        if after and after[0] == unit:
            return None
        if after:
            other = other or (quote[start:after[1]].strip(), after[0])
        elif form is not None and re.fullmatch(form, figure):
            return None
        elif unit in COUNT_UNITS and any(_in_sentence(word).search(_sentence(quote, start, end))
                                         for word in UNIT_WORDS[unit]):
            return None
    if other:
        return Finding(Phrase("unit_other_in_quote", written=excerpt(other[0]), found=other[1], unit=unit),
                       "unit_mismatch")
    if form is not None:
        return Finding(Phrase("unit_form", figure=excerpt(figure), unit=unit, form=FORM_WORDS[unit]), "unit_mismatch")
    where = Phrase("unit_in_sentence") if unit in COUNT_UNITS else Phrase("unit_right_after")
    return Finding(Phrase("unit_not_in_quote", figure=excerpt(figure), unit=unit, words=_words(unit), where=where),
                   "unit_mismatch")
