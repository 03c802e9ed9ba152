"""The characters text may hold: one rule, in code, for every text the build publishes. Pure functions.

Used by `validate` (every cell of every table, every text of datapackage.json, CHANGELOG.md and the source
texts) and by `check-submission`. The rule does not depend on datapackage.json: a pull request that drops a
field's pattern does not let these characters through.

Refused, each named in the message by its code point and Unicode name (the words are the language files'
`problems`: char_refused with a char_ and a fix_ entry per kind, and not_nfc):
- line breaks (LF, CR, VT, FF, U+0085, U+2028, U+2029) and every other control character (C0, DEL, C1); a tab
  only where the caller allows it (verbatim quotes copied from a table), a line feed only in a field the caller
  marks multiline (a submission's free text);
- bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), which make a text display in
  another order than it is stored;
- zero-width and other invisible format characters (U+200B-U+200D, U+2060, U+FEFF inside a text, the soft
  hyphen, tags …), which make two texts that look the same differ;
- noncharacters (U+FDD0-U+FDEF and every U+xxFFFE, U+xxFFFF), private-use and unassigned code points, and
  surrogates: none is text, and some crash the chart renderer;
- the rest of Unicode's Default_Ignorable_Code_Point that is assigned and not a format character (the combining
  grapheme joiner, the variation selectors, Khmer's inherent vowels: IGNORABLE), which draw nothing, and characters
  drawn as an empty space where a letter stands (the Hangul fillers, the blank Braille pattern: BLANK), so that a
  name can be "filled in" and show nothing, or look like another;
- more than MAX_MARKS combining marks in a row, which are drawn on top of one another over one letter (a label
  under a tower of accents); and a text of only spaces and combining marks, which shows nothing;
- digits other than 0-9 (Arabic-Indic, fullwidth …), which Python reads as numbers ('٨٠' == 80);
- right-to-left characters (Unicode's bidirectional classes R, AL and AN: Hebrew, Arabic, Syriac, Thaana, N'Ko …),
  which turn the order the figures beside them are drawn in with no control character at all: 'Kommuner ׀ 80 / 98'
  drew '98 / 80' (red team 22, finding 2); and every other letter that is not Latin's a-z, accented or not, or one of
  LATIN_LETTERS (æ, ø, ß …): Cyrillic 'ЗО' is drawn as '30' (red team 25, finding 3). The site, its sources and its
  data are Danish and English;
- text that is not in Unicode's composed form (NFC): 'å' stored as 'a' and a combining ring looks the same as
  'å' but is another text (it is not found in the source, sorts and searches differently).
"""

import functools
import re
import unicodedata

from build_scripts.core.lang import Phrase
from build_scripts.core.text import BLANK, IGNORABLE, MAX_MARKS, excerpt, in_ranges
from build_scripts.stages.validate.problem import Finding

LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff\u180e")


# The control characters' usual abbreviations (Unicode gives them no name).
C0 = ("NUL SOH STX ETX EOT ENQ ACK BEL BS TAB LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS "
      "RS US").split()
C1 = {0x7F: "DEL", 0x85: "NEL"}


def char_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', 'U+001B (ESC)'; a code point without a name only its number ('U+FFFF')."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if name:
        return f"{code} {name}"
    if ord(char) < 0x20:
        return f"{code} ({C0[ord(char)]})"
    return f"{code} ({C1[ord(char)]})" if ord(char) in C1 else code


def is_noncharacter(char: str) -> bool:
    cp = ord(char)
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def kind(char: str, *, tab: bool = False, newline: bool = False) -> str | None:
    """The kind of a refused character, or None for a character text may hold."""
    if char.isascii():
        if char == "\t":
            return None if tab else "control"
        if char == "\n":
            return None if newline else "line break"
        if char in LINE_BREAKS:
            return "line break"
        return "control" if ord(char) < 0x20 or char == "\x7f" else None
    category = unicodedata.category(char)
    if char in LINE_BREAKS:
        return "line break"
    if category == "Cc":
        return "control"
    if char in BIDI_CONTROLS:
        return "bidi"
    if char in ZERO_WIDTH or category == "Cf" or in_ranges(char, IGNORABLE):
        return "invisible"
    if in_ranges(char, BLANK):
        return "blank"
    if is_noncharacter(char):
        return "noncharacter"
    if category in ("Co", "Cn", "Cs"):
        return "unassigned"
    if category == "Nd":
        return "digit"
    return _script_kind(char)


def _class(ranges) -> str:
    return "".join(f"{chr(first)}-{chr(last)}" for first, last in ranges)


# Printable characters kind() refuses (str.isprintable() says yes to them): found in C, as the rest.
_HIDDEN = re.compile(f"[{_class(IGNORABLE + BLANK)}]")


# Per kind: what the character is and does, what to do (entries of the language files' `problems`), and the key
# of the problem's title.
KINDS = {
    "line break": (Phrase("char_line_break"), Phrase("fix_one_line"), "line_break"),
    "control": (Phrase("char_control"), Phrase("fix_copied_character"), "control_character"),
    "bidi": (Phrase("char_bidi"), Phrase("fix_delete"), "bidi_control"),
    "invisible": (Phrase("char_invisible"), Phrase("fix_delete"), "invisible_character"),
    "blank": (Phrase("char_blank"), Phrase("fix_delete"), "blank_character"),
    "noncharacter": (Phrase("char_noncharacter"), Phrase("fix_delete"), "noncharacter"),
    "unassigned": (Phrase("char_unassigned"), Phrase("fix_delete"), "unknown_character"),
    "digit": (Phrase("char_digit"), Phrase("fix_digits"), "foreign_digit"),
    "right-to-left": (Phrase("char_right_to_left"), Phrase("fix_latin_letters"), "other_script"),
    "other letter": (Phrase("char_other_letter"), Phrase("fix_latin_letters"), "other_script"),
    "other number": (Phrase("char_other_number"), Phrase("fix_digits"), "foreign_digit"),
    "other symbol": (Phrase("char_other_symbol"), Phrase("fix_plain_symbols"), "other_script"),
    "other mark": (Phrase("char_other_mark"), Phrase("fix_plain_symbols"), "other_script"),
}


# Spaces other than ' ' (no-break space, thin space …; Unicode's Zs) are text, though str.isprintable() says not.
_SPACES = {cp: " " for cp in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


def _first_refused(text: str, tab: bool, newline: bool) -> tuple[str, str] | None:
    """(the first refused character, its kind), searched in C where it can be (a submission may be 50 MB): once
    the spaces (and an allowed tab or line feed) are ' ', a text is printable exactly when it holds none of the
    refused control, format, private-use, unassigned or surrogate code points."""
    allowed = dict(_SPACES)
    if tab:
        allowed[ord("\t")] = " "
    if newline:
        allowed[ord("\n")] = " "
    if not text.translate(allowed).isprintable():
        for char in text:
            found = kind(char, tab=tab, newline=newline)
            if found:
                return char, found
    hidden = _HIDDEN.search(text)
    if hidden:
        return hidden.group(), kind(hidden.group())
    digit = _NON_ASCII_DIGIT.search(text)
    if digit:
        return digit.group(), "digit"
    refused = [char for char in set(text) if not char.isascii() and _script_kind(char)]
    if refused:
        first = min(refused, key=text.index)
        return first, _script_kind(first)
    return None


@functools.lru_cache(maxsize=4096)
def _script_kind(char: str) -> str | None:
    """The kind of a non-ASCII character the texts may not hold because it can be read as another (a digit, a
    letter) or turns the order of what stands beside it, else None: 'right-to-left', 'other letter', 'other number',
    'other symbol' or 'other mark'."""
    if unicodedata.bidirectional(char) in RIGHT_TO_LEFT:
        return "right-to-left"
    category = unicodedata.category(char)
    if category.startswith("L"):
        return "other letter" if _other_letter(char) else None
    if category in ("Nl", "No"):
        return None if char in READ_NUMBERS else "other number"
    if category[0] in "SP" or char == "\u1680":  # (the Ogham space mark is drawn as a dash)
        return None if char in SYMBOLS else "other symbol"
    if category[0] == "M":
        return None if LATIN_MARKS[0] <= char <= LATIN_MARKS[1] else "other mark"
    return None


# The combining marks Latin writes its accents with (grave to double macron below; not the overlays from U+0334 on,
# which strike a letter through: 'O̸' is drawn as a slashed zero). Every other mark, spacing or enclosing (Telugu 'ం'
# is drawn as its digit zero, U+20DD rings a letter), is refused (red team 28, finding 3; red team 29, finding 3).
LATIN_MARKS = ("\u0300", "\u0333")


# The numbers other than 0-9 that the typed-number rules read as numbers (core.text.numbers_in): superscript digits
# and vulgar fractions. Every other numeric character (Roman numerals 'Ⅻ', '〇', circled '①') is drawn as a number
# that no rule reads (red team 27, finding 3).
READ_NUMBERS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞")
# The punctuation and symbols beyond ASCII the texts write: quotation marks, dashes, the ellipsis, the section sign,
# arithmetic, currency and arrows. Any other can be drawn as a digit or a letter: '∃' as 3, '⁊' as 7, '℥' as 3
# (red team 26, finding 3).
SYMBOLS = frozenset("«»‹›“”„‘’‚–—‐‑‒…·•§¶©®™°±×÷−√∞≤≥≠≈→←↔€£¢¥‰†‡′″¿¡´¨¯¸")


def problem(text: str, *, tab: bool = False, newline: bool = False) -> Finding | None:
    """Why `text` may not be published, or None; the message quotes an excerpt of it."""
    if not isinstance(text, str) or not text or (text.isascii() and text.isprintable()):
        return None
    refused = _first_refused(text, tab, newline)
    if refused:
        char, found = refused
        what, fix, kind = KINDS[found]
        return Finding(Phrase("char_refused", text=excerpt(text), char=char_name(char), what=what, fix=fix), kind)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        composed = unicodedata.normalize("NFC", text)
        first = next((i for i, (a, b) in enumerate(zip(text, composed)) if a != b), min(len(text), len(composed)))
        part = text[first:first + 2]
        codes = " + ".join(f"U+{ord(c):04X}" for c in unicodedata.normalize("NFD", part)[:3])
        return Finding(Phrase("not_nfc", text=excerpt(text), codes=codes), "not_nfc")
    return None if text.isascii() else _shape_problem(text)


def reading_key(text: str) -> str:
    """A text as a reader tells texts apart: compatibility variants as their plain form (NFKC: 'Ｅ' is 'E', 'ﬁ' is
    'fi'), upper and lower case alike, each run of spaces one space. Two names with one key look the same (or
    differ only in case) and a chart drawing them as categories merges them."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


# Unicode's bidirectional classes of the characters written right to left: R (Hebrew …), AL (Arabic …) and AN
# (Arabic numbers and separators).
RIGHT_TO_LEFT = ("R", "AL", "AN")


# The letters of the Latin script that are no accented form of a-z, which Danish, English and the names the sources
# give are written with, and the sum sign the reconciliation's formulas write ('Σ folketal'). Any other letter is
# refused (_other_letter).
LATIN_LETTERS = frozenset("æÆøØßðÐþÞœŒłŁđĐ") | {"Σ"}


def _other_letter(char: str) -> bool:
    """Whether a letter is of another script than Latin's a-z with accents (NFKD: 'é' is 'e' and a mark; the
    ligatures 'ﬁ' and the fullwidth 'Ｅ' are their letters) and LATIN_LETTERS, or a styled form of one ('ℨ', '𝐎',
    drawn as 3 and 0). Cyrillic 'З' and 'О' drew '30' in a statement that no row holds, and Latin's own 'ʒ' (ezh) and
    'ƽ' (tone five) look like digits too (red team 25, finding 3): the site, its sources and its data are Danish and
    English."""
    if not unicodedata.category(char).startswith("L") or char.isascii() or char in LATIN_LETTERS:
        return False
    base = unicodedata.normalize("NFKD", char)[:1]
    styled = unicodedata.normalize("NFD", char)[:1] != base and not ("\ufb00" <= char <= "\ufb06"
                                                                     or "\uff21" <= char <= "\uff5a")
    return styled or not (base.isascii() and base.isalpha())


@functools.cache
def _marks() -> re.Pattern:
    """More than MAX_MARKS combining marks (Mn, Me) in a row; built once, when the first text with more than MAX_MARKS
    marks is checked."""
    ranges, start = [], None
    for cp in range(0x110000):
        mark = unicodedata.category(chr(cp)) in ("Mn", "Me")
        if mark and start is None:
            start = cp
        elif not mark and start is not None:
            ranges.append((start, cp - 1))
            start = None
    return re.compile(f"[{_class(ranges)}]{{{MAX_MARKS + 1},}}")


def _shape_problem(text: str) -> Finding | None:
    """A tower of combining marks, or a text that shows nothing (only spaces and marks). The pattern of marks is
    built (a pass over every code point, about 0.25 s) only for a text that holds more than MAX_MARKS marks: a text
    with fewer has no tower."""
    marks = sum(1 for c in text if unicodedata.category(c) in ("Mn", "Me"))
    tower = _marks().search(text) if marks > MAX_MARKS else None
    if tower:
        return Finding(Phrase("marks_tower", text=excerpt(text), count=len(tower.group()),
                              char=char_name(tower.group()[0]), most=MAX_MARKS), "stacked_marks")
    if text.strip() and not any(unicodedata.category(c)[0] in "LNPS" for c in text):
        return Finding(Phrase("nothing_visible", text=excerpt(text)), "invisible_text")
    return None
