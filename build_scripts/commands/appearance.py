"""What a cell of a municipality's workbook shows, so that check-submission counts only what the person who signs
the file can see. Pure functions of a cell's value and style; submission.py reads the workbook.

- A number format is rendered as Excel renders it for the value (`number_shown`), and the shown text must be the
  value's digits (`format_problem`): not a literal instead of them ("10"), not scaled (`0,` shows thousands, `%`
  hundredths), no digits rounded away, nothing from a literal but spaces, 'kr.' and the value's own sign (_literal_shows_no_amount), no
  minus sign that is not there; not a date, a fraction or a power of ten. A format's text section must show the text as it is.
- A text colour must stand out from its background: a contrast ratio (WCAG's) of at least MIN_CONTRAST, with
  theme colours read from the workbook's own theme, tints applied and patterned fills blended (`colour_problem`).
  A colour the number format sets ([White]0, [Color2]0) is the text's colour where the format shows the value
  (`format_colour_problem`); a colour of a section that does not show it (a red for negatives) is not judged.
- A font must be at least MIN_FONT_POINTS high, also after 'shrink to fit' and as the sheet's zoom shows it
  (`font_problem`), and a number must fit its column (Excel shows ### or rounds it otherwise; `width_problem`),
  the alignment's indent included; a text's indent alone must not be wider than its column.
- A struck-out font (also a struck-out run of a rich text) is refused: strikethrough is how a sheet marks a row as
  deleted, so a struck-out value would be counted although the file shows it withdrawn (red team 18).
- A symbol font (Wingdings, Symbol, a barcode font: SYMBOL_FONTS, `symbol_font`) draws a value's digits and letters
  as pictograms or bars, and the 'Fill' horizontal alignment repeats the value across its cell (300 shows as
  300300300...; `alignment_problem`): both are refused (red team 19). A font with <scheme val="minor"/> (or
  "major"), as the template's default font has, is drawn by Excel in the theme's body (or heading) font, whatever its
  own name: the theme's typeface is judged as well as the name (red team 20).

Each check returns (Danish, English) text saying why, to go after "the cell holds a value that cannot be seen:",
or None. Formats that no check here can render (conditions, native digits, unknown brackets) are refused as such.
"""

import colorsys
import math
import re
from functools import lru_cache
from typing import NamedTuple

from openpyxl.styles.colors import COLOR_INDEX

from build_scripts.core import fmt
from build_scripts.core.lang import ByLanguage, Phrase
from build_scripts.core.text import excerpt

MIN_CONTRAST = 1.5  # text against its background; 1:1 is the same colour, white on light grey (D9D9D9) is 1.4:1
MIN_FONT_POINTS = 6.0
DEFAULT_FONT_POINTS = 11.0  # Calibri 11, the default font of a workbook (and of the template)
COLUMN_PADDING = 0.71  # of a column's stored width (in characters): the margins, 5 pixels of 7
NARROW = set(".,:;' -")  # characters about half as wide as a digit
# An alignment's indent, per level, in characters of the default font. Excel's help says each level is "the width of
# one character"; LibreOffice reads a level as three spaces (oox stylesbuffer.cxx), about 9 pixels against a digit's
# 7 in Calibri 11. The lower of the two is taken, so an indent is refused only where it surely does not fit.
INDENT_CHARACTERS = 1.0
# Fonts that draw letters and digits as pictograms, symbols or bars (lower case; a name containing one of
# SYMBOL_FONT_PARTS is one too). A short list of the known ones: any other font is taken to draw text as text.
SYMBOL_FONTS = frozenset({"wingdings", "wingdings 2", "wingdings 3", "webdings", "symbol", "marlett", "mt extra",
                          "zapf dingbats", "itc zapf dingbats", "zapfdingbats"})
SYMBOL_FONT_PARTS = ("barcode", "bar code", "code 39", "code39", "code 128", "code128")

# --- number formats ----------------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"[^"]*"?|[\\!].|_.|\*.|\[[^\]]*\]?|[Ee][+-]|General|AM/PM|A/P|[0#?]|.', re.I | re.S)
_CONDITION = re.compile(r"\[(<=|>=|<>|<|>|=)\s*-?[0-9.]+\]")
_COLOUR = re.compile(r"\[(black|blue|cyan|green|magenta|red|white|yellow|colou?r\s*[0-9]{1,2})\]", re.I)
_CURRENCY = re.compile(r"\[\$([^\]-]*)(?:-([0-9A-Fa-f]+))?\]")
DATE_LETTERS = set("yYmMdDhHsSbBgGeE")


def sections(code: str) -> list[str]:
    """A format code split at its semicolons, those outside quotes, escapes and brackets."""
    parts, current = [], ""
    for token in _TOKEN.findall(code):
        if token == ";":
            parts.append(current)
            current = ""
        else:
            current += token
    return parts + [current]


@lru_cache(maxsize=256)
def tokens(section: str) -> tuple[tuple[str, str], ...]:
    """A section as (kind, text): 'lit' (shown as written), 'pad' (a space), 'digit' (0 # ?), 'point', 'comma',
    'percent', 'exp', 'general', 'text' (@), 'date', 'slash', 'skip' (a colour or a locale) or 'other'."""
    found = []
    for token in _TOKEN.findall(section):
        if token.startswith('"'):
            found.append(("lit", token[1:].rstrip('"') if token.endswith('"') and len(token) > 1 else token[1:]))
        elif token[0] in "\\!*" and len(token) == 2:  # a character escaped by \ or !; a fill (*) shows its character
            found.append(("lit", token[1:]))
        elif token.startswith("_"):
            found.append(("pad", " "))
        elif token.startswith("["):
            found.append(_bracket(token))
        else:
            found.append(_plain_token(token))
    return tuple(found)


def _bracket(token: str) -> tuple[str, str]:
    if _COLOUR.fullmatch(token):
        return ("skip", "") if colour_index(token) is not None else ("other", token)  # [Color0], [Color57]: none
    currency = _CURRENCY.fullmatch(token)
    if currency:
        locale = (currency.group(2) or "").upper()
        if locale.startswith("F") or locale.endswith("F800") or locale.endswith("F400"):  # the system's date or time
            return ("date", token)
        return ("lit", currency.group(1))
    if re.fullmatch(r"\[(h+|m+|s+)\]", token, re.I):
        return ("date", token)
    return ("other", token)  # a condition (handled before), native digits [DBNum1], anything unknown


def _plain_token(token: str) -> tuple[str, str]:
    lower = token.lower()
    kinds = {"0": "digit", "#": "digit", "?": "digit", ".": "point", ",": "comma", "%": "percent", "@": "text",
             "/": "slash", "general": "general", "am/pm": "date", "a/p": "date"}
    if lower in kinds:
        return (kinds[lower], token)
    if len(token) == 2 and token[0] in "Ee":
        return ("exp", token)
    if token in DATE_LETTERS:
        return ("date", token)
    return ("lit", token)


def section_for(value, parts: list[str]) -> tuple[str, bool] | None:
    """The section Excel uses for a number, and whether it writes the minus sign itself; None for a format with
    conditions ([>100]), which this check does not evaluate."""
    if any(_CONDITION.search(p) for p in parts):
        return None
    if value > 0 or (value < 0 and len(parts) == 1):
        return parts[0], value < 0
    if value < 0:
        return parts[1], False
    return (parts[2] if len(parts) >= 3 else parts[0]), False


def _round_half_up(value: float, places: int) -> str:
    """A finite number rounded as Excel rounds what it shows (half away from zero), in plain digits."""
    from decimal import ROUND_HALF_UP, Decimal, localcontext

    exact = Decimal(repr(value))
    with localcontext() as context:
        context.prec = max(28, exact.adjusted() + places + 2)  # every digit, however large the number
        return f"{exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"


def _render_digits(magnitude: float, found, grouping: bool) -> tuple[str, int]:
    """The number's digits laid into the section's digit placeholders, and the decimals shown."""
    point = next((i for i, (kind, _) in enumerate(found) if kind == "point"), len(found))
    integer = [text for kind, text in found[:point] if kind == "digit"]
    decimals = [text for kind, text in found[point:] if kind == "digit"]
    number = _round_half_up(magnitude, len(decimals))
    whole, _, fraction = number.partition(".")
    whole = "" if whole == "0" and "0" not in integer else whole
    whole = whole.rjust(integer.count("0"), "0")
    if grouping:
        whole = f"{int(whole):,}".replace(",", ".") if whole else ""
    shown_fraction = "".join(d if p != "#" or d != "0" or fraction[i + 1:].strip("0") else ""
                             for i, (p, d) in enumerate(zip(decimals, fraction)))
    text = whole + ("," + shown_fraction if point < len(found) else "")
    return text, len(decimals)


def number_shown(value, section: str, minus: bool) -> tuple[str | None, str, float, int]:
    """(the text Excel shows, or None if it shows the number as something else; that something's kind: 'date',
    'fraction', 'power', 'other'; the scale the format applies; the decimals it shows)."""
    found = [t for t in tokens(section) if t[0] != "skip"]
    kinds = {kind for kind, _ in found}
    for kind, name in (("date", "date"), ("exp", "power"), ("other", "other"), ("text", "other")):
        if kind in kinds:
            return None, name, 1.0, 0
    if "slash" in kinds and "digit" in kinds:
        return None, "fraction", 1.0, 0
    if "general" in kinds:
        shown = _general(abs(value))
        if shown is None:
            return None, "power", 1.0, 0
        return _assemble(found, shown, minus, "general"), "", 1.0, 99
    digits = [i for i, (kind, _) in enumerate(found) if kind == "digit"]
    scale = 100.0 ** sum(kind == "percent" for kind, _ in found)
    grouping, scaling = False, 0
    for i, (kind, _) in enumerate(found):
        if kind == "comma":
            if digits and digits[0] < i < digits[-1] and found[i - 1][0] == "digit" and found[i + 1][0] == "digit":
                grouping = True
            elif digits and i > digits[-1] and all(k == "comma" for k, _ in found[digits[-1] + 1:i]):
                scaling += 1
    scale /= 1000.0 ** scaling
    if not digits:
        return _assemble(found, "", minus, None), "", scale, 0
    text, places = _render_digits(abs(value) * scale, found, grouping)
    return _assemble(found, text, minus, "digit"), "", scale, places


def _general(magnitude: float) -> str | None:
    """A number as Excel's General shows it (at most 11 characters), or None when it would be a power of ten."""
    if magnitude == int(magnitude) and magnitude < 1e11:
        return str(int(magnitude))
    shown = f"{magnitude:.10g}"
    return None if "e" in shown else shown.replace(".", ",")


def _assemble(found, number: str, minus: bool, kind: str | None) -> str:
    """The section's literals in order, the number where its first placeholder (or General) stands."""
    out, placed = [], False
    for token_kind, text in found:
        if token_kind == kind and not placed:
            out.append(number)
            placed = True
        elif token_kind in ("lit", "pad"):
            out.append(text)
        elif token_kind == "percent":
            out.append("%")
    return ("-" if minus else "") + "".join(out)


# A format's named colours are the first eight of the indexed palette, [Color1] to [Color8]: [Black] is index 8.
NAMED_COLOURS = {"black": 1, "white": 2, "red": 3, "green": 4, "blue": 5, "yellow": 6, "magenta": 7, "cyan": 8}


def colour_index(token: str) -> int | None:
    """The indexed colour a format's colour token stands for: [ColorN] is index N + 7 (N from 1 to 56), a named
    colour its number among the first eight; None for a number outside 1-56, which no spreadsheet shows."""
    name = token.strip("[]").lower()
    number = NAMED_COLOURS.get(name) or int(re.sub(r"[^0-9]", "", name) or 0)
    return number + 7 if 1 <= number <= 56 else None


def format_colours(value, code, colours: "Palette") -> list[tuple[str, str]]:
    """The colours (token as written, RRGGBB) a number format gives the value's text, from the section that shows
    the value: a number's (section_for); a text's fourth section, or where there is none its first (Excel colours
    text with a one-section format's colour; a format of two or three sections is judged the same way). A colour is looked up in the workbook's indexed palette (Excel's
    way) and in the default one (LibreOffice's), so both readings are judged where the workbook redefines it."""
    if not isinstance(code, str) or "[" not in code:
        return []
    parts = sections(code)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        chosen = section_for(value, parts) if math.isfinite(value) else None
        section = chosen[0] if chosen else parts[0]
    else:
        section = parts[3] if isinstance(value, str) and len(parts) >= 4 else parts[0]
    found = []
    for token in (text for text in _TOKEN.findall(section) if _COLOUR.fullmatch(text)):
        index = colour_index(token)
        own = colours.indexed[index] if index is not None and index < len(colours.indexed) else None
        for colour in dict.fromkeys(c for c in (own, INDEXED[index] if index is not None else None) if c):
            found.append((token, colour))
    return found


def format_colour_problem(found, code, font, fill, colours: "Palette") -> Phrase | None:
    """A colour the number format gives the text (`found` by format_colours: [White]0, [Color2]0) that does not
    stand out from the cell's background; Excel shows it instead of the font's colour. Words of the language
    files, or None."""
    for token, colour in found:
        why = colour_problem(font, fill, colours, text=colour)
        if why:
            return Phrase("format_colour", format=excerpt(code), colour=token, why=why)
    return None


def format_problem(value, code: str) -> Phrase | None:
    """Why a cell's number format does not show its value (words of the language files), or None."""
    if isinstance(value, bool) or not isinstance(code, str) or code in ("", "@"):
        return None
    parts = sections(code)
    if isinstance(value, str):
        return _text_section_problem(value, code)
    if not isinstance(value, (int, float)) or isinstance(value, float) and not math.isfinite(value):
        return None  # a date (openpyxl reads a date format's number as one), an infinity: the validator names it
    if abs(value) > 1e300:  # beyond what a spreadsheet holds (an integer this long is only in a crafted file)
        return Phrase("format_shows_number", format=excerpt(code), how=Phrase("shown_as_power"))
    chosen = section_for(value, parts)
    if chosen is None:
        return Phrase("format_has_conditions", format=excerpt(code))
    shown, kind, scale, places = number_shown(value, *chosen)
    if shown is None:
        how = {"date": "shown_as_date", "fraction": "shown_as_fraction", "power": "shown_as_power",
               "other": "shown_as_other"}[kind]
        return Phrase("format_shows_number", format=excerpt(code), how=Phrase(how))
    if not shown.strip():
        return Phrase("format_shows_nothing", format=excerpt(code))
    if not _shows_the_value(value, chosen[0], shown, scale, places):
        return Phrase("format_shows_other_number", format=excerpt(code), shown=excerpt(shown), value=_value(value))
    return None


def _value(value) -> ByLanguage:
    """A cell's value as each language writes it (core/fmt.py: 1.234,5 / 1,234.5), to the places Excel's General
    shows; a fraction General shows as a power of ten as Python writes it (1e-12), the same in every language."""
    general = _general(abs(value))
    if general is None:
        return _number(value, 0) if value == int(value) else ByLanguage.of(lambda lang: repr(value))
    return _number(value, len(general.split(",")[1]) if "," in general else 0)


# What a literal (or a fill) beside a shown number may hold: spaces, a per cent sign, the currency's name that Danish Excel's currency
# and accounting formats write ('kr.'), and a sign only where the value has one: a minus or parentheses beside a
# negative number, a dash for zero (accounting formats). No other letter, digit or character: 'OOO', '〇〇〇', '½' or
# ' mio.' beside 1200 showed another amount than the one counted (red team 37, finding 2), and '1.200-' or
# '1200------' a credit where an expense was counted (red team 39, finding 3).
LITERAL_SPACES = frozenset(" \u00a0%")  # (and a share's ' %': '0" %"' shows 100 as '100 %', the share it is)
NEGATIVE_MARKS = frozenset("()-\u2212\u2013")
ZERO_MARKS = frozenset("-\u2212\u2013")
CURRENCY_NAMES = re.compile(r"kr\.?")


def _literal_shows_no_amount(literal: str, value) -> bool:
    marks = LITERAL_SPACES | (NEGATIVE_MARKS if value < 0 else ZERO_MARKS if value == 0 else frozenset())
    return all(c in marks for c in CURRENCY_NAMES.sub("", literal))


def _shows_the_value(value, section: str, shown: str, scale: float, places: int) -> bool:
    """The shown text holds the value's own digits: no scaling, nothing rounded away, nothing but spaces,
    'kr.' and the value's own sign from a literal, a minus (or parenthesis) for a negative number; a zero may show as a dash
    (accounting formats)."""
    literal = "".join(text for kind, text in tokens(section) if kind == "lit")
    if scale != 1.0 or not _literal_shows_no_amount(literal, value):
        return False
    if float(_round_half_up(abs(value), min(places, 20))) != abs(value):
        return False
    if value == 0 and not any(c.isdigit() for c in shown) and "-" in literal:
        return True  # an accounting format's dash for zero
    if not any(c.isdigit() for c in shown):
        return False
    number_at = next((i for i, c in enumerate(shown) if c.isdigit()), len(shown))
    if value >= 0 and any(c in "-−(" for c in shown[:number_at]):
        return False
    return value >= 0 or any(c in "-−(" for c in shown)


def _text_section_problem(value: str, code: str) -> Phrase | None:
    """A text cell shows the format's fourth section (or its only one, if that holds @), with @ as the text."""
    shown = shown_text(value, code)
    if not shown.strip():
        return Phrase("format_shows_nothing", format=excerpt(code))
    if shown.strip() != value.strip():
        return Phrase("format_shows_other_text", format=excerpt(code), shown=excerpt(shown), text=excerpt(value))
    return None


# --- colours -----------------------------------------------------------------------------------------------------

# The Office theme's colours, in the order a colour's theme index counts them (lt1, dk1, lt2, dk2, accent1-6,
# hlink, folHlink): used when a workbook carries no theme of its own.
OFFICE_THEME = ("FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47",
                "0563C1", "954F72")
THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
               "hlink", "folHlink")
SYSTEM_COLOURS = {"windowText": "000000", "window": "FFFFFF"}  # a theme's <a:sysClr>: Excel shows the system's
# The indexed colours past the palette's 64 are the system's (LibreOffice's oox ColorPalette, Excel's BIFF
# palette): 64 and 77 the window's text, 65 and 78 its background, 67 a button's face, 80 and 81 a note's background
# and text. Read as "automatic", a white font (65) on a white cell and black text on a black fill (64) passed as
# visible (red team 56, finding 1).
SYSTEM_INDEXED = {64: "000000", 77: "000000", 65: "FFFFFF", 78: "FFFFFF", 67: "F0F0F0", 80: "FFFFE1", 81: "000000"}
# How much of a cell a pattern's foreground colour covers; the rest shows the pattern's background colour.
PATTERN_COVER = {"solid": 1.0, "darkGray": 0.75, "mediumGray": 0.5, "lightGray": 0.25, "gray125": 0.125,
                 "gray0625": 0.0625, "darkGrid": 0.75, "darkTrellis": 0.75, "lightGrid": 0.4, "lightTrellis": 0.25}


INDEXED = tuple(c[-6:].upper() for c in COLOR_INDEX)  # the 64 indexed colours of a workbook that keeps Excel's


class Palette(NamedTuple):
    """A workbook's colours by number: its theme's (THEME_ORDER) and its indexed ones (openpyxl's COLOR_INDEX,
    unless the workbook's styles redefine them); and its theme's fonts, the typeface Excel draws a font with
    <scheme val="minor"/> (body) or "major" (headings) in, None where the theme names none."""
    theme: tuple = OFFICE_THEME
    indexed: tuple = INDEXED
    minor_font: str | None = None
    major_font: str | None = None


DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
XML_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}


def xml_boolean(value: str | None, default: bool) -> bool | None:
    """A yes/no attribute (XML Schema's boolean, as SpreadsheetML's hidden, zeroHeight, showZeros are) read as the
    schema reads it: 1 or true, 0 or false, the spaces around it collapsed (red team 31, finding 1: Excel and openpyxl
    read hidden=" 1" as hidden); `default` where it is absent; None for any other value ('yes', 'True'), which one
    program reads one way and another the other (openpyxl reads anything but 0, f and false as true)."""
    if value is None:
        return default
    return XML_BOOLEANS.get(value.strip(" \t\r\n"))


def shrinks(alignment) -> bool:
    """Whether 'shrink to fit' applies to a cell: Excel lets wrapping win when both are set (red team 33, finding 2:
    a number, which does not wrap, then shows ### in a column too narrow for it)."""
    return bool(getattr(alignment, "shrinkToFit", False) and not getattr(alignment, "wrapText", False))


def palette(theme_xml: bytes | None, indexed) -> Palette:
    """A workbook's palette from its theme part and openpyxl's list of its indexed colours."""
    colours = tuple(c[-6:].upper() if isinstance(c, str) and re.fullmatch(r"[0-9A-Fa-f]{6,8}", c) else "000000"
                    for c in (indexed or COLOR_INDEX))
    return Palette(theme_colours(theme_xml), colours, *theme_fonts(theme_xml))


THEME_ELEMENTS = f"{DRAWING}themeElements"  # the theme's schemes, read only here: a:theme/a:themeElements/...


def _theme(theme_xml: bytes | None):
    """A theme part's root element (<a:theme>), or None where there is none, it cannot be read or it is not a theme.
    Its fonts and colours are read at the schema's places only (THEME_ELEMENTS), not at any depth: a scheme in an
    <a:extLst>, which Excel skips, came first in document order and hid the real one (red team 31, finding 3)."""
    import xml.etree.ElementTree as ET

    if not theme_xml:
        return None
    try:
        root = ET.fromstring(theme_xml)
    except ET.ParseError:
        return None
    return root if root.tag == f"{DRAWING}theme" else None


def theme_fonts(theme_xml: bytes | None) -> tuple[str | None, str | None]:
    """A theme's body and heading fonts: the typefaces of its <a:minorFont> and <a:majorFont> <a:latin>."""
    root = _theme(theme_xml)
    found = []
    for kind in ("minorFont", "majorFont"):
        latin = root.find(f"{THEME_ELEMENTS}/{DRAWING}fontScheme/{DRAWING}{kind}/{DRAWING}latin") \
            if root is not None else None
        face = latin.get("typeface") if latin is not None else None
        found.append(face if isinstance(face, str) and face.strip() else None)
    return found[0], found[1]


def theme_colours(theme_xml: bytes | None) -> tuple[str, ...]:
    """A workbook's theme colours as RRGGBB, in theme-index order (the Office theme's where it has none)."""
    root = _theme(theme_xml)
    if root is None:
        return OFFICE_THEME
    scheme = root.find(f"{THEME_ELEMENTS}/{DRAWING}clrScheme")
    found = []
    for name, default in zip(THEME_ORDER, OFFICE_THEME):
        element = scheme.find(f"{DRAWING}{name}") if scheme is not None else None
        colour = next(iter(element), None) if element is not None else None
        value = None if colour is None else SYSTEM_COLOURS.get(colour.get("val")) or colour.get("lastClr") or colour.get("val")
        found.append(value.upper() if isinstance(value, str) and re.fullmatch(r"[0-9A-Fa-f]{6}", value) else default)
    return tuple(found)


def rgb(colour, colours: Palette, automatic: str) -> str:
    """An openpyxl colour as RRGGBB: rgb, indexed (the workbook's palette, or past it the system's colours as the
    spreadsheets show them: SYSTEM_INDEXED; any other is the `automatic` one) or theme, with its tint applied."""
    kind = getattr(colour, "type", None)
    base = automatic
    indexed = colours.indexed
    if kind == "rgb" and isinstance(colour.rgb, str) and re.fullmatch(r"[0-9A-Fa-f]{6,8}", colour.rgb):
        base = colour.rgb[-6:].upper()
    elif kind == "indexed" and isinstance(colour.indexed, int) and 0 <= colour.indexed < min(len(indexed), 64):
        base = indexed[colour.indexed]
    elif kind == "indexed" and colour.indexed in SYSTEM_INDEXED:
        base = SYSTEM_INDEXED[colour.indexed]
    elif kind == "theme" and isinstance(colour.theme, int) and 0 <= colour.theme < len(colours.theme):
        base = colours.theme[colour.theme]
    tint = getattr(colour, "tint", 0) or 0
    return _tinted(base, tint) if tint else base


def _tinted(colour: str, tint: float) -> str:
    """Excel's tint: the colour's lightness moved toward black (tint < 0) or white (tint > 0)."""
    h, lightness, s = colorsys.rgb_to_hls(*(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)))
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, max(0.0, min(1.0, lightness)), s))


def background(fill, colours: Palette) -> str:
    """The colour a cell's fill shows as RRGGBB: white without a fill; a pattern as its two colours blended, a
    gradient as its colours' mean."""
    stops = getattr(fill, "stop", None)
    if stops:
        return _blend([rgb(stop.color, colours, "FFFFFF") for stop in stops])
    pattern = getattr(fill, "fill_type", None)
    if not pattern or pattern == "none" or not hasattr(fill, "fgColor"):
        return "FFFFFF"
    front = rgb(fill.fgColor, colours, "FFFFFF")  # a fill's automatic colour is none
    if pattern == "solid":
        return front
    unset = (getattr(fill.bgColor, "type", None) == "rgb" and fill.bgColor.rgb == "00000000") or \
        (getattr(fill.bgColor, "type", None) == "indexed" and fill.bgColor.indexed == 64)
    back = "FFFFFF" if unset else rgb(fill.bgColor, colours, "FFFFFF")  # openpyxl's default, Excel's <bgColor 64>
    cover = PATTERN_COVER.get(pattern, 0.5)
    return _blend([front, back], [cover, 1 - cover])


def _blend(colours: list[str], weights: list[float] | None = None) -> str:
    weights = weights or [1 / len(colours)] * len(colours)
    return "".join(f"{round(sum(int(c[i:i + 2], 16) * w for c, w in zip(colours, weights))):02X}" for i in (0, 2, 4))


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two RRGGBB colours, from 1 (the same) to 21 (black and white)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour_problem(font, fill, colours: Palette, text: str | None = None) -> Phrase | None:
    """Text that does not stand out from its background (words of the language files), or None. The text's colour
    is the font's, or `text` (RRGGBB) where the number format sets one."""
    text = text or rgb(getattr(font, "color", None), colours, "000000")  # Excel's automatic text colour is black
    behind = background(fill, colours)
    if text == behind:
        return Phrase("colour_of_background")
    ratio = contrast(text, behind)
    if ratio < MIN_CONTRAST:
        return Phrase("low_contrast", text=text, background=behind, ratio=_number(round(ratio, 2), 2),
                      least=_number(MIN_CONTRAST))
    return None


# --- size --------------------------------------------------------------------------------------------------------


def _needed(text: str, points: float) -> float:
    """The width (in characters of the default font) that text needs at a font size."""
    return sum(0.5 if c in NARROW else 1.0 for c in text) * points / DEFAULT_FONT_POINTS


def _number(value: float, decimals: int | None = None) -> ByLanguage:
    """A number as each language writes it (1,5 / 1.5)."""
    return ByLanguage.of(lambda lang: fmt.number(value, decimals, lang=lang))


def indent(alignment) -> float:
    """The width (in characters of the default font) of an alignment's indent, 0 to 250 levels. It is counted
    whatever the horizontal alignment: Excel's dialog sets left or right with it, a crafted file may not."""
    try:
        levels = float(getattr(alignment, "indent", 0) or 0)
    except (TypeError, ValueError):
        return 0.0
    return max(levels, 0.0) * INDENT_CHARACTERS if math.isfinite(levels) else 0.0


def symbol_font(name) -> bool:
    """Whether a font's name is a known symbol font's (SYMBOL_FONTS, SYMBOL_FONT_PARTS), whatever its case."""
    if not isinstance(name, str):
        return False
    name = " ".join(name.split()).lower()
    return name in SYMBOL_FONTS or any(part in name for part in SYMBOL_FONT_PARTS)


def font_names(font, colours: Palette) -> list[str]:
    """The names of the fonts a cell's (or a run's) text may be drawn in: the theme's typeface where the font has
    <scheme val="minor"/> or "major" (Excel draws that one), and the font's own name (which a program that does not
    follow the theme draws)."""
    scheme = getattr(font, "scheme", None)
    themed = colours.minor_font if scheme == "minor" else colours.major_font if scheme == "major" else None
    return [name for name in dict.fromkeys((themed, getattr(font, "name", None))) if isinstance(name, str)]


def alignment_problem(alignment, shown: str) -> Phrase | None:
    """The 'Fill' horizontal alignment, which repeats what the cell shows across its width (red team 19); the text
    direction 'Right-to-left' (readingOrder 2), which shows '2021 - 2023' as '2023 - 2021', as a bidi control in the
    text would (red team 56, finding 2)."""
    if getattr(alignment, "horizontal", None) == "fill":
        return Phrase("fill_aligned", shown=excerpt(shown))
    if getattr(alignment, "readingOrder", None) == 2:
        return Phrase("right_to_left", shown=excerpt(shown))
    return None


def font_problem(font, alignment, shown: str, width: float | None, zoom: float = 100.0,
                 colours: Palette = Palette()) -> Phrase | None:
    """A struck-out font or a symbol font (its own or, by its scheme, the theme's in `colours`: font_names); a font
    below MIN_FONT_POINTS, also one that 'shrink to fit' makes that small in what its column leaves beside the
    indent, or one that the sheet's zoom (per cent) shows that small on screen (red team 14: 6 points at 56 % show
    as 3.4)."""
    if getattr(font, "strike", False):
        return Phrase("struck_out")
    symbol = next((name for name in font_names(font, colours) if symbol_font(name)), None)
    if symbol:
        return Phrase("symbol_font", font=excerpt(symbol))
    points = getattr(font, "sz", None) or DEFAULT_FONT_POINTS
    if shrinks(alignment) and width is not None:
        room = max(width - COLUMN_PADDING - indent(alignment), 0.0)
        needed = _needed(shown, points)
        if needed > room:
            points = points * room / needed
            if points < MIN_FONT_POINTS:
                return Phrase("font_shrunk", size=_number(round(points, 1), 1), least=_number(MIN_FONT_POINTS))
    if points < MIN_FONT_POINTS:
        return Phrase("font_too_small", size=_number(points), least=_number(MIN_FONT_POINTS))
    on_screen = points * zoom / 100
    if on_screen < MIN_FONT_POINTS:
        shown = round(on_screen, 1)
        if shown >= MIN_FONT_POINTS:  # 5.96 points: 'shown as 5.9', not 'as 6 (at least 6)'
            shown = math.floor(on_screen * 10) / 10
        return Phrase("font_zoomed", size=_number(round(points, 1)), shown=_number(shown),
                      zoom=_number(round(zoom, 1)), least=_number(MIN_FONT_POINTS))
    return None


def width_problem(font, shown: str, width: float, alignment=None, number: bool = True) -> Phrase | None:
    """A number wider than its column, its indent counted: Excel shows #### (or, in General, a rounded number)
    instead. A text may run over into the next cell, but not when its indent alone is wider than its column."""
    points = getattr(font, "sz", None) or DEFAULT_FONT_POINTS
    indented = indent(alignment)
    needed = indented + (_needed(shown, points) if number else 0.0)
    if needed <= width - COLUMN_PADDING + 0.25:  # a quarter character's leeway for rounding
        return None
    levels = _number(getattr(alignment, "indent", 0))
    if not number:
        return Phrase("indent_too_wide", indent=levels)
    if indented:
        return Phrase("column_too_narrow_indented", shown=shown, indent=levels)
    return Phrase("column_too_narrow", shown=shown)



def shown_text(value, code: str | None) -> str:
    """The text a cell shows for its value, as far as the checks here render it (General otherwise)."""
    if isinstance(value, str):
        parts = sections(code or "General")
        section = parts[3] if len(parts) >= 4 else parts[0] if len(parts) == 1 and "@" in parts[0] else None
        if section is None:
            return value
        return "".join(value if kind == "text" else "" if kind == "skip" else text for kind, text in tokens(section))
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not abs(value) <= 1e300:  # NaN too
        return str(value)
    chosen = section_for(value, sections(code or "General"))
    shown = number_shown(value, *chosen)[0] if chosen else None
    return shown if shown is not None else ("-" if value < 0 else "") + (_general(abs(value)) or repr(abs(value)))


# --- rich text: a cell's text in runs, each with its own font ---------------------------------------------------------


def runs(element) -> tuple[tuple[str, object], ...]:
    """A rich text (an <si> of the shared strings, an <is> of a cell) as (text, font) per run, its font None where
    the run has none of its own (the cell's applies); () for text with one font, the cell's."""
    found, own = [], False
    for run in (child for child in element if child.tag.endswith("}r")):
        text = "".join(t.text or "" for t in run if t.tag.endswith("}t"))
        properties = next((child for child in run if child.tag.endswith("}rPr")), None)
        own = own or properties is not None
        found.append((text, run_font(properties) if properties is not None else None))
    return tuple(found) if own else ()


def run_font(properties):
    """A run's <rPr> as a font: its colour (an openpyxl Color), size, strikethrough, font name (<rFont>) and theme
    font (<scheme>), None where it sets none."""
    from types import SimpleNamespace

    from openpyxl.styles.colors import Color

    colour = next((child for child in properties if child.tag.endswith("}color")), None)
    size = next((child for child in properties if child.tag.endswith("}sz")), None)
    face = next((child for child in properties if child.tag.endswith("}rFont")), None)
    scheme = next((child for child in properties if child.tag.endswith("}scheme")), None)
    try:
        attributes = {k: v for k, v in (colour.attrib.items() if colour is not None else ()) if k in
                      ("rgb", "theme", "indexed", "tint", "auto")}
        converted = {k: float(v) if k == "tint" else int(v) if k in ("theme", "indexed") else
                     bool(xml_boolean(v, False)) if k == "auto" else v for k, v in attributes.items()}
        color = Color(**converted) if converted else None
    except (TypeError, ValueError):  # a colour openpyxl does not take: the automatic one
        color = None
    points = None
    if size is not None:
        try:
            points = float(size.get("val"))
        except (TypeError, ValueError):
            points = None
    strike = next((child for child in properties if child.tag.endswith("}strike")), None)
    return SimpleNamespace(color=color, sz=points, strike=xml_boolean(strike.get("val"), True) if strike is not None
                           else None, name=face.get("val") if face is not None else None,
                           scheme=scheme.get("val") if scheme is not None else None,
                           unreadable=_bad_boolean(((colour, "auto"), (strike, "val"))))


def _bad_boolean(attributes) -> Phrase | None:
    """The first of a run's yes/no attributes, as (element, attribute name), whose value is neither 0, 1, true nor
    false (xml_boolean): its colour's auto, its <strike val>. Words of the language files, or None."""
    for element, name in attributes:
        value = element.get(name) if element is not None else None
        if xml_boolean(value, True) is None:
            return Phrase("bad_boolean", element=element.tag.rsplit("}", 1)[-1], attribute=name, value=excerpt(value))
    return None


def runs_problem(parts, font, fill, colours: Palette, zoom: float = 100.0) -> Phrase | None:
    """A run of a rich text that hardly stands out, is struck out, is in a symbol font or is too small (also at the
    sheet's zoom); what a run does not set of its own is the cell's (its font: a name or a theme font, both or none)."""
    from types import SimpleNamespace

    for text, own in parts:
        if not text.strip():
            continue
        if getattr(own, "unreadable", None):  # a yes/no attribute that programs read differently (red team 31)
            return Phrase("part_of_text", part=excerpt(text), why=own.unreadable)
        face = own if getattr(own, "name", None) or getattr(own, "scheme", None) else font
        run = SimpleNamespace(color=own.color if own is not None and own.color is not None else getattr(font, "color", None),
                              sz=own.sz if own is not None and own.sz else getattr(font, "sz", None),
                              strike=getattr(font, "strike", False) if getattr(own, "strike", None) is None else own.strike,
                              name=getattr(face, "name", None) or getattr(font, "name", None),
                              scheme=getattr(face, "scheme", None))
        why = colour_problem(run, fill, colours) or font_problem(run, None, text, None, zoom, colours)
        if why:
            return Phrase("part_of_text", part=excerpt(text), why=why)
    return None
