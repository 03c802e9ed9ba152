"""Small rules about text that several stages and commands apply, each written once. Pure functions.

- how a message quotes a value (excerpt), used by `validate`, `check-submission` and the site stage;
- what a spreadsheet runs as a formula (is_formula_like), refused by `validate` and `check-submission`;
- the Danish sources' own ways of writing a figure: the qualifiers before it (QUALIFIERS, read by `validate` and
  the reconciliation's precision rules) and the numbers it is written as (danish_number);
- the forms of an address: an http(s) URL the web can reach (is_absolute_url, which `validate` and the pages stage
  apply to every address they publish) and one the build puts paths after (is_base_address: the package's homepage,
  mkdocs.yml's addresses of the editions and the repository);
- versions and anchors.
"""

import functools
import re
import unicodedata
from decimal import Decimal
from fractions import Fraction

# A bad value is quoted in a message only this far (a 50 MB cell must not become a 50 MB message).
EXCERPT_LENGTH = 60

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt) is every format character (Cf: refused by its
# category), unassigned code points (Cn: refused) and these, of other categories (Mn, Lo): Other_Default_Ignorable_
# Code_Point and the variation selectors. (first, last) code points.
IGNORABLE = ((0x034F, 0x034F), (0x17B4, 0x17B5), (0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F),
             (0xE0100, 0xE01EF))
# Drawn as an empty space of a letter's width, not as a space (so no rule about spaces sees them): the Hangul
# fillers (also default-ignorable), BRAILLE PATTERN BLANK and MUSICAL SYMBOL NULL NOTEHEAD.
BLANK = ((0x115F, 0x1160), (0x3164, 0x3164), (0xFFA0, 0xFFA0), (0x2800, 0x2800), (0x1D159, 0x1D159))
# Combining marks (Mn, Me) in a row: more are drawn as a tower over one letter. Three cover every language's
# accents in NFC (Vietnamese, Hebrew points, Indic scripts).
MAX_MARKS = 3


def in_ranges(char: str, ranges) -> bool:
    return any(first <= ord(char) <= last for first, last in ranges)


def is_hidden(char: str) -> bool:
    """A printable character that draws nothing or an empty space (IGNORABLE, BLANK): a message shows its code."""
    return in_ranges(char, IGNORABLE) or in_ranges(char, BLANK)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def excerpt(value, limit: int = EXCERPT_LENGTH) -> str:
    """A value as a message may quote it: at most `limit` characters (then '…'), and every character that does not
    print (control, line-break, direction and invisible characters, spaces other than ' ') written as \\x.., \\u....
    or \\U........, so that it cannot act (a direction override in a message would turn the terminal's line
    around) and can be seen."""
    text = "" if value is None else str(value)
    short = text[:limit]
    if short.isascii() and short.isprintable():
        return short + ("…" if len(text) > limit else "")
    shown, marks = [], 0
    for c in short:  # characters that draw nothing or blank, and marks beyond MAX_MARKS in a row, as codes too
        marks = marks + 1 if unicodedata.category(c) in ("Mn", "Me") else 0
        shown.append(c if c.isprintable() and not is_hidden(c) and marks <= MAX_MARKS else _escaped(c))
    return "".join(shown) + ("…" if len(text) > limit else "")


# Text a spreadsheet runs as a formula when it starts with one of these ("formula injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Text starting like a formula; a lone '-' (nothing to report) and plain numbers are not formulas: a
    spreadsheet shows them as a dash and a number, and runs nothing."""
    return text.startswith(FORMULA_STARTS) and text != "-" and not re.fullmatch(r"[+-]?\d+([.,]\d+)?", text)


# The qualifiers a Danish source puts before a figure ('ca. 350', 'knap 1/3'): the reconciliation's precision rules
# (stages/derive/precision.py) read each of them, and `validate` finds a lost one before a quoted figure.
QUALIFIERS = ("ca.", "omkring", "knap", "godt", "over", "under")
# What each qualifier is called in English (in Danish its name is the qualifier itself). Here in code, not only in
# qualifiers.csv, for the reason UNIT_LABELS gives: `validate` refuses a row of qualifiers.csv that says otherwise
# (stages/validate/glossary.py), so 'under' cannot be published as 'over' in one edition.
QUALIFIER_LABELS = {"ca.": "approx.", "omkring": "about", "knap": "just under", "godt": "just over", "over": "over",
                    "under": "under"}
# What qualifiers.csv says each qualifier means (its description_en), held like its label.
QUALIFIER_DESCRIPTIONS = {
    "ca.": "The source gives the figure as approximate (ca.)",
    "over": "The true figure is above the one given (over)",
    "godt": "The true figure is a little above the one given (godt)",
    "under": "The true figure is below the one given (under)",
    "knap": "The true figure is a little below the one given (knap)",
    "omkring": "The source gives the figure as approximate (omkring)",
}
# The numbers a Danish source writes as words.
NUMBER_WORDS = {"en": 1, "et": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9,
                "ti": 10}

# The words a Danish source writes each unit of units.csv in, right after the figure ('100 mio. kr.', '32 pct.'):
# `validate` finds them in the quote beside the figure (stages/validate/units.py). Here in code, not in
# datapackage.json or units.csv, so that a pull request that changes a figure's unit cannot also change what the
# unit is called; a unit id with no words here is refused. The sources quoted so far write 'mio. kr.', 'mia. kr.',
# 'kr.', 'kroner', 'kr. pr. indbygger', 'pct.', 'år' and the counted nouns; the other forms are the usual Danish ones.
UNIT_WORDS = {
    "mio_kr": ("mio. kr.", "mio.kr.", "mio. kroner", "mill. kr.", "millioner kr.", "millioner kroner"),
    "mia_kr": ("mia. kr.", "mia.kr.", "mia. kroner", "mrd. kr.", "milliarder kr.", "milliarder kroner"),
    "kr": ("kr.", "kroner"),
    "kr_per_inhabitant": ("kr. pr. indbygger", "kr. per indbygger", "kroner pr. indbygger", "kroner per indbygger"),
    "pct": ("pct.", "procent", "%"),
    "aar": ("år",),
    "kommuner": ("kommuner",),
    "indsatser": ("indsatser",),
    "spoergsmaal": ("spørgsmål",),
    # A count of persons is written with the noun for the persons counted.
    "personer": ("personer", "borgere", "indbyggere", "indvandrere", "efterkommere", "flygtninge",
                 "familiesammenførte", "udlændinge", "voksne", "børn"),
}
# What each unit the code gives a meaning to is called, (Danish, English): the reconciliation multiplies mio_kr by a
# million and the derived tables describe it as "DKK million", so units.csv cannot call it "DKK billion" (or "mia.
# kr.") in one edition. `validate` refuses a row of units.csv whose label is not this one (stages/validate/glossary.py).
UNIT_LABELS = {
    "mio_kr": ("mio. kr.", "DKK million"),
    "mia_kr": ("mia. kr.", "DKK billion"),
    "kr": ("kr.", "DKK"),
    "kr_per_inhabitant": ("kr. pr. indbygger", "DKK per inhabitant"),
    "pct": ("pct.", "per cent"),
    "andel": ("andel", "fraction"),
    "kommuner": ("kommuner", "municipalities"),
    "indsatser": ("indsatser", "initiatives"),
    "personer": ("personer", "persons"),
    "year": ("år", "year"),
    "aar": ("år", "years"),
    "spoergsmaal": ("spørgsmål", "questions"),
}
# What units.csv says each of those units is, in a sentence (its description_en), held like its labels: "Billions of
# Danish kroner" beside "DKK million" would say the figures are a thousand times larger.
UNIT_DESCRIPTIONS = {
    "mio_kr": "Millions of Danish kroner",
    "mia_kr": "Billions of Danish kroner",
    "kr": "Danish kroner",
    "kr_per_inhabitant": "Danish kroner per inhabitant",
    "pct": "Per cent (0-100)",
    "andel": "A fraction between 0 and 1 as written in the source (for example 1/3)",
    "kommuner": "A count of municipalities",
    "indsatser": "A count of initiatives",
    "personer": "A count of persons",
    "year": "A calendar year (for example the accounts year 2019)",
    "aar": "A number of years (an age or a duration)",
    "spoergsmaal": "A count of questions",
}
# What each measure of area_figures is called, (Danish, English): the derive stage puts each in a column of its unit
# (stages/derive/stage.py AREA_UNITS), reconciles expenditure and income as gross amounts and computes net expenditure
# as their difference, so measures.csv cannot call 'expenditure' "Net expenditure" in one edition. `validate` refuses
# a row of measures.csv whose label is not this one (stages/validate/glossary.py).
MEASURE_LABELS = {
    "expenditure": ("Bruttoudgifter", "Gross expenditure"),
    "expenditure_share": ("Andel af alle indberettede udgifter", "Share of all reported expenditure"),
    "income": ("Bruttoindtægter", "Gross income"),
    "income_share": ("Andel af alle indberettede indtægter", "Share of all reported income"),
    "average_per_initiative": ("Gennemsnitlig udgift pr. indsats", "Average expenditure per initiative"),
    "self_financed_share": ("Indsatser kommunen selv finansierer", "Initiatives the municipality pays for itself"),
}
# What measures.csv says each measure is, in a sentence (its description_en), held like its labels.
MEASURE_DESCRIPTIONS = {
    "expenditure": "Gross expenditure on the area's initiatives, accounts 2019, 2022 prices",
    "expenditure_share": "The area's share of all reported gross expenditure",
    "income": "Gross income (state pools, private foundations and the like) for the area's initiatives",
    "income_share": "The area's share of all reported gross income",
    "average_per_initiative": "Average gross expenditure per reported initiative in the area",
    "self_financed_share": "Share of the area's initiatives the municipality finances itself (share of cases)",
}
# Counts: the noun may also stand elsewhere in the figure's sentence ('Ud af de 98 kommuner har 80 responderet';
# '706 ikke-lovpligtige integrationsindsatser'), as the last part of a compound too. The other units' words stand
# right after the figure.
COUNT_UNITS = frozenset({"kommuner", "indsatser", "spoergsmaal", "personer"})
# Units a figure is written in without a word: its form is the unit (a calendar year, a fraction such as 'knap 1/3').
UNIT_FORMS = {"year": r"[12][0-9]{3}", "andel": r"[0-9]+/[1-9][0-9]*"}


def danish_number(text: str) -> Fraction | None:
    """A figure as a Danish source writes it, as the exact number it states: '825.080' 825080, '14,1' 141/10,
    '1/3' 1/3, 'fem' 5; None if it states no number."""
    if text in NUMBER_WORDS:
        return Fraction(NUMBER_WORDS[text])
    if re.fullmatch(r"[0-9]+/[1-9][0-9]*", text):
        num, den = text.split("/")
        return Fraction(int(num), int(den))
    if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?|[0-9]+(,[0-9]+)?", text):
        return Fraction(Decimal(text.replace(".", "").replace(",", ".")))
    return None


def english_number(text: str) -> Fraction | None:
    """A figure as English writes it, as the exact number it states: '825,080' 825080, '14.1' 141/10, '1/3' 1/3,
    'five' 5; None if it states no number (so '825.080' is 825.08, and '14,1' none: the Danish forms are not English)."""
    if text.lower() in ENGLISH_NUMBER_WORDS:
        return Fraction(ENGLISH_NUMBER_WORDS[text.lower()])
    if re.fullmatch(r"[0-9]+/[1-9][0-9]*", text):
        num, den = text.split("/")
        return Fraction(int(num), int(den))
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|[0-9]+(\.[0-9]+)?", text):
        return Fraction(Decimal(text.replace(",", "")))
    return None


# The numbers English prose writes as words. 'one' is left out, as the Danish 'en' and 'et' are in prose: both are
# also the indefinite article ('no one', 'en grad af'); they count only before 'hundred' or a fraction ('one third').
ENGLISH_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                        "ten": 10}
ARTICLES = ("en", "et")
# The number words above ten (red team 7, finding 2): read in prose as the words up to ten are, so that 'Fifty
# municipalities' or 'halvtreds kommuner' beside a figure of 80 is refused. Danish writes the tens 21-99 in one word,
# units first ('niogfyrre', 'enogtyve'), and has the old forms in -indstyve ('halvfjerdsindstyve'); English joins them
# with a hyphen ('seventy-nine').
DANISH_TEENS = {"elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17,
                "atten": 18, "nitten": 19}
DANISH_TENS = {"tyve": 20, "tredive": 30, "fyrre": 40, "fyrretyve": 40, "halvtreds": 50, "halvtredsindstyve": 50,
               "tres": 60, "tresindstyve": 60, "halvfjerds": 70, "halvfjerdsindstyve": 70, "firs": 80,
               "firsindstyve": 80, "halvfems": 90, "halvfemsindstyve": 90}
DANISH_COMPOUND = re.compile(r"(en|to|tre|fire|fem|seks|syv|otte|ni)og(" + "|".join(DANISH_TENS) + ")")
ENGLISH_TEENS = {"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                 "seventeen": 17, "eighteen": 18, "nineteen": 19}
ENGLISH_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90}
# The old counts by the score and the dozen are multipliers too ('en snes' 20, 'to dusin' 24, 'a score' 20, 'two
# dozen' 24: red team 10, finding 5), and 'hundredvis'/'tusindvis' are 'hundreds'/'thousands'. English 'score' is a
# number only after a number or an article ('four score'), so that 'the score' states none (COUNT_AFTER).
MULTIPLIERS = {"da": {"hundrede": 100, "tusind": 1000, "tusinde": 1000, "hundredvis": 100, "tusindvis": 1000,
                      "snes": 20, "snese": 20, "dusin": 12},
               "en": {"hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000, "dozen": 12, "score": 20}}
COUNT_AFTER = ("score",)
# Words that state a count but not which ('snesevis af kommuner', 'dozens of municipalities', 'scores of'): each
# is read as a number no row vouches for (None), so a text may write it only where the quote writes it, or writes the
# Danish word given here for it. English 'scores' is such a count only before 'of' (else a plural of 'score').
UNSTATED_COUNTS = {"da": {"snesevis": ("snesevis",), "dusinvis": ("dusinvis",)},
                   "en": {"dozens": ("dusinvis", "snesevis"), "scores": ("snesevis",)}}
# Fractions and multiples in words: each is the number it states ('halvdelen' 1/2, 'twice' 2). A denominator
# ('tredjedel', 'third') takes the number before it ('to tredjedele' 2/3, 'a third' 1/3); the English ordinal
# words are fractions only after a number or an article ('the third round' states none).
WHOLE_FRACTIONS = {"da": {"halvdelen": Fraction(1, 2), "halvdel": Fraction(1, 2), "halvdelene": Fraction(1, 2),
                          "halv": Fraction(1, 2), "halvt": Fraction(1, 2), "dobbelt": 2, "dobbelte": 2},
                   "en": {"half": Fraction(1, 2), "halves": Fraction(1, 2), "twice": 2}}
DENOMINATORS = {"da": {"tredjedel": 3, "fjerdedel": 4, "femtedel": 5, "sjettedel": 6, "tiendedel": 10,
                       "kvart": 4, "kvarte": 4},
                "en": {"third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "tenth": 10}}
DENOMINATOR_ALONE = ("da",)  # 'tredjedel' alone is a third; 'third' alone is an ordinal
SPOKEN_ARTICLES = {"da": ("en", "et"), "en": ("a", "an", "one")}
# A number as a text may write it: a fraction, digits with marks between them ('825.080', '1,234.5'), or a word.
# A Danish compound of a number and years ('femårige', 'toårig'), which states the number.
DANISH_YEARS = re.compile(r"(to|tre|fire|fem|seks|syv|otte|ni|ti)års?", re.IGNORECASE)
# A vulgar fraction ('¾', '1½': red team 8, finding 2) is the number it states, in either language.
VULGAR_FRACTIONS = "¼½¾" + "".join(chr(code) for code in range(0x2150, 0x215F)) + "\u2189"
VULGAR = "[0-9]*[" + VULGAR_FRACTIONS + "]"
NUMBER_TOKEN = re.compile(VULGAR + r"|[0-9]+/[1-9][0-9]*|[0-9]+(?:[.,][0-9]+)*|(?<!\w)[^\W\d_]+(?!\w)")


def vulgar_number(text: str) -> Fraction:
    """The number a vulgar fraction states, with the whole number before it: '¾' 3/4, '1½' 3/2."""
    whole = int(text[:-1]) if len(text) > 1 else 0
    return whole + Fraction(unicodedata.numeric(text[-1])).limit_denominator(10)


def _word_kind(word: str, lang: str) -> tuple[str, Fraction] | None:
    """What a word is in a number: ('n', a number), ('m', a multiplier: 'hundred'), ('d', a denominator: 'third'),
    ('f', a whole fraction: 'half'), ('a', an article that is 1 before a multiplier or denominator), ('u', None: a count
    it does not state, 'dozens'); None: no number."""
    if word in SPOKEN_ARTICLES[lang]:
        return "a", Fraction(1)
    if lang == "da":
        compound, years = DANISH_COMPOUND.fullmatch(word), DANISH_YEARS.match(word)
        number = (NUMBER_WORDS.get(word) or DANISH_TEENS.get(word) or DANISH_TENS.get(word)
                  or (NUMBER_WORDS[compound.group(1)] + DANISH_TENS[compound.group(2)] if compound else None)
                  or (NUMBER_WORDS[years.group(1)] if years else None))
    else:
        number = ENGLISH_NUMBER_WORDS.get(word) or ENGLISH_TEENS.get(word) or ENGLISH_TENS.get(word)
    if number:
        return "n", Fraction(number)
    if word in MULTIPLIERS[lang]:
        return "m", Fraction(MULTIPLIERS[lang][word])
    if word in UNSTATED_COUNTS[lang]:
        return "u", None
    if word in WHOLE_FRACTIONS[lang]:
        return "f", Fraction(WHOLE_FRACTIONS[lang][word])
    stem = re.sub(r"(?:e|en|ene|s)$", "", word) if lang == "da" else re.sub(r"s$", "", word)
    for candidate in (word, stem):
        if candidate in DENOMINATORS[lang]:
            return "d", Fraction(DENOMINATORS[lang][candidate])
    return None


# The hyphens a compound number is written with: '-', and Unicode's hyphen and non-breaking hyphen ('eighty\u2011one',
# which a word processor writes so the number is not broken over two lines: read as 'eighty' alone, the message named
# only 'eighty' of it; red team 8, finding 2).
HYPHENS = "[-\u2010\u2011]"


def _joins(previous: tuple[str, Fraction], kind: tuple[str, Fraction], gap: str, word: bool) -> bool:
    """Whether a number word continues the number before it: 'to hundrede', 'two hundred and fifty', 'seventy-nine',
    'a third', '5 tusind'."""
    if re.fullmatch(r"\s+(?:og|and)\s+", gap):
        return previous[0] == "m" and kind[0] == "n"
    if not re.fullmatch(r"\s+|" + HYPHENS, gap):
        return False
    if kind[0] in ("m", "d"):
        return previous[0] in ("n", "a", "m")
    tens = word and previous[0] == "n" and previous[1] in ENGLISH_TENS.values()
    return kind[0] == "n" and (previous[0] == "m" or (tens and kind[1] < 10))


def _phrase_value(kinds: list[tuple[str, Fraction]]) -> Fraction | None:
    """The number a run of number words states ('two hundred and fifty' 250, 'two thirds' 2/3)."""
    total, current = Fraction(0), Fraction(0)
    for kind, value in kinds:
        if value is None:
            return None
        if kind == "m":
            current = (current or 1) * value
            if value >= 1000:
                total, current = total + current, Fraction(0)
        elif kind == "d":
            return (total + (current or 1)) / value
        else:
            current += value
    return total + current


def numbers_in(text: str, lang: str, articles: bool = False) -> list[tuple[str, Fraction | None]]:
    """Every number a text writes (see _numbers_in); kept per text, as validate reads the same texts at every run."""
    return list(_numbers_in(text, lang, articles))


@functools.lru_cache(maxsize=65536)
def _numbers_in(text: str, lang: str, articles: bool) -> tuple[tuple[str, Fraction | None], ...]:
    """Every number a text writes, (as written, the number it states) in its order, read as `lang` writes numbers
    ('da': danish_number, 'en': english_number); digits it cannot read as that language writes them come with None.
    Words are numbers only if they are number words, fractions ('halvdelen', 'a third') or multiples ('twice'); a
    run of them is one number ('to hundrede og halvtreds', 'seventy-nine'). 'en', 'et' (and 'one', 'a') alone are
    numbers only with `articles` (in a quote, where reading more numbers is lenient)."""
    runs = []  # [start, end, [kinds]]
    for match in NUMBER_TOKEN.finditer(text):
        token = match.group()
        is_word = not token[0].isdigit() and token[-1] not in VULGAR_FRACTIONS
        if token[-1] in VULGAR_FRACTIONS:
            kind = ("n", vulgar_number(token))
        elif is_word:
            kind = _word_kind(token.lower(), lang)
        else:
            kind = ("n", danish_number(token) if lang == "da" else english_number(token))
        if kind is None:
            continue
        last = runs[-1] if runs else None
        # 'one' is a number, not an article, after a tens word or a multiplier: 'eighty-one' 81 (red team 8, finding 2)
        joined = ("n", Fraction(1)) if is_word and token.lower() == "one" else kind
        if last and last[2][-1][0] not in ("d", "f", "u") and _joins(last[2][-1], joined, text[last[1]:match.start()], is_word):
            last[1], last[2] = match.end(), last[2] + [joined]
        else:
            runs.append([match.start(), match.end(), [kind]])
    found = []
    for start, end, kinds in runs:
        if [kind for kind, _ in kinds] == ["a"]:
            word = text[start:end].lower()
            if not (articles and lang == "da" and word in ARTICLES):
                continue
        if kinds[0][0] == "d" and lang not in DENOMINATOR_ALONE or _no_count(text, start, end, kinds):
            continue
        found.append((text[start:end], _phrase_value(kinds)))
    return tuple(found)


def _no_count(text: str, start: int, end: int, kinds: list) -> bool:
    """A run of words that states no count although its words can: 'score' with no number before it ('the score'),
    'scores' not before 'of' ('the scores were')."""
    word = text[start:end].lower()
    return ((kinds[0][0] == "m" and word.startswith(COUNT_AFTER))
            or (word == "scores" and not re.match(r"\s+of(?!\w)", text[end:])))


# An http(s) address: a host DNS can hold (labels of 1-63 letters, digits and '-', not first or last; at most 253
# characters in all), a port that exists, then a path, query or fragment of the characters an address has.
URL_CHARS = r"[A-Za-z0-9._~!$&+,;=:@%/?#-]"
MAX_LABEL, MAX_HOST, MAX_PORT = 63, 253, 65535
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
ABSOLUTE_URL = re.compile(r"https?://(" + _LABEL + r"(?:\." + _LABEL + r")+)(?::([0-9]{1,5}))?"  # host, port
                          r"(?:[/?#]" + URL_CHARS + "*)?")


def is_absolute_url(value) -> bool:
    """An http(s) address with a host DNS can hold and a port that exists."""
    found = ABSOLUTE_URL.fullmatch(value) if isinstance(value, str) else None
    if not found:
        return False
    host, port = found.groups()
    return len(host) <= MAX_HOST and (port is None or 0 < int(port) <= MAX_PORT)


def is_base_address(value) -> bool:
    """An address the build puts paths after ('https://x.dk/' + 'data/'): https, a host, a path ending in '/', and no
    query or fragment (a path put after '?' or '#' is no path: '…/#top/' + 'data/' is the homepage again, and an IRI
    with two '#' is no IRI)."""
    return (is_absolute_url(value) and value.startswith("https://") and value.endswith("/")
            and "?" not in value and "#" not in value)


def version_key(version: str) -> tuple[int, ...]:
    """A version X.Y.Z as numbers, so that 1.10.0 sorts after 1.9.0."""
    return tuple(int(part) for part in version.split("."))


def figure_anchor(table: str, figure_key: str) -> str:
    """A sourced figure's id on the sources page: 'key_figures', 'reported_expenditure' -> key-figures-reported-expenditure."""
    return f"{table}-{figure_key}".replace("_", "-")


def printable(text: str, limit: int | None = None) -> str:
    """Text as a message may print it, by excerpt()'s one rule (every character that does not print written as
    \\x.., \\u.... or \\U........, so a line break in a file name cannot start a line of its own and a direction
    override cannot turn the line around); at most `limit` characters (then '…'), or all of it."""
    text = "" if text is None else str(text)
    return excerpt(text, len(text) if limit is None else limit)


def shown_path(path) -> str:
    """A path given on the command line as a message prints it: whole, with its control characters visible."""
    return printable(str(path))


def yaml_loader():
    """PyYAML's safe loader, in C where PyYAML has libyaml (its wheels do): the same documents, read several times
    faster (the language files are read by every command and every validate)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


YAML_TAG = "tag:yaml.org,2002:"


@functools.cache
def plain_yaml_loader():
    """yaml_loader() building only what YAML 1.2's core schema builds: mappings, lists, texts, numbers, booleans and
    null. A date or a time is the text it is (PyYAML builds a datetime, and raises ValueError on 2026-02-30), `<<`
    and `=` are keys like any other (no merging), and a tag that would build anything else (!!binary, !!set, !!omap,
    !!pairs, a tag of its own) is a ConstructorError; a key given twice in one mapping is a KeyTwice (PyYAML keeps
    the last silently), and a number too long for int() a ConstructorError. So only yaml.YAMLError is raised."""
    import yaml

    base = yaml_loader()

    class KeyTwice(yaml.constructor.ConstructorError):
        """`key` stands at problem_mark and already at line `first` (counted from 1) of the same mapping."""

        def __init__(self, key, first: int, mark):
            super().__init__(None, None, f"found the key {key!r} twice", mark)
            self.key, self.first = key, first

    class PlainLoader(base):
        yaml_constructors = {tag: make for tag, make in base.yaml_constructors.items()
                             if tag in {YAML_TAG + kind for kind in ("null", "bool", "int", "float", "str", "seq",
                                                                     "map")} or tag is None}

        def flatten_mapping(self, node):
            pass  # `<<` is a key, not a merge

        def construct_mapping(self, node, deep=False):
            seen = {}
            for key_node, _ in node.value if isinstance(node, yaml.MappingNode) else []:
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, (str, int, float, bool)) or key is None:
                    if key in seen:
                        raise KeyTwice(key, seen[key], key_node.start_mark)
                    seen[key] = key_node.start_mark.line + 1
            return super().construct_mapping(node, deep=deep)

        def construct_yaml_int(self, node):
            try:
                return super().construct_yaml_int(node)
            except ValueError as err:  # more digits than int() reads (sys.get_int_max_str_digits)
                raise yaml.constructor.ConstructorError(None, None, str(err), node.start_mark) from None

    for kind in ("timestamp", "merge", "value"):
        PlainLoader.add_constructor(YAML_TAG + kind, PlainLoader.construct_yaml_str)
    PlainLoader.add_constructor(YAML_TAG + "int", PlainLoader.construct_yaml_int)
    PlainLoader.KeyTwice = KeyTwice
    return PlainLoader
